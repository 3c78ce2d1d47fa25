"""Write one landing file of an entity (a part file or a daily drop): CSV with a header, or JSON Lines,
UTF-8, atomically.

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


DAY_DROP_GLOB = "*_day[0-9][0-9][0-9][0-9].*"


def day_drop_name(spec: EntitySpec, day: int) -> str:
    """The file of a daily drop; it sorts after every part file, so the loader reads it after them."""
    return f"{spec.entity}_day{day:04d}.{spec.file_format}"


def generated_pattern(spec: EntitySpec) -> re.Pattern[str]:
    """Names of the files this generator writes for ``spec``: part files and daily drops."""
    return re.compile(rf"{re.escape(spec.entity)}_(\d{{5}}|day\d{{4}})\.{re.escape(spec.file_format)}")


def remove_generated(spec: EntitySpec, landing_root: Path) -> None:
    """Remove the files of an earlier run: a smaller run would leave part files behind, and daily drops
    belong to the data they were made on top of."""
    folder = spec.landing_dir(landing_root)
    if folder.is_dir():
        pattern = generated_pattern(spec)
        for path in folder.iterdir():
            if path.is_file() and pattern.fullmatch(path.name):
                path.unlink()


def write_part(frame: pl.DataFrame, spec: EntitySpec, landing_root: Path, part: int) -> Path:
    """Write ``frame`` as part ``part`` of ``spec``'s landing folder; returns the file's path."""
    return write_file(frame, spec, landing_root, part_name(spec, part))


def write_file(frame: pl.DataFrame, spec: EntitySpec, landing_root: Path, name: str) -> Path:
    """Write ``frame`` as file ``name`` of ``spec``'s landing folder; returns the file's path."""
    folder = spec.landing_dir(landing_root)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
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
