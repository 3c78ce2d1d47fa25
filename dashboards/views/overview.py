"""Overview: the last month's KPIs against target and the month before, alerts, the revenue and active
customers trend, totals over the months, and the RFM segment and service-tier mix."""

from datetime import date

import pandas as pd
import streamlit as st

from dashboards import charts, filters, layout, queries
from dashboards.formatting import (
    COUNT_COLUMN_FORMAT,
    format_cny,
    format_count,
    format_date,
    format_kpi,
    format_kpi_change,
    format_month,
    format_share,
)
from dashboards.i18n import current_lang, t, value_label
from dashboards.navigation import PageSpec
from pipelines import catalogue

STATUS_COLOURS = {"met": "green", "missed": "red"}
KPI_TILE_WIDTH = 220


def kpi_help(kpi: pd.Series, lang: str) -> str:
    """A KPI tile's tooltip: what the KPI counts and how its target is set (the catalogue of definitions),
    this month's target and last month's value."""
    entry = catalogue.entry("kpi", kpi["kpi"])
    return t(
        "overview.kpi_help",
        lang,
        definition=entry.definition(lang) if entry else "",
        rule=entry.target_rule(lang) if entry else "",
        target=format_kpi(kpi["target"], kpi["unit"]),
        previous=format_kpi(kpi["previous_value"], kpi["unit"]),
    )


def render_kpi_tile(kpi: pd.Series, lang: str) -> None:
    history = [] if pd.api.types.is_scalar(kpi["history"]) else list(kpi["history"])  # scalar: NA, no values
    with st.container(border=True, width=KPI_TILE_WIDTH):
        st.metric(
            value_label(kpi["kpi"], lang, "kpi"),
            format_kpi(kpi["value"], kpi["unit"]),
            delta=format_kpi_change(kpi["change"], kpi["unit"]),
            delta_color="normal" if kpi["direction"] == "higher" else "inverse",
            delta_description=t("overview.vs_last_month"),
            chart_data=history if len(history) > 1 else None,
            help=kpi_help(kpi, lang),
        )
        status = value_label(kpi["target_status"], lang, "target_status")
        target = format_kpi(kpi["target"], kpi["unit"])
        st.badge(
            t("overview.target_status", target=target, status=status),
            color=STATUS_COLOURS.get(kpi["target_status"], "gray"),
        )


def render_kpis(kpis: pd.DataFrame, month: date, lang: str) -> None:
    layout.section("overview.kpis_header", "overview.kpis_scope", month=format_month(month))
    if kpis.empty:
        st.info(t("overview.no_kpis"))
        return
    with st.container(horizontal=True):
        for _, kpi in kpis.iterrows():
            render_kpi_tile(kpi, lang)


def missed_target_lines(kpis: pd.DataFrame, lang: str) -> list[str]:
    missed = kpis[kpis["target_status"] == "missed"]
    return [
        t(
            "overview.alert_missed",
            kpi=value_label(row["kpi"], lang, "kpi"),
            value=format_kpi(row["value"], row["unit"]),
            target=format_kpi(row["target"], row["unit"]),
        )
        for _, row in missed.iterrows()
    ]


def spike_lines(spikes: pd.DataFrame, lang: str) -> list[str]:
    return [
        t(
            "overview.alert_spike",
            day=format_date(row["posted_date"]),
            platform=value_label(row["platform"], lang, "channel"),
            mentions=format_count(row["negative_mentions"]),
            ratio=f"{row['spike_ratio']:.1f}",
            topic=value_label(row["top_topic"], lang, "topic"),
        )
        for _, row in spikes.iterrows()
    ]


def sla_lines(sla: pd.DataFrame) -> list[str]:
    if sla.empty:
        return []
    row = sla.iloc[0]
    return [
        t(
            f"overview.alert_sla_{name}",
            tickets=format_count(row[f"{name}_breaches"]),
            rate=format_share(row[f"{name}_sla_rate"]),
        )
        for name in ("first_response", "resolution", "follow_up")
        if pd.notna(row[f"{name}_breaches"]) and row[f"{name}_breaches"] > 0
    ]


