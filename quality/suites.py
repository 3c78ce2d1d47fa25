"""Great Expectations suites: one per raw source entity (from its contract) and one per key mart.

The loader already enforces each contract row by row; the raw suites re-assert it on what actually
landed in raw (a second, independent implementation of the contract) and add table-level
expectations the row split cannot express: completeness of contact fields, key uniqueness within
a load, plausible value distributions. Mart suites guard what dashboards and reports show,
including that personal data there is masked.
"""

from __future__ import annotations

from dataclasses import dataclass

import great_expectations as gx

from pipelines.sources.base import EntitySpec

E = gx.expectations

# Completeness floors of the customer master's contact fields (share of rows with a value). Other
# sources legitimately carry only one way to reach the customer, so they have no floor.
CONTACT_COMPLETENESS = {"crm__customers": {"phone": 0.5, "email": 0.3}}

MASKED_PHONE = r"^(\d{3}\*{4}\d{4}|\*+\d{0,4})$"
MASKED_EMAIL = r"^[^@]?\*{3}@.+$"
RFM_SEGMENTS = [
    "Champions", "Loyal", "Potential loyalist", "New", "Promising", "Need attention",
    "About to sleep", "At risk", "Cannot lose them", "Hibernating", "Lost",
]


def _field_expectations(spec: EntitySpec) -> list:
    expectations: list = []
    for f in spec.fields:
        if f.required:
            expectations.append(E.ExpectColumnValuesToNotBeNull(column=f.name))
        if f.allowed:
            expectations.append(E.ExpectColumnValuesToBeInSet(column=f.name, value_set=list(f.allowed)))
        if f.min_value is not None or f.max_value is not None:
            expectations.append(
                E.ExpectColumnValuesToBeBetween(column=f.name, min_value=f.min_value, max_value=f.max_value)
            )
        floor = CONTACT_COMPLETENESS.get(spec.table, {}).get(f.name)
        if floor is not None:
            expectations.append(E.ExpectColumnProportionOfNonNullValuesToBeBetween(column=f.name, min_value=floor))
    return expectations


@dataclass(frozen=True)
class Suite:
    """A named list of expectations; the runner binds it to a GX context when it validates."""

    name: str
    expectations: tuple

    @property
    def columns(self) -> tuple[str, ...]:
        """The columns the expectations read, in first-use order: all a validation needs to load."""
        named: dict[str, None] = {}
        for expectation in self.expectations:
            kwargs = expectation.configuration.kwargs
            for column in (kwargs.get("column"), *(kwargs.get("column_list") or ())):
                if column:
                    named[column] = None
        return tuple(named)


def raw_suite(spec: EntitySpec) -> Suite:
    key = list(spec.key)
    key_unique = (
        E.ExpectColumnValuesToBeUnique(column=key[0]) if len(key) == 1 else E.ExpectCompoundColumnsToBeUnique(column_list=key)
    )
    return Suite(
        f"raw.{spec.table}",
        (
            E.ExpectTableColumnsToMatchSet(column_set=[*spec.field_names, "_load_id", "_source_file", "_loaded_at"]),
            key_unique,
            *_field_expectations(spec),
        ),
    )


def mart_suites() -> dict[str, Suite]:
    """Suites for the key marts, by table name; a mart missing from the warehouse is skipped by the runner."""
    definitions = {
        "customer_360": [
            E.ExpectColumnValuesToBeUnique(column="customer_id"),
            E.ExpectColumnValuesToNotBeNull(column="customer_id"),
            E.ExpectColumnValuesToMatchRegex(column="phone_masked", regex=MASKED_PHONE),
            E.ExpectColumnValuesToMatchRegex(column="email_masked", regex=MASKED_EMAIL),
            E.ExpectColumnValuesToBeBetween(column="lifetime_orders", min_value=0),
            E.ExpectColumnValuesToBeBetween(column="avg_order_value", min_value=0),
        ],
        "customer_rfm": [
            E.ExpectColumnValuesToBeUnique(column="customer_id"),
            *(E.ExpectColumnValuesToBeBetween(column=c, min_value=1, max_value=5) for c in ("r_score", "f_score", "m_score")),
            E.ExpectColumnValuesToBeInSet(column="segment", value_set=RFM_SEGMENTS),
            E.ExpectColumnValuesToBeBetween(column="frequency", min_value=1),
            E.ExpectColumnValuesToBeBetween(column="recency_days", min_value=0),
        ],
        "kpi_monthly": [
            E.ExpectColumnValuesToNotBeNull(column="kpi"),
            E.ExpectColumnValuesToNotBeNull(column="month"),
            E.ExpectCompoundColumnsToBeUnique(column_list=["month", "kpi"]),
        ],
    }
    return {table: Suite(f"marts.{table}", tuple(expectations)) for table, expectations in definitions.items()}
