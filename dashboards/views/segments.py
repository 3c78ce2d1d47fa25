"""Segments: RFM segment sizes and value, segment migration between two months, the lifecycle funnel and
monthly transitions, cohort retention, member tier movements and cross-sell pairs."""

from datetime import date

import streamlit as st

from dashboards import charts, filters, layout, queries
from dashboards.formatting import format_count, format_date, format_month
from dashboards.i18n import current_lang, t, value_label
from dashboards.navigation import PageSpec
from dashboards.plots import segments as plots
from dashboards.sql import segments as sql
from pipelines import catalogue

COHORT_BASES = ("first_order", "signup")
COHORT_MEASURES = ("active_share", "ordering_share")


def render_sizes(segment: str, region: str, as_of: str, lang: str) -> None:
    layout.section("segments.sizes_header", "segments.customer_scope", as_of=as_of)
    sizes = sql.segment_sizes(segment, region)
    if sizes.empty:
        st.info(t("app.no_rows"))
        return
    st.plotly_chart(charts.segment_mix_figure(sizes, lang))
    layout.table(
        layout.localize(sizes, ("segment", "service_tier"), lang),
        {
            "segment": layout.text("col.segment"),
            "service_tier": layout.text("col.service_tier"),
            "customers": layout.count("col.customers"),
            "revenue_net_cny": layout.money("col.revenue"),
            "avg_recency_days": layout.number("col.avg_recency_days", decimals=0),
            "avg_orders": layout.number("col.avg_orders", decimals=1),
            "predicted_clv_12m": layout.money("col.predicted_clv_12m"),
        },
    )


def migration_pair(months: list[date]) -> tuple[date, date]:
    left, right = st.columns(2)
    to_month = right.selectbox(
        t("segments.to_month"), months[1:][::-1], format_func=format_month, key="segments_to_month"
    )
    earlier = [month for month in months if month < to_month]
    from_month = left.selectbox(
        t("segments.from_month"), earlier[::-1], format_func=format_month, key="segments_from_month"
    )
    return from_month, to_month


def render_migration(segment: str, lang: str) -> None:
    layout.section("segments.migration_header", "segments.migration_scope")
    months = sql.migration_months()
    if len(months) < 2:
        st.info(t("app.no_rows"))
        return
    from_month, to_month = migration_pair(months)
    migration = sql.migration(from_month, to_month, segment)
    if migration.empty:
        st.info(t("app.no_rows"))
        return
    st.plotly_chart(plots.migration_sankey(migration, lang))
    with st.expander(t("segments.matrix")):
        st.dataframe(plots.migration_matrix(migration, lang))


def render_lifecycle(start_month: date, end_month: date, segment: str, region: str, as_of: str, lang: str) -> None:
    layout.section("segments.lifecycle_header", "segments.customer_scope", as_of=as_of)
    stages = sql.lifecycle_stages(segment, region)
    left, right = st.columns(2)
    with left:
        st.plotly_chart(plots.lifecycle_funnel(stages, lang))
        active = stages.loc[stages["lifecycle_stage"].isin(catalogue.ACTIVE_CUSTOMER_STAGES), "customers"].sum()
        st.caption(
            t(
                "segments.active_customers_line",
                kpi=value_label("active_customers", lang, "kpi"),
                stages=" + ".join(value_label(stage, lang, "lifecycle_stage") for stage in catalogue.ACTIVE_CUSTOMER_STAGES),
                customers=format_count(active),
            )
        )
    if queries.current_user().scoped:
        return  # the monthly transitions have no region
    transitions = sql.lifecycle_transitions(start_month, end_month)
    with right:
        st.caption(t("segments.transitions_scope"))
        st.plotly_chart(plots.transitions_figure(transitions, lang))
    layout.table(
        layout.localize(transitions, ("to_stage",), lang),
        {
            "month": layout.month(),
            "to_stage": layout.text("col.to_stage"),
            "customers": layout.count("col.customers"),
        },
    )


def render_cohorts(start_month: date, end_month: date, lang: str) -> None:
    layout.section("segments.cohorts_header", "segments.cohorts_scope")
    left, right = st.columns(2)
    basis = left.segmented_control(
        t("segments.cohort_basis"),
        COHORT_BASES,
        format_func=lambda value: t(f"segments.basis.{value}", lang),
        default=COHORT_BASES[0],
        required=True,
        key="segments_cohort_basis",
    )
    measure = right.segmented_control(
        t("segments.cohort_measure"),
        COHORT_MEASURES,
        format_func=lambda value: t(f"col.{value}", lang),
        default=COHORT_MEASURES[0],
        required=True,
        key="segments_cohort_measure",
    )
    cohorts = sql.cohort_retention(basis, start_month, end_month)
    if cohorts.empty:
        st.info(t("app.no_rows"))
        return
    st.plotly_chart(plots.cohort_heatmap(cohorts, measure, lang))
    layout.table(
        cohorts,
        {
            "cohort_month": layout.month("col.cohort_month"),
            "months_since": layout.count("segments.months_since"),
            "cohort_customers": layout.count("col.cohort_customers"),
            "ordering_share": layout.share("col.ordering_share"),
            "active_share": layout.share("col.active_share"),
        },
    )


def render_tiers(start_month: date, end_month: date, segment: str, region: str, lang: str) -> None:
    layout.section("segments.tiers_header", "segments.tiers_scope")
    changes = sql.tier_changes(start_month, end_month, segment, region)
    if changes.empty:
        st.info(t("app.no_rows"))
        return
    st.plotly_chart(plots.tier_changes_figure(changes, lang))
    layout.table(
        layout.localize(changes, ("tier_change", "from_member_tier", "to_member_tier"), lang),
        {
            "month": layout.month(),
            "tier_change": layout.text("col.tier_change"),
            "from_member_tier": layout.text("col.from_member_tier"),
            "to_member_tier": layout.text("col.to_member_tier"),
            "customers": layout.count("col.customers"),
        },
    )


def render_cross_sell(lang: str) -> None:
    layout.section("segments.cross_sell_header", "segments.cross_sell_scope")
    pairs = sql.cross_sell()
    if pairs.empty:
        st.info(t("app.no_rows"))
        return
    st.plotly_chart(plots.cross_sell_heatmap(pairs, lang))
    layout.table(
        layout.localize(pairs, ("antecedent_category", "consequent_category"), lang),
        {
            "antecedent_category": layout.text("col.antecedent"),
            "consequent_category": layout.text("col.consequent"),
            "pair_customers": layout.count("col.customers"),
            "support": layout.share("col.support"),
            "confidence": layout.share("col.confidence"),
            "lift": layout.number("col.lift"),
        },
    )


def render() -> None:
    lang = current_lang()
    meta = layout.page_title("segments.title")
    as_of = format_date(meta["as_of_date"])
    filters.header()
    start_month, end_month = filters.month_range(queries.order_months())
    segment = filters.segment()
    region = filters.region()
    scoped = queries.current_user().scoped
    render_sizes(segment, region, as_of, lang)
    if not scoped:
        render_migration(segment, lang)
    if start_month is not None:
        render_lifecycle(start_month, end_month, segment, region, as_of, lang)
        if not scoped:
            render_cohorts(start_month, end_month, lang)
        render_tiers(start_month, end_month, segment, region, lang)
    if scoped:
        layout.company_wide_notice()  # migration, transitions, cohorts and cross-sell have no region
    else:
        render_cross_sell(lang)


PAGE = PageSpec(render=render, title_key="page.segments", url_path="segments", icon="👥", order=30)
