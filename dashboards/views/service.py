"""Service: SLA attainment (first response 1 h, resolution 24 h, follow-up call), backlog and ageing,
complaints by category and department, requirement resolution."""

from datetime import date

import pandas as pd
import streamlit as st

from dashboards import filters, layout, queries
from dashboards.formatting import format_count, format_date, format_month, format_share
from dashboards.i18n import current_lang, t
from dashboards.navigation import PageSpec
from dashboards.plots import service as plots
from dashboards.sql import service as sql

# rate, breaches, tickets whose SLA is unknown (None: never unknown), label, target KPI
SLA_METRICS = (
    ("first_response_sla_rate", "first_response_breaches", "first_response_sla_unknown", "service.first_response",
     "first_response_1h_rate"),
    ("resolution_sla_rate", "resolution_breaches", "resolution_sla_unknown", "service.resolution", "resolved_24h_rate"),
    ("follow_up_sla_rate", "follow_up_breaches", None, "service.follow_up", None),
)


def render_sla_metrics(sla: pd.DataFrame, targets: dict[str, float]) -> None:
    latest = sla.iloc[-1]
    previous = sla.iloc[-2] if len(sla) > 1 else None
    with st.container(horizontal=True):
        for rate, breaches, unknown, label_key, target_kpi in SLA_METRICS:
            change = None if previous is None or pd.isna(previous[rate]) else latest[rate] - previous[rate]
            st.metric(
                t(label_key),
                format_share(latest[rate]),
                delta=None if change is None or pd.isna(change) else f"{change * 100:+.1f} pp",
                delta_description=t("overview.vs_last_month"),
                help=t(
                    "service.sla_help",
                    breaches=format_count(latest[breaches]),
                    target=format_share(targets.get(target_kpi)) if target_kpi else "—",
                ),
                border=True,
            )
    unknown = {column: latest[column] for _, _, column, _, _ in SLA_METRICS if column}
    if any(count > 0 for count in unknown.values()):
        st.caption(t("service.sla_unknown", first_response=format_count(unknown["first_response_sla_unknown"]),
                     resolution=format_count(unknown["resolution_sla_unknown"])))


def render_sla(months: tuple[date, date], channel: str, lang: str) -> None:
    layout.section("service.sla_header", "service.sla_scope", month=format_month(months[1]))
    sla = sql.sla_monthly(*months, channel)
    if sla.empty:
        st.info(t("app.no_rows"))
        return
    targets = sql.sla_targets(months[1])
    render_sla_metrics(sla, targets)
    st.plotly_chart(plots.sla_figure(sla, targets, lang))
    layout.table(
        sla,
        {
            "month": layout.month(),
            "tickets": layout.count("col.tickets"),
            "first_response_sla_rate": layout.share("service.first_response"),
            "resolution_sla_rate": layout.share("service.resolution"),
            "follow_up_sla_rate": layout.share("service.follow_up"),
            "first_response_breaches": layout.count("col.first_response_breaches"),
            "resolution_breaches": layout.count("col.resolution_breaches"),
            "follow_up_breaches": layout.count("col.follow_up_breaches"),
            "first_response_sla_unknown": layout.count("col.first_response_sla_unknown"),
            "resolution_sla_unknown": layout.count("col.resolution_sla_unknown"),
            "median_first_response_minutes": layout.number("col.median_first_response_minutes", decimals=1),
            "median_resolution_hours": layout.number("col.median_resolution_hours", decimals=1),
            "reopen_rate": layout.share("col.reopen_rate"),
            "mean_satisfaction": layout.number("col.mean_satisfaction"),
        },
    )


def render_sources(months: tuple[date, date], channel: str, lang: str) -> None:
    """Where several sources feed the tickets, their figures side by side (one source: nothing to compare)."""
    by_source = sql.sla_by_source(*months, channel)
    if len(by_source) < 2:
        return
    layout.section("service.sources_header", "service.sources_scope")
    columns = {
        "source_system": layout.text("col.source_system"),
        "tickets": layout.count("col.tickets"),
        "first_response_sla_rate": layout.share("service.first_response"),
        "resolution_sla_rate": layout.share("service.resolution"),
        "first_response_sla_unknown": layout.count("col.first_response_sla_unknown"),
        "resolution_sla_unknown": layout.count("col.resolution_sla_unknown"),
    }
    layout.data_table(layout.localize(by_source, ("source_system",), lang), columns, list(columns))


def render_backlog(as_of: str, lang: str) -> None:
    layout.section("service.backlog_header", "service.backlog_scope", as_of=as_of)
    backlog = sql.backlog()
    if backlog.empty:
        st.info(t("service.no_backlog"))
        return
    st.metric(t("col.open_tickets"), format_count(backlog["open_tickets"].sum()), border=True, width="content")
    st.plotly_chart(plots.backlog_figure(backlog, lang))
    layout.table(
        layout.localize(backlog, ("routed_department",), lang).assign(
            age=backlog["age_bucket_order"].map(lambda order: t(f"service.age.{order}"))
        ),
        {
            "routed_department": layout.text("col.department"),
            "age": layout.text("col.age"),
            "open_tickets": layout.count("col.open_tickets"),
            "oldest_age_days": layout.count("col.oldest_age_days"),
        },
    )


def render_complaints(months: tuple[date, date], lang: str) -> None:
    layout.section("service.complaints_header", "service.complaints_scope")
    complaints = sql.complaints(*months)
    if complaints.empty:
        st.info(t("app.no_rows"))
        return
    st.plotly_chart(plots.complaints_figure(complaints, lang))
    layout.table(
        layout.localize(complaints, ("category", "routed_department"), lang),
        {
            "category": layout.text("col.category"),
            "routed_department": layout.text("col.department"),
            "complaints": layout.count("col.complaints"),
            "resolution_sla_rate": layout.share("service.resolution"),
            "reopened_complaints": layout.count("col.reopened"),
            "misrouted_complaints": layout.count("col.misrouted"),
            "negative_texts": layout.count("col.negative_texts"),
        },
    )


def render_requirements(months: tuple[date, date], channel: str, lang: str) -> None:
    layout.section("service.requirements_header", "service.requirements_scope")
    requirements = sql.sla_monthly(*months, channel, kind="requirement")
    if requirements.empty:
        st.info(t("app.no_rows"))
        return
    target = sql.sla_targets(months[1]).get("requirement_resolution_rate")
    st.plotly_chart(plots.requirements_figure(requirements, target, lang))
    layout.table(
        requirements,
        {
            "month": layout.month(),
            "tickets": layout.count("col.tickets"),
            "resolution_rate": layout.share("col.resolution_rate"),
            "resolution_sla_rate": layout.share("service.resolution"),
            "median_resolution_hours": layout.number("col.median_resolution_hours", decimals=1),
        },
    )


def render() -> None:
    lang = current_lang()
    meta = layout.page_title("service.title")
    filters.header()
    start_month, end_month = filters.month_range(queries.order_months())
    channel = filters.choice("channel", sql.service_channels())
    if start_month is None:
        st.info(t("app.no_rows"))
        return
    months = (start_month, end_month)
    render_sla(months, channel, lang)
    render_sources(months, channel, lang)
    render_backlog(format_date(meta["as_of_date"]), lang)
    render_complaints(months, lang)
    render_requirements(months, channel, lang)


# The service marts carry no customer region: not a page for a user limited to regions.
PAGE = PageSpec(
    render=render,
    title_key="page.service",
    url_path="service",
    icon="🎧",
    order=50,
    regional=False,
)
