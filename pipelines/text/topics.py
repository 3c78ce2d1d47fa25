"""Topic of a text from a seed of topic keywords (dbt seed topic_keywords), vectorised with polars.

Each topic has Chinese and English keywords. A Chinese keyword matches anywhere in the text; an
English one matches at the start of a word, case-insensitively ("deliver" finds "delivered"). The
topic with the most keyword hits wins; ties go to the topic with the lower priority number; a text
with no hit is 'other'.
"""

import csv
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import polars as pl

FALLBACK_TOPIC = "other"
# The dbt seed itself: read from the file, not the warehouse, so that scoring does not wait for dbt's seeds.
TOPIC_KEYWORDS_SEED = Path(__file__).resolve().parents[2] / "dbt_project" / "seeds" / "topic_keywords.csv"


@dataclass(frozen=True)
class TopicKeyword:
    topic: str
    priority: int
    language: str  # 'zh' or 'en'
    keyword: str


def read_topic_keywords(path: Path = TOPIC_KEYWORDS_SEED) -> list[TopicKeyword]:
    with path.open(encoding="utf-8", newline="") as seed:
        return [
            TopicKeyword(row["topic"], int(row["priority"]), row["language"], row["keyword"])
            for row in csv.DictReader(seed)
        ]


class TopicMatcher:
    def __init__(self, keywords: Iterable[TopicKeyword]):
        keywords = [k for k in keywords if k.topic != FALLBACK_TOPIC and k.keyword.strip()]
        priorities = {k.topic: k.priority for k in keywords}
        self.topics = sorted(priorities, key=lambda topic: (priorities[topic], topic))
        self._patterns = {
            (topic, language): self._pattern(
                [k.keyword.strip() for k in keywords if k.topic == topic and k.language == language], language
            )
            for topic in self.topics
            for language in ("zh", "en")
        }

    @staticmethod
    def _pattern(words: list[str], language: str) -> str | None:
        if not words:
            return None
        alternatives = "|".join(re.escape(word.lower()) for word in sorted(set(words), key=len, reverse=True))
        return f"(?:{alternatives})" if language == "zh" else rf"\b(?:{alternatives})"

    def match(self, texts: pl.Series, languages: pl.Series) -> pl.Series:
        """The topic of each text (languages: 'zh' / 'en' per text)."""
        if not self.topics:
            return pl.Series("topic", [FALLBACK_TOPIC] * len(texts), dtype=pl.Utf8)
        frame = pl.DataFrame({"text": texts.fill_null("").str.to_lowercase(), "language": languages})
        hits = frame.select(
            pl.when(pl.col("language") == "zh")
            .then(self._count(topic, "zh"))
            .otherwise(self._count(topic, "en"))
            .alias(topic)
            for topic in self.topics
        ).to_numpy()
        best = hits.argmax(axis=1)  # the first maximum: the topic with the lower priority number
        topic = np.array(self.topics, dtype=object)[best]
        return pl.Series("topic", np.where(hits.max(axis=1) > 0, topic, FALLBACK_TOPIC), dtype=pl.Utf8)

    def _count(self, topic: str, language: str) -> pl.Expr:
        pattern = self._patterns[(topic, language)]
        return pl.col("text").str.count_matches(pattern) if pattern else pl.lit(0, dtype=pl.UInt32)
