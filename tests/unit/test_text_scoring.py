"""The text scorer on hand-written Chinese and English sentences, and its incremental store."""

from __future__ import annotations

import duckdb
import polars as pl
import pytest

from pipelines.text.language import detect_language
from pipelines.text.scoring import TextScorer
from pipelines.text.store import score_new_texts
from pipelines.text.tables import SCORED_TEXTS
from pipelines.text.topics import TopicKeyword, TopicMatcher, read_topic_keywords


@pytest.fixture(scope="session")
def scorer() -> TextScorer:
    # Trains the Chinese model once per test session (a few seconds), in memory.
    return TextScorer(read_topic_keywords())


def _scores(scorer: TextScorer, texts: list[str]) -> list[dict]:
    return scorer.score(pl.Series(texts)).to_dicts()


def test_language_is_chinese_when_cjk_characters_dominate():
    texts = pl.Series(["星禾的T恤质量很好", "The Xinghe 外套 is nice", "快递太慢了！！", "Great support 👍", "👍👍", None])
    assert detect_language(texts).to_list() == ["zh", "en", "zh", "en", "en", "en"]


@pytest.mark.parametrize(
    ("text", "sentiment", "topic"),
    [
        ("这个耳机质量太差了，用了两天就坏了，再也不买了", "negative", "product_quality"),
        ("做工很扎实，品质在线，非常满意，推荐！", "positive", "product_quality"),
        ("快递慢死了，等了一周还没到，包裹还破损了", "negative", "delivery"),
        ("物流超快，昨天下单今天就到了，包装完好", "positive", "delivery"),
        ("刚买就降价，不给保价，太坑了", "negative", "price"),
        ("客服态度太差了，投诉了三次都没人理", "negative", "service_attitude"),
        ("客服很耐心，售后处理得很及时，点赞", "positive", "service_attitude"),
        ("请问什么时候发货？", "neutral", "delivery"),
        ("今天路过门店看了看", None, "other"),
    ],
)
def test_chinese_sentences(scorer, text, sentiment, topic):
    (score,) = _scores(scorer, [text])
    assert score["language"] == "zh"
    if sentiment:
        assert score["sentiment"] == sentiment, score
    assert score["topic"] == topic
    assert -1 <= score["sentiment_score"] <= 1


@pytest.mark.parametrize(
    ("text", "sentiment", "topic"),
    [
        ("The headphones broke after two days, terrible quality.", "negative", "product_quality"),
        ("Fast delivery, the package arrived today and it is great!", "positive", "delivery"),
        ("Way too expensive, the price went up again.", "negative", "price"),
        ("Customer service was rude and nobody replied.", "negative", "service_attitude"),
        ("Support was patient and helpful, thanks!", "positive", "service_attitude"),
        ("What are your store opening hours?", "neutral", "other"),
    ],
)
def test_english_sentences(scorer, text, sentiment, topic):
    (score,) = _scores(scorer, [text])
    assert score["language"] == "en"
    assert score["sentiment"] == sentiment, score
    assert score["topic"] == topic


def test_keywords_name_what_the_text_is_about(scorer):
    zh, en = _scores(scorer, ["耳机质量太差，耳机坏了", "The courier lost my parcel, the courier never called"])
    assert "耳机" in zh["keywords"] and len(zh["keywords"]) <= 5
    assert en["keywords"][0] == "courier" and "the" not in en["keywords"]


def test_brand_names_and_filler_words_are_no_keywords(scorer):
    zh, en = _scores(scorer, ["星禾的耳机质量太差，分享一下避雷日记", "Xinghe just lost my parcel again, xinghe got worse"])
    assert "星禾" not in zh["keywords"] and "分享" not in zh["keywords"] and "日记" not in zh["keywords"]
    assert "耳机" in zh["keywords"]
    assert "xinghe" not in en["keywords"] and "just" not in en["keywords"] and "parcel" in en["keywords"]


def test_batch_keeps_order_and_scores_repeats_alike(scorer):
    texts = ["太差了，退货！", "Great price, will buy again.", "太差了，退货！", "", None]
    scores = scorer.score(pl.Series(texts, dtype=pl.Utf8))
    assert scores.height == 5
    assert scores.row(0) == scores.row(2)
    assert scores["language"].to_list()[:2] == ["zh", "en"]


def test_topic_ties_go_to_the_lower_priority_and_english_matches_word_starts():
    matcher = TopicMatcher([
        TopicKeyword("delivery", 2, "en", "deliver"),
        TopicKeyword("price", 3, "en", "price"),
        TopicKeyword("delivery", 2, "zh", "快递"),
    ])
    texts = pl.Series(["Delivered late and the price is high", "undelivered", "快递", "nothing"])
    assert matcher.match(texts, pl.Series(["en", "en", "zh", "en"])).to_list() == ["delivery", "other", "delivery", "other"]


def test_scoring_is_incremental(scorer):
    mentions = next(s for s in SCORED_TEXTS if s.table == "mention_scores")
    with duckdb.connect() as con:
        con.execute("create schema staging")
        con.execute("create table staging.stg_social__mentions (mention_id varchar, mention_text varchar)")
        con.execute("insert into staging.stg_social__mentions values ('m1', '质量很好'), ('m2', 'Too slow'), ('m3', '  ')")
        first = score_new_texts(con, mentions, scorer)
        again = score_new_texts(con, mentions, scorer)
        con.execute("update staging.stg_social__mentions set mention_text = '质量太差了，退货' where mention_id = 'm1'")
        con.execute("insert into staging.stg_social__mentions values ('m4', '快递很快')")
        changed = score_new_texts(con, mentions, scorer)
        rows = dict(con.execute("select mention_id, sentiment from text.mention_scores").fetchall())
    assert (first.scored_rows, again.scored_rows, changed.scored_rows) == (2, 0, 2)
    assert rows == {"m1": "negative", "m2": "negative", "m4": "positive"}
