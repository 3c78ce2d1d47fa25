"""Keywords of a text: jieba's TF-IDF tags for Chinese, stop-worded word counts for English.

Each language also has a stop-word list of its own in this folder (stopwords_zh.txt, stopwords_en.txt):
the brand's names and filler words that would otherwise lead every keyword chart.
"""

import logging
import re
from collections import Counter
from functools import cache
from pathlib import Path

import jieba
import jieba.analyse
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

KEYWORDS_PER_TEXT = 5
ENGLISH_WORD = re.compile(r"[a-z][a-z'-]+")
MIN_ENGLISH_WORD_LENGTH = 3

STOP_WORD_FILES = {"zh": Path(__file__).with_name("stopwords_zh.txt"), "en": Path(__file__).with_name("stopwords_en.txt")}

jieba.setLogLevel(logging.WARNING)


@cache
def stop_words(language: str) -> frozenset[str]:
    """The words of ``language``'s stop-word file (comments and blank lines left out)."""
    lines = STOP_WORD_FILES[language].read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip() for line in lines if line.strip() and not line.startswith("#"))


def chinese_keywords(text: str, top: int = KEYWORDS_PER_TEXT) -> list[str]:
    """jieba's TF-IDF keywords (its packaged IDF table and stop words, and ours), most characteristic first."""
    ours = stop_words("zh")
    tags = jieba.analyse.extract_tags(text, topK=top + len(ours))
    return [tag for tag in tags if tag not in ours][:top]


def english_keywords(text: str, top: int = KEYWORDS_PER_TEXT) -> list[str]:
    """The most frequent non-stop words of at least three letters, ties in order of appearance."""
    words = [
        word.strip("'-")
        for word in ENGLISH_WORD.findall(text.lower())
    ]
    counts = Counter(
        word for word in words
        if len(word) >= MIN_ENGLISH_WORD_LENGTH and word not in ENGLISH_STOP_WORDS and word not in stop_words("en")
    )
    return [word for word, _ in counts.most_common(top)]
