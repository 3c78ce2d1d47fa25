"""Identifiers of people and the many ways the same phone, e-mail or handle gets written down.

Numbers behind ids, phones, e-mails and handles come from ``scramble``, a bijection on
[0, 10**digits): distinct people get distinct values that look random, with no lookup table, so chunks
can be generated independently and still never collide.

Index spaces (person numbers are global, 0-based): people [0, DUPLICATE_OFFSET), second CRM accounts
of the same person DUPLICATE_OFFSET + person, strangers (prospects, anonymous posters) from
STRANGER_OFFSET on.
"""

from __future__ import annotations

import numpy as np
import polars as pl

from pipelines.generate.vocab import MOBILE_PREFIXES

DUPLICATE_OFFSET = 50_000_000
STRANGER_OFFSET = 70_000_000
STRANGERS_PER_CHUNK = 100_000
# Strangers of a chunk: contacts of the service desk, then anonymous social media authors.
SERVICE_STRANGERS, SOCIAL_STRANGERS = 0, 1

_FULL_WIDTH = [chr(ord("０") + d) for d in range(10)]


def scramble(index: np.ndarray, salt: int, digits: int = 8) -> np.ndarray:
    """A bijection on [0, 10**digits), different per ``salt``; multiplier coprime to 10."""
    modulus = 10**digits
    multiplier = (7_919_993 + 2 * 10 * salt) % modulus  # ends in 3: coprime to 2 and 5
    return (np.asarray(index, dtype=np.int64) * multiplier + 12_345_679 * (salt + 1)) % modulus


def padded(numbers: np.ndarray, width: int) -> pl.Series:
    return pl.Series(numbers.astype(np.int64)).cast(pl.Utf8).str.zfill(width)


def strangers(chunk_no: int, group: int, number: np.ndarray) -> np.ndarray:
    """Index of the ``number``-th stranger of a group in a chunk, distinct from every other index."""
    per_group = STRANGERS_PER_CHUNK // 2
    if number.size and int(number.max()) >= per_group:
        raise ValueError(f"more than {per_group} strangers of one kind in a chunk")
    return STRANGER_OFFSET + (chunk_no - 1) * STRANGERS_PER_CHUNK + group * per_group + number


def customer_ids(account: np.ndarray) -> pl.Series:
    return "C" + padded(scramble(account, salt=1), 8)


def mobile_numbers(index: np.ndarray) -> pl.Series:
    """11-digit mainland mobile numbers, one per index, all distinct."""
    prefixes = pl.Series(MOBILE_PREFIXES, dtype=pl.Utf8).gather(np.asarray(index) % len(MOBILE_PREFIXES))
    return prefixes + padded(scramble(index, salt=2), 8)


def present_phones(rng: np.random.Generator, phones: pl.Series, clean_share: float) -> pl.Series:
    """Phones as people type them: '+86 138 1234 5678', '138-1234-5678', full-width digits, ..."""
    style = pl.Series(rng.choice(7, size=phones.len(), p=_style_weights(clean_share, 6)))
    p = pl.col("p")
    a, b, c = p.str.slice(0, 3), p.str.slice(3, 4), p.str.slice(7, 4)
    expr = (
        pl.when(pl.col("s") == 1).then(pl.concat_str([pl.lit("+86 "), a, pl.lit(" "), b, pl.lit(" "), c]))
        .when(pl.col("s") == 2).then(pl.concat_str([a, pl.lit("-"), b, pl.lit("-"), c]))
        .when(pl.col("s") == 3).then(pl.lit("0086 ") + p)
        .when(pl.col("s") == 4).then(p.str.replace_many([str(d) for d in range(10)], _FULL_WIDTH))
        .when(pl.col("s") == 5).then(pl.lit("+86") + p)
        .when(pl.col("s") == 6).then(pl.concat_str([a, pl.lit(" "), b, pl.lit(" "), c]))
        .otherwise(p)
    )
    return pl.DataFrame({"p": phones, "s": style}).select(expr.alias(phones.name)).to_series()


def present_emails(rng: np.random.Generator, emails: pl.Series, clean_share: float) -> pl.Series:
    """E-mails as typed: upper case somewhere, stray spaces around."""
    style = pl.Series(rng.choice(5, size=emails.len(), p=_style_weights(clean_share, 4)))
    e = pl.col("e")
    local, domain = e.str.extract(r"^([^@]*)@", 1), e.str.extract(r"@(.*)$", 1)
    expr = (
        pl.when(pl.col("s") == 1).then(e.str.to_uppercase())
        .when(pl.col("s") == 2).then(e.str.to_titlecase())
        .when(pl.col("s") == 3).then(pl.concat_str([pl.lit(" "), e, pl.lit("  ")]))
        .when(pl.col("s") == 4).then(pl.concat_str([pl.lit(" "), local.str.to_uppercase(), pl.lit("@"), domain]))
        .otherwise(e)
    )
    return pl.DataFrame({"e": emails, "s": style}).select(expr.alias(emails.name)).to_series()


def _style_weights(clean_share: float, n_variants: int) -> np.ndarray:
    return np.array([clean_share] + [(1 - clean_share) / n_variants] * n_variants)
