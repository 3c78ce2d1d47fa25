"""Sources. Each is one YAML declaration in pipelines/sources/declared/ (see declaration.py); adding a
source is adding a file there."""

from __future__ import annotations

from functools import cache

from pipelines.sources.base import EntitySpec, Field, RowRule
from pipelines.sources.declaration import load_declarations


@cache
def all_specs() -> tuple[EntitySpec, ...]:
    """Every entity spec of every declared source, in file-name order."""
    return load_declarations()


def spec_for(table: str) -> EntitySpec:
    """The spec whose raw table is ``table`` (for example ``orders__orders``)."""
    for spec in all_specs():
        if spec.table == table:
            return spec
    raise KeyError(f"no source entity {table!r}")


__all__ = ["EntitySpec", "Field", "RowRule", "all_specs", "spec_for"]
