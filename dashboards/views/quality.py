"""Data quality: the latest check outcomes, quarantined rows by source and reason, freshness and
completeness of the landing sources; for a privacy officer, the audit trail."""

from datetime import UTC, date, datetime, timedelta

import pandas as pd
import streamlit as st

from dashboards import audit, layout, queries
from dashboards.access import AccessSettings, Permission
from dashboards.filters import ALL
from dashboards.formatting import format_count, format_date
from dashboards.i18n import column_value_label, current_lang, t
from dashboards.navigation import PageSpec
from dashboards.plots import quality as plots
from dashboards.sql import quality as sql

SOURCE_KEY = "quality_source"


def render_checks(source: str, lang: str) -> None:
    layout.section("quality.checks_header", "quality.checks_scope")
    checks = sql.latest_checks(source) if sql.checks_published() else None
    if checks is None or checks.empty:
        st.info(t("quality.no_checks"))
        return
    failed = checks[~checks["success"]]
    with st.container(horizontal=True):
        st.metric(t("quality.passed"), format_count(int(checks["success"].sum())), border=True)
        st.metric(t("quality.failed"), format_count(len(failed)), border=True)
    if failed.empty:
        st.success(t("quality.all_passed"), icon="✅")
    else:
        st.error(t("quality.some_failed", count=len(failed)))
    st.plotly_chart(plots.checks_figure(checks, lang))
    layout.table(
        checks,
        {
            "success": layout.flag("quality.passed"),
            "asset": layout.text("col.asset"),
            "expectation": layout.text("col.expectation"),
            "column_name": layout.text("col.column"),
            "observed": layout.text("col.observed"),
            "element_count": layout.count("col.rows"),
            "unexpected_count": layout.count("col.unexpected"),
            "checked_at": layout.moment("col.checked_at"),
        },
    )


def render_quarantine(source: str, lang: str) -> None:
    layout.section("quality.quarantine_header", "quality.quarantine_scope")
    loads = sql.loads(source)
    quarantine = sql.quarantine(source)
    with st.container(horizontal=True):
        st.metric(t("col.rows_read"), format_count(loads["rows_read"].sum()), border=True)
        st.metric(t("col.rows_quarantined"), format_count(loads["rows_quarantined"].sum()), border=True)
    st.plotly_chart(plots.quarantine_share_figure(loads, lang))
    layout.table(
        loads,
        {
            "source_table": layout.text("col.source_table"),
            "files": layout.count("col.files"),
            "rows_read": layout.count("col.rows_read"),
            "rows_loaded": layout.count("col.rows_loaded"),
            "rows_quarantined": layout.count("col.rows_quarantined"),
            "quarantine_share": layout.share("col.quarantine_share"),
            "last_load_date": layout.day("col.last_loaded_at"),
        },
    )
    if quarantine.empty:
        st.success(t("quality.nothing_quarantined"), icon="✅")
        return
    st.plotly_chart(plots.quarantine_figure(quarantine, lang))
    layout.table(
        layout.localize(quarantine, ("reason_kind",), lang),
        {
            "source_table": layout.text("col.source_table"),
            "reason_kind": layout.text("col.reason_kind"),
            "reason": layout.text("col.reason"),
            "rows_quarantined": layout.count("col.rows_quarantined"),
        },
    )


def render_freshness(source: str, meta: pd.Series) -> None:
    layout.section("quality.freshness_header", "quality.freshness_scope")
    freshness = sql.freshness(source)
    stale = freshness[freshness["is_stale"]]
    days = layout.days_behind(meta["as_of_date"], date.today())
    as_of = format_date(meta["as_of_date"])
    if days is not None and days > queries.stale_after_days():
        # files may keep arriving while what they hold stops at an old date
        st.warning(t("quality.loads_fresh_data_old", as_of=as_of, days=days), icon="⏳")
    elif stale.empty:
        st.success(t("quality.all_fresh", as_of=as_of), icon="✅")
    if not stale.empty:
        st.warning(t("quality.stale", tables=", ".join(stale["source_table"])))
    layout.data_table(
        freshness,
        {
            "source_table": layout.text("col.source_table"),
            "files_loaded": layout.count("col.files"),
            "rows_read": layout.count("col.rows_read"),
            "last_loaded_at": layout.moment("col.last_loaded_at"),
            "days_since_last_load": layout.count("col.days_since_last_load"),
            "freshness_warn_days": layout.count("col.freshness_warn_days"),
            "is_stale": layout.flag("col.is_stale"),
        },
    )


def render_completeness(source: str, lang: str) -> None:
    layout.section("quality.completeness_header", "quality.completeness_scope")
    completeness = sql.completeness(source)
    if completeness.empty:
        st.info(t("app.no_rows"))
        return
    st.plotly_chart(plots.completeness_figure(completeness, lang))
    layout.table(
        completeness,
        {
            "source_table": layout.text("col.source_table"),
            "field": layout.text("col.column"),
            "records": layout.count("col.rows"),
            "missing": layout.count("col.missing"),
            "missing_share": layout.share("col.missing_share"),
        },
    )


