"""Overview: headline numbers, revenue and paid orders by month, RFM segment and service-tier mix."""

from datetime import date

import pandas as pd
import streamlit as st

from dashboards import charts, queries
from dashboards.formatting import (
    CNY_CENTS_COLUMN_FORMAT,
    CNY_COLUMN_FORMAT,
    COUNT_COLUMN_FORMAT,
    SHARE_COLUMN_FORMAT,
    format_cny,
    format_count,
    format_date,
    format_month,
    format_timestamp,
)
from dashboards.i18n import current_lang, localized_column, t
from dashboards.navigation import PageSpec

MONTHS_KEY = "overview_months"


def render_published_caption(meta: pd.Series) -> None:
    st.caption(
        t(
            "overview.published",
            as_of=format_date(meta["as_of_date"]),
            published_at=format_timestamp(meta["published_at"]),
            build_id=meta["build_id"],
        )
    )


def month_range_filter(months: list[date]) -> tuple[date | None, date | None]:
    """The order months picked (first and last, inclusive); (None, None) when there are no orders."""
    if not months:
        return None, None
    if len(months) == 1:
        return months[0], months[0]
    return st.select_slider(
        t("overview.months"),
        options=months,
        value=(months[0], months[-1]),
        format_func=format_month,
        key=MONTHS_KEY,
        help=t("overview.months_help"),
    )


def render_headline(start_month: date | None, end_month: date | None) -> None:
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


def render_monthly(start_month: date | None, end_month: date | None, lang: str) -> None:
    st.subheader(t("overview.monthly_header"))
    if start_month is None:
        st.info(t("overview.no_orders"))
        return
    monthly = queries.monthly_revenue(start_month, end_month)
    st.plotly_chart(charts.monthly_revenue_figure(monthly, lang))
    with st.expander(t("overview.table")):
        st.dataframe(
            monthly,
            hide_index=True,
            column_config={
                "order_month": st.column_config.DateColumn(t("col.month"), format="YYYY-MM"),
                "revenue_net_cny": st.column_config.NumberColumn(t("col.revenue"), format=CNY_COLUMN_FORMAT),
                "paid_orders": st.column_config.NumberColumn(t("col.paid_orders"), format=COUNT_COLUMN_FORMAT),
                "avg_order_value_cny": st.column_config.NumberColumn(t("col.aov"), format=CNY_CENTS_COLUMN_FORMAT),
            },
        )


def render_mix_table(mix: pd.DataFrame, name_columns: dict[str, str], lang: str) -> None:
    """A segment or tier mix table in ``lang``; ``name_columns`` maps bilingual name columns to label keys."""
    shown_names = [localized_column(lang, column) for column in name_columns]
    measures = ["customers", "customer_share", "revenue_net_cny", "revenue_share"]
    st.dataframe(
        mix,
        hide_index=True,
        column_order=shown_names + measures,
        column_config={
            **{
                localized_column(lang, column): st.column_config.TextColumn(t(label_key))
                for column, label_key in name_columns.items()
            },
            "customers": st.column_config.NumberColumn(t("col.customers"), format=COUNT_COLUMN_FORMAT),
            "customer_share": st.column_config.NumberColumn(t("col.customer_share"), format=SHARE_COLUMN_FORMAT),
            "revenue_net_cny": st.column_config.NumberColumn(t("col.revenue"), format=CNY_COLUMN_FORMAT),
            "revenue_share": st.column_config.NumberColumn(t("col.revenue_share"), format=SHARE_COLUMN_FORMAT),
        },
    )


def render_segments(as_of: str, lang: str) -> None:
    st.subheader(t("overview.segments_header"))
    st.caption(t("overview.rfm_caption", as_of=as_of))
    segments = queries.segment_mix()
    st.plotly_chart(charts.segment_mix_figure(segments, lang))
    with st.expander(t("overview.table")):
        render_mix_table(segments, {"segment": "col.segment", "service_tier": "col.service_tier"}, lang)


def render_tiers(lang: str) -> None:
    st.subheader(t("overview.tiers_header"))
    tiers = queries.tier_mix()
    st.plotly_chart(charts.tier_mix_figure(tiers, lang))
    with st.expander(t("overview.table")):
        render_mix_table(tiers, {"service_tier": "col.service_tier"}, lang)


def render() -> None:
    lang = current_lang()
    meta = queries.published().iloc[0]
    st.title(t("overview.title"))
    render_published_caption(meta)
    start_month, end_month = month_range_filter(queries.order_months())
    render_headline(start_month, end_month)
    render_monthly(start_month, end_month, lang)
    render_segments(format_date(meta["as_of_date"]), lang)
    render_tiers(lang)


PAGE = PageSpec(render=render, title_key="page.overview", url_path="overview", icon=":material/insights:", order=10)
