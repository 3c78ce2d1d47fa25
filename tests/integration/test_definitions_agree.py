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


# The text columns of the marts that hold no label of the catalogue: ids, masked personal data, free text,
# the catalogue's own fields copied into kpi_monthly, technical codes of the quality and governance marts,
# declared source names, and the few values the dashboards name in i18n.VALUE_LABELS (event kinds, contact
# sources, languages, quarantine reasons). A new text column is one of these or a label with a concept.
NOT_LABELS = frozenset({
    "customer_id", "order_id", "interaction_id", "response_id", "mention_id", "event_id", "survey_id", "store_id",
    "name_masked", "phone_masked", "email_masked", "keyword", "reason", "impossible_reason", "rfm_cell",
    "age_bucket", "churn_model_version", "cohort_basis", "currency", "payment_method", "direction", "unit",
    "target_kind", "event_kind", "last_contact_source", "comment_language", "language", "text_language",
    "first_response_sla_status", "resolution_sla_status", "reason_kind", "entity", "field", "matched_on",
    "source", "source_table", "schema_name", "table_name", "column_name", "pii_kind", "protection",
})


def distinct_values(serving, table: str, column: str) -> list[str]:
    return [value for (value,) in serving.execute(
        f'select distinct "{column}" from marts."{table}" where "{column}" is not null').fetchall()]


def test_every_label_a_mart_writes_has_an_entry(serving):
    columns = serving.execute(
        "select table_name, column_name from duckdb_columns() where schema_name = 'marts' and data_type = 'VARCHAR'"
    ).fetchall()
    checked, missing, unnamed = set(), set(), set()
    for table, column in columns:
        concept = catalogue.concept_of(column) or catalogue.list_concept_of(column)
        if concept is None:
            if column not in NOT_LABELS and column != "detail":
                unnamed.add((table, column))
            continue
        for value in distinct_values(serving, table, column):
            codes = catalogue.split_codes(value) if catalogue.list_concept_of(column) else [value]
            for code in codes:
                if code == catalogue.ROLL_UP:
                    continue
                checked.add((concept, code))
                if catalogue.entry(concept, code) is None:
                    missing.add((table, column, code))

    assert not unnamed, "a text column of a mart is neither a label with a concept nor declared in NOT_LABELS"
    assert not missing
    assert {concept for concept, _ in checked} >= {"kpi", "rfm_segment", "lifecycle_stage", "service_tier", "topic",
                                                   "channel", "city", "industry", "member_tier", "churn_rule",
                                                   "customer_tag", "source_system"}


def test_every_timeline_detail_is_named_by_its_event_kinds_concept(serving):
    details = serving.execute(
        "select distinct event_kind, detail from marts.customer_timeline"
        " union select distinct 'tier', to_member_tier from marts.customer_tier_changes where to_member_tier is not null"
    ).fetchall()

    assert {kind for kind, _ in details} == set(catalogue.TIMELINE_DETAIL_CONCEPTS)
    assert {(kind, detail) for kind, detail in details if catalogue.detail_entry(kind, detail) is None} == set()


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

