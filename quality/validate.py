"""Run a Great Expectations suite on a frame and keep results that are safe to store and show.

GX reports sample failing values (partial_unexpected_list). Those can be phone numbers or e-mail
addresses, so only counts, shares and aggregate observations are kept: results go to the warehouse,
asset metadata and the dashboards, and none of them may carry personal data.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import cache

import pandas as pd

from quality.suites import Suite

os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")


@dataclass(frozen=True)
class Outcome:
    suite: str
    expectation: str
    column: str | None
    success: bool
    observed: str  # a number or a share, never a sampled value
    element_count: int | None
    unexpected_count: int | None


@cache
def _batch_definition():
    import great_expectations as gx
    from great_expectations.data_context.types.base import ProgressBarsConfig

    context = gx.get_context(mode="ephemeral")
    context.variables.progress_bars = ProgressBarsConfig(globally=False)
    asset = context.data_sources.add_pandas("frames").add_dataframe_asset("frame")
    return asset.add_batch_definition_whole_dataframe("whole")


def _observed(result: dict) -> str:
    if "observed_value" in result:
        value = result["observed_value"]
        return f"{value:.4g}" if isinstance(value, float) else str(value) if not isinstance(value, (list, dict)) else "n/a"
    if "unexpected_percent" in result and result["unexpected_percent"] is not None:
        return f"{result['unexpected_percent']:.3f}% unexpected"
    return ""


def validate_frame(frame: pd.DataFrame, suite: Suite) -> list[Outcome]:
    import great_expectations as gx

    batch = _batch_definition().get_batch(batch_parameters={"dataframe": frame})
    validation = batch.validate(gx.ExpectationSuite(name=suite.name, expectations=list(suite.expectations)))
    outcomes = []
    for item in validation.results:
        config = item.expectation_config
        result = dict(item.result or {})
        column = config.kwargs.get("column") or ",".join(config.kwargs.get("column_list", []) or []) or None
        outcomes.append(
            Outcome(
                suite=suite.name,
                expectation=config.type,
                column=column,
                success=bool(item.success),
                observed=_observed(result),
                element_count=result.get("element_count"),
                unexpected_count=result.get("unexpected_count"),
            )
        )
    return outcomes
