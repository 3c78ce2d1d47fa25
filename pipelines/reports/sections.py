"""The report's tables in one language, as rows of display strings shared by the HTML and PDF output."""

from dataclasses import dataclass, field

import pandas as pd

from pipelines.reports.data import ReportData
from pipelines.reports.i18n import TEXT, format_change, format_value


@dataclass(frozen=True)
class Table:
    title: str
    headers: list[str]
    rows: list[list[str]]
    flagged: list[bool] = field(default_factory=list)  # rows to show in red (missed, below target)
    empty_note: str = ""


def _present(value) -> float | None:
    return None if value is None or pd.isna(value) else float(value)


def _count(value) -> str:
    return f"{int(value):,}"


def _name(row, lang: str, column: str = "kpi_name") -> str:
    return row[f"{column}_zh"] if lang == "zh" else row[f"{column}_en"]


def kpi_table(data: ReportData, lang: str) -> Table:
    t = TEXT[lang]
    rows, flagged = [], []
    for _, kpi in data.kpis.iterrows():
        rows.append([
            _name(kpi, lang),
            format_value(_present(kpi["value"]), kpi["unit"], lang),
            format_value(_present(kpi["previous_value"]), kpi["unit"], lang),
            format_change(_present(kpi["change"]), _present(kpi["change_pct"]), kpi["unit"], lang),
            format_value(_present(kpi["target"]), kpi["unit"], lang),
            t[kpi["target_status"]],
        ])
        flagged.append(kpi["target_status"] == "missed")
    return Table(t["kpi_table"], [t["kpi"], t["value"], t["previous"], t["change"], t["target"], t["status"]],
                 rows, flagged)


def _kpi_moves(frame: pd.DataFrame, lang: str, title: str, empty_note: str = "") -> Table:
    t = TEXT[lang]
    rows = [
        [
            _name(kpi, lang),
            format_value(_present(kpi["value"]), kpi["unit"], lang),
            format_change(_present(kpi["change"]), _present(kpi["change_pct"]), kpi["unit"], lang),
            format_value(_present(kpi["target"]), kpi["unit"], lang),
            t[kpi["target_status"]],
        ]
        for _, kpi in frame.iterrows()
    ]
    flagged = [status == "missed" for status in frame["target_status"]]
    return Table(title, [t["kpi"], t["value"], t["change"], t["target"], t["status"]], rows, flagged, empty_note)


def complaints_table(data: ReportData, lang: str) -> Table:
    t = TEXT[lang]
    rows = [
        [
            (row["category_zh"] if lang == "zh" else row["category"].replace("_", " ")) or row["category"],
            (row["routed_department_zh"] if lang == "zh" else (row["routed_department"] or "").replace("_", " ")) or "–",
            _count(row["complaints"]),
            f"{row['share_of_month']:.1%}",
            format_value(_present(row["resolution_sla_rate"]), "share", lang),
        ]
        for _, row in data.complaint_categories.iterrows()
    ]
    return Table(t["complaints_title"], [t["category"], t["department"], t["complaints"], t["share"], t["resolved_24h"]],
                 rows)


def topics_table(data: ReportData, lang: str) -> Table:
    t = TEXT[lang]
    rows = [
        [t["topics"].get(row["topic"], row["topic"]), _count(row["mentions"]), _count(row["negative_mentions"]),
         f"{row['negative_share']:.1%}"]
        for _, row in data.negative_topics.iterrows()
    ]
    return Table(t["topics_title"], [t["topic"], t["mentions"], t["negative"], t["negative_share"]], rows)


def spikes_table(data: ReportData, lang: str) -> Table:
    t = TEXT[lang]
    rows = [
        [f"{row['posted_date']:%Y-%m-%d}", t["platforms"].get(row["platform"], row["platform"]),
         _count(row["negative_mentions"]), f"{row['baseline_mean']:.1f}",
         t["topics"].get(row["top_topic"], row["top_topic"] or "–")]
        for _, row in data.negative_spikes.iterrows()
    ]
    return Table(t["spikes_title"], [t["day"], t["platform"], t["negative"], t["baseline"], t["topic"]], rows,
                 empty_note=t["no_spikes"])


def dimensions_table(data: ReportData, lang: str) -> Table:
    t = TEXT[lang]
    rows = [
        [_name(row, lang, "dimension"), f"{row['mean_score']:.2f} / {row['target_mean_score']:.2f}",
         f"{row['satisfied_share']:.1%} / {row['target_satisfied_share']:.0%}", _count(row["answers"]),
         t["yes"] if row["is_below_target"] else t["no"]]
        for _, row in data.dimensions.iterrows()
    ]
    headers = [t["dimension"], f"{t['mean_score']} / {t['target']}", f"{t['satisfied']} / {t['target']}",
               t["answers"], t["below_target"]]
    return Table(t["dimensions_title"], headers, rows, [bool(v) for v in data.dimensions["is_below_target"]])


def migration_table(data: ReportData, lang: str) -> Table | None:
    if data.segment_migration is None:
        return None
    t = TEXT[lang]
    suffix = "_zh" if lang == "zh" else ""
    rows = [
        [row[f"from_segment{suffix}"], row[f"to_segment{suffix}"], _count(row["customers"])]
        for _, row in data.segment_migration.iterrows()
    ]
    return Table(t["migration_title"], [t["from_segment"], t["to_segment"], t["customers"]], rows)


def all_tables(data: ReportData, lang: str) -> list[Table]:
    t = TEXT[lang]
    tables = [
        kpi_table(data, lang),
        _kpi_moves(data.missed, lang, t["missed_title"], t["none_missed"]),
        _kpi_moves(data.movers, lang, t["movers_title"]),
        complaints_table(data, lang),
        topics_table(data, lang),
        spikes_table(data, lang),
        dimensions_table(data, lang),
        migration_table(data, lang),
    ]
    return [table for table in tables if table is not None]


def summary_line(data: ReportData, lang: str) -> str:
    statuses = data.kpis["target_status"]
    return TEXT[lang]["summary"].format(
        kpis=len(statuses), met=int((statuses == "met").sum()), missed=int((statuses == "missed").sum())
    )
