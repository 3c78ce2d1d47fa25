"""Render one month's report in each language as HTML, PDF and XLSX."""

from datetime import date
from pathlib import Path

from pipelines.reports.charts import trend_chart
from pipelines.reports.data import load_report_data
from pipelines.reports.html_report import write_html
from pipelines.reports.i18n import MISSING, TEXT
from pipelines.reports.pdf_report import write_pdf
from pipelines.reports.sections import (
    all_tables,
    complaints_table,
    definitions_table,
    dimensions_table,
    migration_table,
    movers_table,
    spikes_table,
    summary_line,
    topics_table,
)
from pipelines.reports.xlsx_report import write_xlsx
from pipelines.settings import DEFAULT_STALE_AFTER_DAYS

LANGUAGES = ("zh", "en")


def stale_note(as_of: date | None, rendered: date, stale_after_days: int, lang: str) -> str:
    """A warning when the data's as-of date lags the rendering date by more than ``stale_after_days``."""
    if as_of is None or (rendered - as_of).days <= stale_after_days:
        return ""
    return TEXT[lang]["stale"].format(as_of=as_of, rendered=rendered, days=(rendered - as_of).days,
                                      limit=stale_after_days)


def render_report(serving_path: Path, month: date, out_root: Path, languages=LANGUAGES,
                  stale_after_days: int = DEFAULT_STALE_AFTER_DAYS, rendered: date | None = None) -> list[Path]:
    """Write the month's report files under ``out_root/<YYYY-MM>/`` and return their paths.

    ``rendered`` is the date the report says it was made (today unless given)."""
    rendered = rendered or date.today()
    data = load_report_data(serving_path, month)
    folder = Path(out_root) / data.label
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for lang in languages:
        t = TEXT[lang]
        stem = folder / f"kpi_report_{data.label}_{lang}"
        chart = trend_chart(data.trends, lang, folder / f"trends_{data.label}_{lang}.png", t["target"])
        tables = all_tables(data, lang)
        title = f"{t['title']} · {data.label}"
        subtitle = t["subtitle"].format(month=data.label, as_of=data.as_of_date or MISSING, rendered=rendered,
                                        build_id=data.build_id)
        stale = stale_note(data.as_of_date, rendered, stale_after_days, lang)
        summary = summary_line(data, lang)
        written.append(write_html(stem.with_suffix(".html"), lang, title, subtitle, summary, tables, t["trends"],
                                  chart, t["footer"], stale))
        written.append(write_pdf(stem.with_suffix(".pdf"), title, subtitle, summary, tables, t["trends"], chart,
                                 t["footer"], stale))
        sheets = {
            t["sheet_movers"]: movers_table(data, lang),
            t["sheet_complaints"]: complaints_table(data, lang),
            t["sheet_topics"]: topics_table(data, lang),
            t["sheet_dimensions"]: dimensions_table(data, lang),
            t["spikes_title"][:31]: spikes_table(data, lang),
        }
        migration = migration_table(data, lang)
        if migration is not None:
            sheets[t["sheet_migration"]] = migration
        sheets[t["sheet_definitions"]] = definitions_table(data, lang)
        written.append(write_xlsx(stem.with_suffix(".xlsx"), data, lang, sheets))
        written.append(chart)
    return written
