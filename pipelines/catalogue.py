"""The catalogue of definitions: the dbt seed ``definitions.csv``, read as it ships with the models.

Every KPI and every categorical label the marts write has one entry (concept, code): its name in English
and Chinese, a one-sentence definition in both, its unit, its good direction and, for a KPI, the target
rule. The dashboards and the report name and explain values through it; kpi_monthly reads the same seed.
"""

import csv
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pandas as pd

SEED = Path(__file__).resolve().parents[1] / "dbt_project" / "seeds" / "definitions.csv"

# The concept a mart column's values belong to, by the column's name. A column of a roll-up mart also
# holds 'all' (the total over the dimension), which is no label of its own.
COLUMN_CONCEPTS: dict[str, str] = {
    "kpi": "kpi",
    "segment": "rfm_segment",
    "from_segment": "rfm_segment",
    "to_segment": "rfm_segment",
    "lifecycle_stage": "lifecycle_stage",
    "previous_stage": "lifecycle_stage",
    "from_stage": "lifecycle_stage",
    "to_stage": "lifecycle_stage",
    "service_tier": "service_tier",
    "customer_segment": "service_tier",
    "member_tier": "member_tier",
    "crm_member_tier": "member_tier",
    "previous_member_tier": "member_tier",
    "from_member_tier": "member_tier",
    "to_member_tier": "member_tier",
    "next_member_tier": "member_tier",
    "tier_change": "tier_change",
    "topic": "topic",
    "top_topic": "topic",
    "comment_topic": "topic",
    "text_topic": "topic",
    "category": "complaint_category",
    "department": "department",
    "routed_department": "department",
    "channel": "channel",
    "platform": "channel",
    "acquisition_channel": "channel",
    "favourite_channel": "channel",
    "last_contact_channel": "channel",
    "last_interaction_channel": "channel",
    "sentiment": "sentiment",
    "comment_sentiment": "sentiment",
    "latest_social_sentiment": "sentiment",
    "text_sentiment": "sentiment",
    "nps_group": "nps_group",
    "kind": "interaction_kind",
    "status": "status",
    "favourite_category": "product_category",
    "antecedent_category": "product_category",
    "consequent_category": "product_category",
    "dimension": "survey_dimension",
    "target_status": "target_status",
    "region": "region",
    "city": "city",
    "industry": "industry",
    "gender": "gender",
    # a declared source without an entry is shown by its name (its declaration file's name)
    "source_system": "source_system",
}
# Columns that hold several codes of one concept, LIST_SEPARATOR-separated: the churn rules that fired and
# a customer's tags.
LIST_COLUMN_CONCEPTS: dict[str, str] = {
    "churn_risk_reasons": "churn_rule",
    "tags": "customer_tag",
}
LIST_SEPARATOR = ", "
# The concepts a timeline event's detail code belongs to, by event kind, tried in order: an interaction
# without a category is named by its kind.
TIMELINE_DETAIL_CONCEPTS: dict[str, tuple[str, ...]] = {
    "order": ("status",),
    "interaction": ("complaint_category", "interaction_kind"),
    "survey": ("nps_group",),
    "mention": ("topic",),
    "tier": ("member_tier",),
}
ROLL_UP = "all"
# The lifecycle stages whose customers the active-customer KPI counts (a paid order within the active window).
ACTIVE_CUSTOMER_STAGES = ("new", "reactivated", "active")
# The code that stands for a missing value of a concept: a customer without a paid order has no RFM
# segment and so no service tier; one below the silver thresholds has no member tier.
MISSING_CODES: dict[str, str] = {
    "rfm_segment": "(no order yet)",
    "service_tier": "unknown",
    "member_tier": "(none)",
}


@dataclass(frozen=True)
class Entry:
    concept: str
    code: str
    sort_order: int
    name_en: str
    name_zh: str
    definition_en: str
    definition_zh: str
    unit: str
    good_direction: str
    target_kind: str
    target_value: float | None

    def name(self, lang: str) -> str:
        return self.name_zh if lang == "zh" else self.name_en

    def definition(self, lang: str) -> str:
        return self.definition_zh if lang == "zh" else self.definition_en

    def target_rule(self, lang: str) -> str:
        """How a KPI's target is set, in words: 'Target: the same month last year +10 %.'"""
        if self.target_value is None:
            return ""
        if self.target_kind == "yoy_change":
            change = f"{self.target_value:+.0%}".replace("%", " %")
            if lang == "zh":
                return f"目标：去年同月数值 {change}。" if self.target_value else "目标：不差于去年同月。"
            return f"Target: the same month last year {change}." if self.target_value else (
                "Target: no worse than the same month last year.")
        level = _level_text(self.target_value, self.unit)
        if lang == "zh":
            return f"目标：{'不低于' if self.good_direction == 'higher' else '不高于'} {level}。"
        return f"Target: {'at least' if self.good_direction == 'higher' else 'at most'} {level}."


def _level_text(value: float, unit: str) -> str:
    if unit == "share":
        return f"{value:.0%}".replace("%", " %")
    if unit == "score":
        return f"{value:.1f}"
    return f"{value:g}"


@cache
def entries() -> dict[tuple[str, str], Entry]:
    """Every entry of the seed by (concept, code)."""
    with SEED.open(encoding="utf-8", newline="") as seed:
        rows = list(csv.DictReader(seed))
    return {
        (row["concept"], row["code"]): Entry(
            concept=row["concept"],
            code=row["code"],
            sort_order=int(row["sort_order"]),
            name_en=row["name_en"],
            name_zh=row["name_zh"],
            definition_en=row["definition_en"],
            definition_zh=row["definition_zh"],
            unit=row["unit"],
            good_direction=row["good_direction"],
            target_kind=row["target_kind"],
            target_value=float(row["target_value"]) if row["target_value"] else None,
        )
        for row in rows
    }


def entry(concept: str, code: object) -> Entry | None:
    """The entry of ``code`` in ``concept``, or None."""
    return entries().get((concept, str(code)))


def concept_of(column: str) -> str | None:
    """The concept whose codes a mart column holds, or None for a column that holds no labels."""
    return COLUMN_CONCEPTS.get(column)


def list_concept_of(column: str) -> str | None:
    """The concept of the codes a list column holds (see LIST_COLUMN_CONCEPTS), or None."""
    return LIST_COLUMN_CONCEPTS.get(column)


def split_codes(value: object) -> list[str]:
    """The codes of a list column's value; none for a missing value."""
    if (not isinstance(value, str) and pd.isna(value)) or value == "":
        return []
    return str(value).split(LIST_SEPARATOR)


def detail_entry(event_kind: str, code: object) -> Entry | None:
    """The entry naming a timeline event's detail code, by the event's kind; None when none has it."""
    for concept in TIMELINE_DETAIL_CONCEPTS.get(event_kind, ()):
        found = entry(concept, code)
        if found:
            return found
    return None


def codes(concept: str) -> list[str]:
    """The codes of ``concept`` in display order."""
    found = [item for item in entries().values() if item.concept == concept]
    return [item.code for item in sorted(found, key=lambda item: item.sort_order)]


def label(concept: str, code: object, lang: str) -> str | None:
    """The name of ``code`` in ``concept`` in ``lang``; None when the catalogue has no entry for it."""
    found = entry(concept, code)
    return found.name(lang) if found else None
