"""Score texts: language, sentiment (label and score), keywords and topic, one batch at a time.

Texts repeat (reposts, templated complaints), so each batch scores its distinct texts once and maps the
results back. Chinese sentiment comes from the model in ``sentiment_zh``; English from VADER.
"""

import re
from pathlib import Path

import numpy as np
import polars as pl
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

from pipelines.text import sentiment_zh
from pipelines.text.keywords import chinese_keywords, english_keywords
from pipelines.text.language import detect_language
from pipelines.text.topics import TopicKeyword, TopicMatcher

# Bump when scoring changes: rows scored by another version are scored again.
SCORER_VERSION = f"2-{sentiment_zh.MODEL_SPEC}"
# Sentiment score in [-1, 1]: 2 * P(positive) - 1 for Chinese, VADER's compound score for English.
# Scores within NEUTRAL_BAND of 0 are neutral (VADER's own cut-off is 0.05; the Chinese model's
# probabilities are less sharp, so its band is wider).
NEUTRAL_BAND = {"zh": 0.2, "en": 0.05}
# The Chinese model was trained on reviews, which are never plain questions: it reads "什么时候发货？"
# as negative. A Chinese question without any phrase of the polarity list is neutral (single characters
# of the list such as 快 or 好 are left out here: they are part of neutral words like 快递).
CHINESE_QUESTION = r"[？?]|[吗呢]$|[吗呢][，。！!\s]"
# Shopping words VADER's general lexicon lacks (valence on VADER's -4..4 scale).
ENGLISH_DOMAIN_VALENCE = {
    "slow": -1.5, "expensive": -1.5, "overpriced": -2.0, "crashing": -2.0, "crashes": -2.0,
    "defective": -2.0, "scratched": -1.5, "crushed": -1.5,
}


class TextScorer:
    def __init__(self, topic_keywords: list[TopicKeyword], model_cache_dir: Path | None = None):
        self.topics = TopicMatcher(topic_keywords)
        self._zh_model = sentiment_zh.load_or_train(model_cache_dir)
        self._vader = SentimentIntensityAnalyzer()
        self._vader.lexicon.update(ENGLISH_DOMAIN_VALENCE)
        self._polar_zh = "|".join(
            re.escape(phrase) for _, phrase in sentiment_zh.polarity_words() if len(phrase) >= 2
        )

    def score(self, texts: pl.Series) -> pl.DataFrame:
        """One row per text, in the order of ``texts``: language, sentiment, sentiment_score, keywords, topic."""
        texts = texts.cast(pl.Utf8).fill_null("").alias("text")
        distinct = texts.unique(maintain_order=True)
        scored = self._score_distinct(distinct)
        return (
            pl.DataFrame({"text": texts})
            .join(scored, on="text", how="left", maintain_order="left")
            .drop("text")
        )

    def _score_distinct(self, texts: pl.Series) -> pl.DataFrame:
        language = detect_language(texts)
        is_zh = (language == "zh").to_numpy()
        values = texts.to_list()
        zh_texts = [t for t, zh in zip(values, is_zh) if zh]
        en_texts = [t for t, zh in zip(values, is_zh) if not zh]

        score = np.empty(len(values))
        score[is_zh] = 2 * sentiment_zh.positive_probability(self._zh_model, zh_texts) - 1
        score[~is_zh] = [self._vader.polarity_scores(t)["compound"] for t in en_texts]
        band = np.where(is_zh, NEUTRAL_BAND["zh"], NEUTRAL_BAND["en"])
        sentiment = np.where(score >= band, "positive", np.where(score <= -band, "negative", "neutral"))
        sentiment = np.where(is_zh & self._plain_questions(texts), "neutral", sentiment)

        keywords_zh = iter([chinese_keywords(t) for t in zh_texts])
        keywords_en = iter([english_keywords(t) for t in en_texts])
        keywords = [next(keywords_zh) if zh else next(keywords_en) for zh in is_zh]

        return pl.DataFrame(
            {
                "text": texts,
                "language": language,
                "sentiment": pl.Series(sentiment, dtype=pl.Utf8),
                "sentiment_score": np.round(score, 4),
                "keywords": pl.Series(keywords, dtype=pl.List(pl.Utf8)),
                "topic": self.topics.match(texts, language),
            }
        )

    def _plain_questions(self, texts: pl.Series) -> np.ndarray:
        frame = pl.DataFrame({"text": texts})
        return frame.select(
            pl.col("text").str.contains(CHINESE_QUESTION) & ~pl.col("text").str.contains(self._polar_zh)
        ).to_series().to_numpy()
