"""The report's tables in one language as typed cells: HTML and PDF show their text, the workbook their values."""

from dataclasses import dataclass, field

import pandas as pd

from pipelines import catalogue
from pipelines.reports.cells import Cell, kpi_change, number, show
from pipelines.reports.data import ABSOLUTE_UNITS, RELATIVE_UNITS, ReportData
from pipelines.reports.i18n import TEXT


@dataclass(frozen=True)
class Table:
    title: str
    headers: list[str]
    cells: list[list[Cell | str]]  # a str is a text cell
    lang: str
    flagged: list[bool] = field(default_factory=list)  # rows to show in red (missed, below target)
    empty_note: str = ""
    note: str = ""  # how to read the table, shown under its title
    widths: tuple[float, ...] = ()  # relative column widths in the PDF; default: names twice a figure's width

    @property
    def rows(self) -> list[list[str]]:
        """The cells as text, missing values as an em dash."""
        return [[show(cell, self.lang) for cell in row] for row in self.cells]


def _name(row, lang: str, column: str = "kpi") -> str:
    """A row's label in ``column`` by its name in the catalogue of definitions (the code if it has none)."""
    return _label(column, row[column], lang)


def _label(column: str, code: object, lang: str) -> str:
    if code is None or code != code:  # None or NaN: show() turns "" into an em dash
        return ""
    return catalogue.label(catalogue.concept_of(column), code, lang) or str(code)


def kpi_table(data: ReportData, lang: str) -> Table:
    t = TEXT[lang]
    cells, flagged = [], []
    for _, kpi in data.kpis.iterrows():
        unit = kpi["unit"]
        cells.append([
            _name(kpi, lang),
            number(kpi["value"], unit),
            number(kpi["previous_value"], unit),
            kpi_change(kpi["change"], kpi["change_pct"], unit),
            number(kpi["target"], unit),
            _name(kpi, lang, "target_status"),
        ])
        flagged.append(kpi["target_status"] == "missed")
    first_response, resolution = data.sla_unknown
    note = t["sla_unknown_note"].format(first_response=first_response, resolution=resolution) if any(
        data.sla_unknown) else ""
    return Table(t["kpi_table"], [t["kpi"], t["value"], t["previous"], t["change"], t["target"], t["status"]],
                 cells, lang, flagged, note=note)


def _kpi_moves(frame: pd.DataFrame, lang: str, title: str, empty_note: str = "", note: str = "") -> Table:
    t = TEXT[lang]
    cells = [
        [
            _name(kpi, lang),
            number(kpi["value"], kpi["unit"]),
            kpi_change(kpi["change"], kpi["change_pct"], kpi["unit"]),
            number(kpi["target"], kpi["unit"]),
            _name(kpi, lang, "target_status"),
            number(kpi["standardised_move"], "decimal"),
        ]
        for _, kpi in frame.iterrows()
    ]
    flagged = [status == "missed" for status in frame["target_status"]]
    headers = [t["kpi"], t["value"], t["change"], t["target"], t["status"], t["standardised_move"]]
    return Table(title, headers, cells, lang, flagged, empty_note, note)


def movers_note(lang: str) -> str:
    """How the movers are ranked, with the scales data.py ranks by."""
    return TEXT[lang]["movers_note"].format(
        relative=RELATIVE_UNITS["cny"], share_pp=ABSOLUTE_UNITS["share"] * 100, points=ABSOLUTE_UNITS["points"],
        score=ABSOLUTE_UNITS["score"],
    )


def missed_table(data: ReportData, lang: str) -> Table:
    t = TEXT[lang]
    return _kpi_moves(data.missed, lang, t["missed_title"], t["none_missed"])


def movers_table(data: ReportData, lang: str) -> Table:
    return _kpi_moves(data.movers, lang, TEXT[lang]["movers_title"], note=movers_note(lang))


def complaints_table(data: ReportData, lang: str) -> Table:
    t = TEXT[lang]
    cells = [
        [
            _name(row, lang, "category"),
            _name(row, lang, "routed_department"),
            number(row["complaints"], "count"),
            number(row["share_of_month"], "share"),
            number(row["resolution_sla_rate"], "share"),
            number(row["resolution_sla_unknown"], "count"),
        ]
        for _, row in data.complaint_categories.iterrows()
    ]
    return Table(t["complaints_title"], [t["category"], t["department"], t["complaints"], t["share"], t["resolved_24h"],
                                         t["resolution_unknown"]], cells, lang)


