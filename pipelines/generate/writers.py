"""Write one part file of an entity: CSV with a header, or JSON Lines, UTF-8, atomically.

Frames arrive as text columns (null = empty). In JSON Lines, numeric fields are written as JSON numbers
when the text is a number and as JSON strings otherwise, which is how wrong-type damage shows up.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import polars as pl

from pipelines.sources.base import EntitySpec

NUMERIC_PREFIXES = ("TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT", "DECIMAL", "DOUBLE", "FLOAT")
JSON_NUMBER = r"^-?(0|[1-9][0-9]*)(\.[0-9]+)?$"


def part_name(spec: EntitySpec, part: int) -> str:
    return f"{spec.entity}_{part:05d}.{spec.file_format}"


def part_pattern(spec: EntitySpec) -> re.Pattern[str]:
    """Names of the part files this generator writes for ``spec``."""
    return re.compile(rf"{re.escape(spec.entity)}_\d{{5}}\.{re.escape(spec.file_format)}")


def remove_parts(spec: EntitySpec, landing_root: Path) -> None:
    """Remove part files of an earlier run, which a smaller run would otherwise leave behind."""
    folder = spec.landing_dir(landing_root)
    if folder.is_dir():
        pattern = part_pattern(spec)
        for path in folder.iterdir():
            if path.is_file() and pattern.fullmatch(path.name):
                path.unlink()


def write_part(frame: pl.DataFrame, spec: EntitySpec, landing_root: Path, part: int) -> Path:
    """Write ``frame`` as part ``part`` of ``spec``'s landing folder; returns the file's path."""
    folder = spec.landing_dir(landing_root)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / part_name(spec, part)
    # A half-written file never carries the entity's extension, so a loader cannot pick it up early.
    temporary = path.with_name(path.name + ".tmp")
    with temporary.open("wb") as handle:
        if spec.file_format == "csv":
            frame.select(spec.field_names).write_csv(handle, include_header=True, line_terminator="\n")
        else:
            json_lines(frame, spec).to_frame().write_csv(handle, include_header=False, quote_style="never",
                                                         line_terminator="\n")
    os.replace(temporary, path)
    return path


def json_lines(frame: pl.DataFrame, spec: EntitySpec) -> pl.Series:
    """One JSON object per row, fields in spec order, non-ASCII text unescaped."""
    parts: list[pl.Expr] = []
    for position, f in enumerate(spec.fields):
        parts.append(pl.lit(("{" if position == 0 else ",") + f'"{f.name}":'))
        parts.append(_json_value(f.name, f.dtype.startswith(NUMERIC_PREFIXES)))
    parts.append(pl.lit("}"))
    return frame.select(pl.concat_str(parts).alias("line")).to_series()


def _json_value(name: str, numeric: bool) -> pl.Expr:
    column = pl.col(name)
    # Polars' JSON encoder does the escaping; strip the wrapping object it needs.
    quoted = pl.struct(column.alias("v")).struct.json_encode().str.strip_prefix('{"v":').str.strip_suffix("}")
    if not numeric:
        return quoted
    return pl.when(column.str.contains(JSON_NUMBER)).then(column).otherwise(quoted)
