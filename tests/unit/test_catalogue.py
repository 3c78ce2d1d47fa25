"""The catalogue of definitions (dbt seed definitions.csv): complete entries, distinct names for distinct
concepts, and no label translated anywhere else."""

from collections import defaultdict

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
