"""Source contracts. Every module in this package defines ``SPECS``; adding a source is adding a module."""

from __future__ import annotations

import importlib
import pkgutil

from pipelines.sources.base import EntitySpec, Field, RowRule


def all_specs() -> tuple[EntitySpec, ...]:
    """Every entity spec of every source module in this package, in module order."""
    specs: list[EntitySpec] = []
    for module_info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        if module_info.name == "base":
            continue
        module = importlib.import_module(f"{__name__}.{module_info.name}")
        specs.extend(getattr(module, "SPECS", ()))
    return tuple(specs)


def spec_for(table: str) -> EntitySpec:
    """The spec whose raw table is ``table`` (for example ``orders__orders``)."""
    for spec in all_specs():
        if spec.table == table:
            return spec
    raise KeyError(f"no source entity {table!r}")


__all__ = ["EntitySpec", "Field", "RowRule", "all_specs", "spec_for"]
