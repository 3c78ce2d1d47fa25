"""On the serving copy of the small built warehouse: every label a mart writes has its entry in the
catalogue of definitions, and figures that two pages (or a page and the report) show under one name agree."""

from datetime import date

import duckdb
import pytest

from dashboards import queries
from dashboards.access import Role, User
from dashboards.sql import segments
from pipelines import catalogue
from pipelines.reports.data import load_report_data

COMPANY_MANAGER = User(name="test-manager", role=Role.MANAGER)


@pytest.fixture(scope="module")
def serving(built):
    assert built.success
    with duckdb.connect(str(built.serving_path), read_only=True) as con:
        yield con


@pytest.fixture(scope="module")
def as_of_month(serving) -> date:
    return serving.execute("select date_trunc('month', as_of_date)::date from meta.published").fetchone()[0]


def test_every_label_a_mart_writes_has_an_entry(serving):
    columns = serving.execute(
        "select table_name, column_name from duckdb_columns() where schema_name = 'marts' and data_type = 'VARCHAR'"
    ).fetchall()
    checked, missing = set(), set()
    for table, column in columns:
        concept = catalogue.concept_of(column)
        if concept is None:
            continue
        values = serving.execute(f'select distinct "{column}" from marts."{table}" where "{column}" is not null').fetchall()
        for (value,) in values:
            if value == catalogue.ROLL_UP:
                continue
            checked.add((concept, value))
            if catalogue.entry(concept, value) is None:
                missing.add((table, column, value))

    assert not missing
    assert {concept for concept, _ in checked} >= {"kpi", "rfm_segment", "lifecycle_stage", "service_tier", "topic",
                                                   "channel", "city", "industry", "member_tier"}


def test_active_and_new_customers_agree_between_overview_segments_and_report(built, as_of_month):
    with queries.acting_as(COMPANY_MANAGER):
        overview = queries.kpis(as_of_month, as_of_month).set_index("kpi")["value"]
        stages = segments.lifecycle_stages().set_index("lifecycle_stage")["customers"]
        tier_total = queries.tier_mix()["customers"].sum()
    report = load_report_data(built.serving_path, as_of_month).kpis.set_index("kpi")["value"]

    assert overview["active_customers"] == sum(stages.get(stage, 0) for stage in catalogue.ACTIVE_CUSTOMER_STAGES) > 0
    assert overview["active_customers"] == report["active_customers"]
    assert overview["new_customers"] == report["new_customers"]
    # the overview's segment mix and the segments page's funnel count the same customers with an order
    assert tier_total == stages.sum() - stages.get("prospect", 0)