def render_linking(source: str) -> None:
    layout.section("quality.linking_header", "quality.linking_scope")
    linking = sql.linking(source)
    if linking.empty:
        st.info(t("app.no_rows"))
        return
    layout.table(
        linking,
        {
            "source_table": layout.text("col.source_table"),
            "records": layout.count("col.rows"),
            "without_customer_id": layout.count("quality.without_customer_id"),
            "linked": layout.count("quality.linked"),
            "linked_share": layout.share("quality.linked_share"),
        },
    )
    for row in linking.itertuples():
        st.caption(
            t(
                "quality.linking_line",
                table=row.source_table,
                missing=format_count(row.without_customer_id),
                records=format_count(row.records),
                linked=format_count(row.linked),
                share="—" if pd.isna(row.linked_share) else f"{row.linked_share:.1%}",
            )
        )


def render_calibration() -> None:
    calibration = sql.churn_calibration()
    layout.section(
        "quality.calibration_header",
        "quality.calibration_scope",
        holdout=format_date(calibration["holdout_snapshot"].iloc[0]) if not calibration.empty else "—",
    )
    if calibration.empty:
        st.info(t("quality.no_calibration"))
        return
    st.plotly_chart(plots.calibration_figure(calibration, current_lang()))
    layout.table(
        calibration,
        {
            "decile": layout.count("quality.decile"),
            "customers": layout.count("col.customers"),
            "mean_predicted": layout.share("quality.mean_predicted"),
            "observed_rate": layout.share("quality.observed_rate"),
            "calibration_gap": layout.share("quality.calibration_gap"),
        },
    )


AUDIT_DAYS_KEY = "quality_audit_days"
AUDIT_COLUMNS = ("at", "user", "role", "action", "customers", "customer_ids", "detail", "purpose")


def render_audit(lang: str) -> None:
    settings = AccessSettings.from_env()
    layout.section("quality.audit_header", "quality.audit_scope", days=settings.audit_retention_days)
    days = st.number_input(t("quality.audit_days"), min_value=1, max_value=settings.audit_retention_days,
                           value=min(30, settings.audit_retention_days), step=1, key=AUDIT_DAYS_KEY)
    broken = audit.broken_files(settings)
    if broken:
        st.error(t("quality.audit_broken", files=", ".join(broken)), icon="🚨")
    else:
        st.success(t("quality.audit_intact"), icon="🔐")
    since = (datetime.now(UTC) - timedelta(days=int(days) - 1)).date()
    events = pd.DataFrame(audit.events(settings, since), columns=[*AUDIT_COLUMNS, "previous"])
    with st.container(horizontal=True):
        for action in (audit.Action.SIGN_IN, audit.Action.CUSTOMER_CARD, audit.Action.LIST_DOWNLOAD, audit.Action.UNMASK):
            st.metric(t(f"audit.{action}"), format_count(int((events["action"] == action).sum())), border=True)
    if events.empty:
        st.info(t("app.no_rows"))
        return
    shown = events.iloc[::-1].assign(
        at=pd.to_datetime(events["at"], utc=True),
        action=events["action"].map(lambda action: t(f"audit.{action}", lang)),
        customer_ids=events["customer_ids"].map(", ".join),
    )
    layout.data_table(
        shown,
        {
            "at": st.column_config.DatetimeColumn(t("col.at"), format="YYYY-MM-DD HH:mm:ss"),
            "user": layout.text("col.user"),
            "role": layout.text("col.role"),
            "action": layout.text("col.action"),
            "customers": layout.count("col.customers"),
            "customer_ids": layout.text("col.customer_ids"),
            "detail": layout.text("col.detail"),
            "purpose": layout.text("col.purpose"),
        },
        list(AUDIT_COLUMNS),
    )


def render() -> None:
    lang = current_lang()
    meta = layout.page_title("quality.title")
    source = st.selectbox(
        t("quality.source"),
        [ALL, *sql.sources()],
        format_func=lambda value: (t("filter.all", lang) if value == ALL
                                   else column_value_label("source_system", value, lang)),
        key=f"{SOURCE_KEY}.{lang}",  # see filters.widget_key
        help=t("quality.source_help"),
    )
    render_checks(source, lang)
    render_quarantine(source, lang)
    render_freshness(source, meta)
    render_completeness(source, lang)
    render_linking(source)
    render_calibration()
    if queries.current_user().allows(Permission.AUDIT):
        render_audit(lang)


# Load and check figures are whole-warehouse counts with no region: not a page for a user limited to regions.
PAGE = PageSpec(
    render=render,
    title_key="page.quality",
    url_path="quality",
    icon="🔎",
    order=60,
    regional=False,
)
