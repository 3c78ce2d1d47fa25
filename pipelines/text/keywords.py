"""Keywords of a text: jieba's TF-IDF tags for Chinese, stop-worded word counts for English."""

import logging
import re
from collections import Counter

import jieba
import jieba.analyse
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

KEYWORDS_PER_TEXT = 5
ENGLISH_WORD = re.compile(r"[a-z][a-z'-]+")
MIN_ENGLISH_WORD_LENGTH = 3

jieba.setLogLevel(logging.WARNING)


def chinese_keywords(text: str, top: int = KEYWORDS_PER_TEXT) -> list[str]:
    """jieba's TF-IDF keywords (its packaged IDF table and stop words), most characteristic first."""
    return jieba.analyse.extract_tags(text, topK=top)


def english_keywords(text: str, top: int = KEYWORDS_PER_TEXT) -> list[str]:
    """The most frequent non-stop words of at least three letters, ties in order of appearance."""
    words = [
        word.strip("'-")
        for word in ENGLISH_WORD.findall(text.lower())
    ]
    counts = Counter(
        word for word in words if len(word) >= MIN_ENGLISH_WORD_LENGTH and word not in ENGLISH_STOP_WORDS
    )
    return [word for word, _ in counts.most_common(top)]
