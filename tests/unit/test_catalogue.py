"""The catalogue of definitions (dbt seed definitions.csv): complete entries, distinct names for distinct
concepts, and no label translated anywhere else."""

import csv
import re
from collections import defaultdict

import pandas as pd
import pytest

from dashboards import i18n
from pipelines import catalogue
from pipelines.reports.i18n import TEXT

# Concepts that each sort customers or count them: a manager must never meet one name for two of them.
CUSTOMER_CONCEPTS = ("kpi", "rfm_segment", "lifecycle_stage", "service_tier", "member_tier")


def test_every_entry_has_both_names_a_definition_in_both_languages_a_unit_and_a_direction():
    for entry in catalogue.entries().values():
        assert entry.name_en and entry.name_zh, entry
        assert entry.definition_en.endswith(".") and entry.definition_zh.endswith("。"), entry
        assert entry.unit and entry.good_direction in ("higher", "lower", "neutral"), entry


def test_every_kpi_has_a_target_rule_in_words():
    kpis = [entry for entry in catalogue.entries().values() if entry.concept == "kpi"]

    assert len(kpis) == 15
    for entry in kpis:
        assert entry.target_rule("en").startswith("Target: ") and entry.target_rule("zh").startswith("目标："), entry
    assert catalogue.entry("kpi", "revenue").target_rule("en") == "Target: the same month last year +10 %."
    assert catalogue.entry("kpi", "social_negative_share").target_rule("en") == "Target: at most 30 %."
    assert catalogue.entry("kpi", "complaints").target_rule("zh") == "目标：不差于去年同月。"


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_distinct_concepts_have_distinct_names(lang):
    holders = defaultdict(set)
    for entry in catalogue.entries().values():
        if entry.concept in CUSTOMER_CONCEPTS:
            holders[entry.name(lang).lower()].add((entry.concept, entry.code))

    shared = {name: codes for name, codes in holders.items() if len({concept for concept, _ in codes}) > 1}
    assert not shared
    # the cases managers tripped over: RFM Lost vs lifecycle Churned, and the three 'at risk'
    assert catalogue.label("rfm_segment", "Lost", lang) != catalogue.label("lifecycle_stage", "churned", lang)
    assert len({catalogue.label(concept, code, lang) for concept, code in (
        ("rfm_segment", "At risk"), ("lifecycle_stage", "at risk"), ("service_tier", "at risk"))}) == 3


def test_the_filter_of_service_tiers_is_called_service_tier():
    assert i18n.t("filter.segment", "en") == i18n.t("col.service_tier", "en") == "Service tier"
    assert i18n.t("filter.segment", "zh") == i18n.t("col.service_tier", "zh")


def test_every_column_concept_exists():
    concepts = {entry.concept for entry in catalogue.entries().values()}

    assert set(catalogue.COLUMN_CONCEPTS.values()) <= concepts
    for concept, code in catalogue.MISSING_CODES.items():
        assert catalogue.entry(concept, code) is not None


def test_no_label_is_translated_outside_the_catalogue():
    labels = {code for concept, code in catalogue.entries() if concept != "kpi"} - {catalogue.ROLL_UP}

    assert not labels & set(i18n.VALUE_LABELS)
    for words in TEXT.values():
        named_there = {code for concept, code in catalogue.entries() if concept in ("target_status", "topic", "channel")}
        assert not named_there & set(words), "the report names statuses, topics and platforms through the catalogue"


SEEDS = catalogue.SEED.parent
# The code columns of the seeds that define business rules, by the concept whose codes they hold.
SEED_CODE_COLUMNS = {
    ("rfm_segments", "segment"): "rfm_segment",
    ("rfm_segments", "service_tier"): "service_tier",
    ("lifecycle_stages", "lifecycle_stage"): "lifecycle_stage",
    ("member_tiers", "member_tier"): "member_tier",
    ("complaint_routing", "category"): "complaint_category",
    ("complaint_routing", "department"): "department",
    ("churn_risk_rules", "rule"): "churn_rule",
}


def seed_rows(name: str) -> list[dict[str, str]]:
    with (SEEDS / f"{name}.csv").open(encoding="utf-8", newline="") as seed:
        return list(csv.DictReader(seed))


def test_every_code_a_rule_seed_defines_has_an_entry():
    for (seed, column), concept in SEED_CODE_COLUMNS.items():
        codes = {row[column] for row in seed_rows(seed)}
        assert codes, (seed, column)
        assert {code for code in codes if catalogue.entry(concept, code) is None} == set(), (seed, column)


def test_no_seed_but_the_catalogue_carries_a_name_or_a_translation():
    for path in SEEDS.glob("*.csv"):
        if path == catalogue.SEED:
            continue
        with path.open(encoding="utf-8", newline="") as seed:
            header = next(csv.reader(seed))
        named = [column for column in header if column.endswith(("_zh", "_en")) or column in ("reason", "label")]
        assert not named, (path.name, named)


def test_no_model_writes_a_chinese_twin_of_a_column():
    """A label is a code the catalogue names; a mart column ending in _zh would be a second translation."""
    models = SEEDS.parent / "models"
    twins = {
        (path.name, column)
        for path in models.rglob("*.yml")
        for column in re.findall(r"^\s*- name: (\w+_zh)\s*$", path.read_text(encoding="utf-8"), flags=re.MULTILINE)
    }
    assert not twins
    for path in models.rglob("*.sql"):
        assert not re.search(r"\bas \w+_zh\b|[\u4e00-\u9fff]", path.read_text(encoding="utf-8")), path.name


def test_list_columns_and_timeline_details_name_their_codes_through_the_catalogue():
    assert [entry.name("en") for code in catalogue.split_codes("recency_rising, low_nps")
            if (entry := catalogue.entry("churn_rule", code))] == ["Recency rising", "Low NPS"]
    assert catalogue.split_codes(None) == [] and catalogue.split_codes(float("nan")) == []
    assert catalogue.split_codes(pd.NA) == []  # a missing value of an Arrow-backed download frame
    assert i18n.column_value_labels("tags", "open ticket, high churn risk", "zh") == ["有未结工单", "流失预警分高"]
    assert i18n.detail_label("interaction", "delivery", "en") == "Delivery"  # a category
    assert i18n.detail_label("interaction", "inquiry", "zh") == "咨询"  # no category: the kind
    assert i18n.detail_label("survey", "(no score)", "en") == "No NPS score"
    assert i18n.detail_label("tier", None, "en") == "No member tier"
    for concept in (*catalogue.LIST_COLUMN_CONCEPTS.values(),
                    *(name for names in catalogue.TIMELINE_DETAIL_CONCEPTS.values() for name in names)):
        assert catalogue.codes(concept), concept