def render_alerts(kpis: pd.DataFrame, month: date, lang: str) -> None:
    layout.section("overview.alerts_header", "overview.alerts_scope", month=format_month(month))
    alerts = (
        (st.error, "overview.alert_missed_title", missed_target_lines(kpis, lang)),
        (st.warning, "overview.alert_spike_title", spike_lines(queries.negative_spikes(month), lang)),
        (st.warning, "overview.alert_sla_title", sla_lines(queries.sla_breaches(month))),
    )
    shown = [(box, title_key, lines) for box, title_key, lines in alerts if lines]
    if not shown:
        st.success(t("overview.no_alerts"), icon="✅")
    columns = st.columns(len(shown)) if shown else []
    for column, (box, title_key, lines) in zip(columns, shown, strict=True):
        with column:
            box(f"**{t(title_key)}**\n\n" + "\n".join(f"- {line}" for line in lines))


def render_trend(start_month: date, end_month: date, lang: str) -> None:
    layout.section("overview.trend_header", "overview.trend_scope")
    monthly = queries.monthly_trend(start_month, end_month)
    st.plotly_chart(charts.monthly_trend_figure(monthly, lang))
    layout.table(
        monthly,
        {
            "month": layout.month(),
            "revenue_net_cny": layout.money("col.revenue"),
            "paid_orders": layout.count("col.paid_orders"),
            "active_customers": st.column_config.NumberColumn(
                value_label("active_customers", lang, "kpi"), format=COUNT_COLUMN_FORMAT
            ),
        },
    )


def render_headline(start_month: date, end_month: date) -> None:
    layout.section(
        "overview.totals_header", "overview.totals_scope", start=format_month(start_month), end=format_month(end_month)
    )
    numbers = queries.headline(start_month, end_month).iloc[0]
    # A wrapping row, so that billions of yuan are never cut off on narrow screens.
    with st.container(horizontal=True):
        for label_key, value, help_key in (
            ("metric.customers", format_count(numbers["customers"]), "metric.customers_help"),
            ("metric.buyers", format_count(numbers["buyers"]), "metric.buyers_help"),
            ("metric.revenue", format_cny(numbers["revenue_net_cny"]), "metric.revenue_help"),
            ("metric.paid_orders", format_count(numbers["paid_orders"]), "metric.paid_orders_help"),
            ("metric.aov", format_cny(numbers["avg_order_value_cny"], decimals=2), "metric.aov_help"),
        ):
            st.metric(t(label_key), value, help=t(help_key), border=True)


def mix_columns(name_columns: dict[str, str]) -> dict[str, object]:
    """A segment or tier mix table's columns; ``name_columns`` maps its name columns to label keys."""
    return {
        **{column: layout.text(label_key) for column, label_key in name_columns.items()},
        "customers": layout.count("col.customers"),
        "customer_share": layout.share("col.customer_share"),
        "revenue_net_cny": layout.money("col.revenue"),
        "revenue_share": layout.share("col.revenue_share"),
    }


def render_segments(as_of: str, lang: str) -> None:
    layout.section("overview.segments_header", "overview.rfm_caption", as_of=as_of)
    segments = queries.segment_mix()
    st.plotly_chart(charts.segment_mix_figure(segments, lang))
    layout.table(
        layout.localize(segments, ("segment", "service_tier"), lang),
        mix_columns({"segment": "col.segment", "service_tier": "col.service_tier"}),
    )


def render_tiers(lang: str) -> None:
    layout.section("overview.tiers_header")
    tiers = queries.tier_mix()
    st.plotly_chart(charts.tier_mix_figure(tiers, lang))
    layout.table(layout.localize(tiers, ("service_tier",), lang), mix_columns({"service_tier": "col.service_tier"}))


def render() -> None:
    lang = current_lang()
    meta = layout.page_title("overview.title")
    filters.header()
    start_month, end_month = filters.month_range(queries.order_months())
    if queries.current_user().scoped:
        layout.company_wide_notice()  # KPIs, alerts, the trend and the totals have no region
    elif start_month is None:
        st.info(t("overview.no_orders"))
    else:
        kpis = queries.kpis(start_month, end_month)
        render_kpis(kpis, end_month, lang)
        render_alerts(kpis, end_month, lang)
        render_trend(start_month, end_month, lang)
        render_headline(start_month, end_month)
    render_segments(format_date(meta["as_of_date"]), lang)
    render_tiers(lang)


PAGE = PageSpec(render=render, title_key="page.overview", url_path="overview", icon="📈", order=10)
