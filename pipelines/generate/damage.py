"""Deliberate contract damage, driven by the entity spec.

About ``rate`` of the rows of every file break the contract in exactly one way. Which kinds apply
follows from the spec (an entity without enum fields gets no unknown-enum damage), and the damaged
rows are spread evenly over those kinds. Values stay valid CSV / JSON, so the file always parses;
a duplicate is an exact copy of an undamaged row, placed later in the same file.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import polars as pl

from pipelines.generate.columns import blank, choose, draw, money, where
from pipelines.sources.base import EntitySpec, Field

KINDS = ("missing_key", "wrong_type", "out_of_range", "future_date", "unknown_enum", "duplicate")
TIME_TYPES = ("DATE", "TIMESTAMPTZ", "TIMESTAMP")

WRONG_TYPE_VALUES = {
    "integer": ("ten", "1.5x", "abc", "五"),
    "decimal": ("abc", "12,50元", "N.A.", "1.2.3"),
    "time": ("not a date", "2025-13-45 25:61:00", "n/a"),
}
UNKNOWN_VALUES = {
    "status": ("shipped?", "pending_review"),
    "platform": ("myspace", "facebook"),
    "channel": ("fax", "carrier_pigeon"),
    "kind": ("letter",),
    "category": ("weather",),
    "gender": ("X", "female"),
    "currency": ("BTC", "RMB"),
    "payment_method": ("barter",),
    "acquisition_channel": ("fax",),
    "member_tier": ("platinum",),
}
FUTURE_YEAR, FUTURE_LEAP_YEAR = "2099", "2096"  # 29 February needs a leap year


@dataclass
class Damaged:
    frame: pl.DataFrame  # the rows to write, duplicates included
    counts: dict[str, int]  # rows per damage kind
    damaged: np.ndarray  # per original row: was it damaged in place


def candidates(spec: EntitySpec, kind: str) -> tuple[Field, ...]:
    """Fields of ``spec`` that can carry damage of ``kind`` (empty: the kind does not apply)."""
    fields = spec.fields
    if kind == "missing_key":
        return tuple(f for f in fields if f.name in spec.key)
    if kind == "wrong_type":
        return tuple(f for f in fields if f.dtype != "VARCHAR")
    if kind == "out_of_range":
        return tuple(f for f in fields if f.min_value is not None or f.max_value is not None)
    if kind == "future_date":
        return tuple(f for f in fields if f.not_future)
    if kind == "unknown_enum":
        return tuple(f for f in fields if f.allowed)
    return fields  # duplicate: the whole row


def applicable_kinds(spec: EntitySpec) -> tuple[str, ...]:
    return tuple(k for k in KINDS if candidates(spec, k))


def damage(rng: np.random.Generator, frame: pl.DataFrame, spec: EntitySpec, rate: float) -> Damaged:
    """Damage about ``rate`` of the rows of one file (text columns, null for empty)."""
    n = frame.height
    kinds = applicable_kinds(spec)
    counts = dict.fromkeys(kinds, 0)
    total = min(int(np.floor(rate * n + rng.random())), n // 2)
    if total == 0:
        return Damaged(frame, counts, np.zeros(n, dtype=bool))
    # Even spread over the kinds, starting at a random kind so small files do not always get the same ones.
    kind_of = rng.permutation((np.arange(total) + rng.integers(len(kinds))) % len(kinds))
    rows = rng.choice(n, size=total, replace=False)
    columns = {name: frame[name] for name in frame.columns}
    for code, kind in enumerate(kinds):
        counts[kind] = int((kind_of == code).sum())
        if kind != "duplicate":
            _damage_in_place(rng, columns, spec, kind, rows[kind_of == code])
    damaged_frame = pl.DataFrame(columns)

    damaged = np.zeros(n, dtype=bool)
    in_place = kind_of != kinds.index("duplicate")
    damaged[rows[in_place]] = True
    sources = np.sort(rows[~in_place])
    if sources.size == 0:
        return Damaged(damaged_frame, counts, damaged)
    # Copies land after their original: sort originals at 2i, a copy of row i at 2j + 1 for some j >= i.
    position = np.concatenate([2 * np.arange(n), 2 * rng.integers(sources, n) + 1])
    with_copies = pl.concat([damaged_frame, damaged_frame[sources]])
    return Damaged(with_copies[np.argsort(position, kind="stable")], counts, damaged)


def _damage_in_place(rng: np.random.Generator, columns: dict[str, pl.Series], spec: EntitySpec, kind: str,
                     rows: np.ndarray) -> None:
    # A column the generator leaves empty throughout (a field its source does not export) is not damaged.
    fields = tuple(f for f in candidates(spec, kind) if columns[f.name].null_count() < columns[f.name].len())
    # Prefer a field that holds a value in this row: a wrong type in an empty column is less telling.
    filled = np.stack([columns[f.name].gather(rows).is_not_null().to_numpy() for f in fields], axis=1)
    choice = np.argmax(rng.random(filled.shape) + filled, axis=1)
    for code, f in enumerate(fields):
        target = rows[choice == code]
        if target.size == 0:
            continue
        original = columns[f.name].gather(target)
        columns[f.name] = columns[f.name].scatter(target, _bad_values(rng, kind, f, original))


def _bad_values(rng: np.random.Generator, kind: str, f: Field, original: pl.Series) -> pl.Series:
    k = original.len()
    if kind == "missing_key":
        # Some exports write an empty string, others leave the value out.
        return where(rng.random(k) < 0.5, blank(k))
    if kind == "wrong_type":
        family = "time" if f.dtype in TIME_TYPES else "decimal" if f.dtype.startswith("DECIMAL") else "integer"
        return draw(rng, WRONG_TYPE_VALUES[family], k)
    if kind == "future_date":
        year = pl.Series(np.where(original.str.slice(4, 6).to_numpy() == "-02-29", FUTURE_LEAP_YEAR, FUTURE_YEAR), dtype=pl.Utf8)
        return year + original.str.slice(4)
    if kind == "unknown_enum":
        return draw(rng, UNKNOWN_VALUES.get(f.name, ("???",)), k)
    return _out_of_range(rng, f, original)


def _out_of_range(rng: np.random.Generator, f: Field, original: pl.Series) -> pl.Series:
    k = original.len()
    if f.dtype.startswith("DECIMAL"):
        # Negative amounts: the original value with a minus sign when there is one above zero.
        positive = (original.cast(pl.Float64, strict=False) > 0).fill_null(False).to_numpy()
        return choose(positive, "-" + original, "-" + money(rng.integers(100, 100_000, size=k)))
    above = np.full(k, f.max_value is not None)
    if f.max_value is not None and f.min_value is not None and f.min_value > 0:
        above = rng.random(k) < 0.7  # satisfaction 7 as well as csat 0
    high = (f.max_value or 0) + rng.integers(1, 3, size=k)
    low = (f.min_value or 0) - rng.integers(1, 5, size=k)
    return pl.Series(np.where(above, high, low).astype(np.int64)).cast(pl.Utf8)
