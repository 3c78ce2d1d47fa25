"""Small helpers that turn numpy arrays into the text columns of the landing files, and categorical draws."""

from __future__ import annotations

import numpy as np
import polars as pl


def labels(values: tuple[str, ...] | list[str], codes: np.ndarray) -> pl.Series:
    """The label of each code."""
    return pl.Series(values, dtype=pl.Utf8).gather(np.asarray(codes, dtype=np.int64))


def draw(rng: np.random.Generator, values: tuple[str, ...], n: int) -> pl.Series:
    """``n`` values picked uniformly."""
    return labels(values, rng.integers(len(values), size=n))


def where(mask: np.ndarray, values: pl.Series) -> pl.Series:
    """``values`` where ``mask``, else null."""
    return pl.select(pl.when(pl.Series(mask)).then(values).otherwise(None)).to_series().alias(values.name)


def choose(mask: np.ndarray, when_true: pl.Series, when_false: pl.Series) -> pl.Series:
    return pl.select(pl.when(pl.Series(mask)).then(when_true).otherwise(when_false)).to_series()


def blank(n: int) -> pl.Series:
    """``n`` empty strings."""
    return pl.repeat("", n, dtype=pl.Utf8, eager=True)


def integers(values: np.ndarray) -> pl.Series:
    return pl.Series(np.asarray(values, dtype=np.int64)).cast(pl.Utf8)


def money(cents: np.ndarray) -> pl.Series:
    """Integer cents as a decimal with two places: 12345 -> '123.45' (exact, no float rounding)."""
    cents = np.asarray(cents, dtype=np.int64)
    units = pl.Series(cents // 100).cast(pl.Utf8)
    return units + "." + pl.Series(cents % 100).cast(pl.Utf8).str.zfill(2)


def weights(values) -> np.ndarray:
    w = np.asarray(values, dtype=np.float64)
    return w / w.sum()


def categorical(rng: np.random.Generator, probabilities: np.ndarray) -> np.ndarray:
    """One draw per row from that row's (unnormalised) probability vector."""
    cumulative = np.cumsum(probabilities, axis=1)
    u = rng.random(probabilities.shape[0]) * cumulative[:, -1]
    return np.minimum((u[:, None] >= cumulative).sum(axis=1), probabilities.shape[1] - 1)