def topics_table(data: ReportData, lang: str) -> Table:
    t = TEXT[lang]
    cells = [
        [_name(row, lang, "topic"), number(row["mentions"], "count"),
         number(row["negative_mentions"], "count"), number(row["negative_share"], "share")]
        for _, row in data.negative_topics.iterrows()
    ]
    return Table(t["topics_title"], [t["topic"], t["mentions"], t["negative"], t["negative_share"]], cells, lang)


def _platform(code: str, lang: str) -> str:
    """A platform by its catalogue name; 'all', the spikes' total over platforms, in words."""
    return TEXT[lang]["all_platforms"] if code == catalogue.ROLL_UP else _label("platform", code, lang)


def spikes_table(data: ReportData, lang: str) -> Table:
    t = TEXT[lang]
    cells = [
        [number(pd.Timestamp(row["posted_date"]).date(), "date"), _platform(row["platform"], lang),
         number(row["negative_mentions"], "count"), number(row["baseline_mean"], "decimal"),
         _name(row, lang, "top_topic")]
        for _, row in data.negative_spikes.iterrows()
    ]
    return Table(t["spikes_title"], [t["day"], t["platform"], t["negative"], t["baseline"], t["topic"]], cells, lang,
                 empty_note=t["no_spikes"])


def dimensions_table(data: ReportData, lang: str) -> Table:
    t = TEXT[lang]
    cells = [
        [_name(row, lang, "dimension"), number(row["mean_score"], "score"), number(row["target_mean_score"], "score"),
         number(row["satisfied_share"], "share"), number(row["target_satisfied_share"], "share"),
         number(row["answers"], "count"), t["yes"] if row["is_below_target"] else t["no"]]
        for _, row in data.dimensions.iterrows()
    ]
    headers = [t["dimension"], t["mean_score"], t["target_mean_score"], t["satisfied"], t["target_satisfied"],
               t["answers"], t["below_target"]]
    return Table(t["dimensions_title"], headers, cells, lang, [bool(v) for v in data.dimensions["is_below_target"]])


def migration_table(data: ReportData, lang: str) -> Table | None:
    if data.segment_migration is None:
        return None
    t = TEXT[lang]
    cells = [
        [_name(row, lang, "from_segment"), _name(row, lang, "to_segment"), number(row["customers"], "count")]
        for _, row in data.segment_migration.iterrows()
    ]
    return Table(t["migration_title"], [t["from_segment"], t["to_segment"], t["customers"]], cells, lang)


def definitions_table(data: ReportData, lang: str) -> Table:
    """What each KPI of the report counts and how its target is set, from the catalogue of definitions."""
    t = TEXT[lang]
    entries = [catalogue.entry("kpi", code) for code in data.kpis["kpi"]]
    cells = [
        [entry.name(lang), entry.definition(lang), entry.target_rule(lang),
         number(entry.target_value, "pct_change" if entry.target_kind == "yoy_change" else entry.unit)]
        for entry in entries if entry
    ]
    headers = [t["kpi"], t["definition"], t["target_rule"], t["target_value"]]
    return Table(t["definitions_title"], headers, cells, lang, widths=(2, 5, 3, 1.2))


def all_tables(data: ReportData, lang: str) -> list[Table]:
    tables = [
        kpi_table(data, lang),
        missed_table(data, lang),
        movers_table(data, lang),
        complaints_table(data, lang),
        topics_table(data, lang),
        spikes_table(data, lang),
        dimensions_table(data, lang),
        migration_table(data, lang),
        definitions_table(data, lang),
    ]
    return [table for table in tables if table is not None]


def summary_line(data: ReportData, lang: str) -> str:
    statuses = data.kpis["target_status"]
    return TEXT[lang]["summary"].format(
        kpis=len(statuses), met=int((statuses == "met").sum()), missed=int((statuses == "missed").sum())
    )
