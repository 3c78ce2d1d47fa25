"""The monthly KPI report (HTML, PDF, XLSX; Chinese or English), rendered from the serving copy on request.

Managers and privacy officers get it; it covers the whole company (kpi_monthly has no region), so a user
limited to regions does not. Each download is recorded in the audit trail.
"""

import tempfile
from datetime import date
from pathlib import Path

import streamlit as st

from dashboards import audit, layout, queries
from dashboards.access import Permission, User
from dashboards.formatting import format_month
from dashboards.i18n import LANGUAGE_NAMES, LANGUAGES, current_lang, t
from dashboards.navigation import PageSpec
from dashboards.sql import report as sql

FORMATS = {
    "pdf": "application/pdf",
    "html": "text/html",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def report_file(month: date, report_lang: str, kind: str, user: User) -> bytes:
    """The month's report in ``report_lang`` as ``kind``, rendered into a temporary folder, and recorded.

    Streamlit runs it on the click, outside the page's run: ``user`` is who drew the button.
    """
    from pipelines.reports import render_report  # matplotlib and fpdf: loaded only when a report is asked for

    with tempfile.TemporaryDirectory(prefix="insight-report-") as folder:
        files = render_report(queries.serving_path(), month, Path(folder), (report_lang,))
        content = next(path for path in files if path.suffix == f".{kind}").read_bytes()
    audit.record_for(user, audit.Action.REPORT_DOWNLOAD, detail=f"{month:%Y-%m} {report_lang} {kind}")
    return content


def render() -> None:
    lang = current_lang()
    layout.page_title("report.title")
    st.caption(t("report.intro"))
    months = sql.report_months()
    if not months:
        st.info(t("overview.no_kpis"))
        return
    left, right = st.columns(2)
    month = left.selectbox(t("report.month"), months, format_func=format_month, key="report_month")
    report_lang = right.segmented_control(
        t("report.language"), LANGUAGES, format_func=LANGUAGE_NAMES.get, default=lang, required=True,
        key="report_lang",
    )
    user = queries.current_user()
    with st.container(horizontal=True):
        for kind, mime in FORMATS.items():
            st.download_button(
                t(f"report.download_{kind}"),
                data=lambda kind=kind: report_file(month, report_lang, kind, user),
                file_name=f"kpi_report_{month:%Y-%m}_{report_lang}.{kind}",
                mime=mime,
                icon="📥",
                on_click="ignore",
                key=f"report_download_{kind}",
            )


PAGE = PageSpec(
    render=render,
    title_key="page.report",
    url_path="report",
    icon="📄",
    order=80,
    permission=Permission.REPORT,
    regional=False,
)
