"""Action lists: pick a list, narrow it by segment, region and the list's own threshold, see who is on it
and download it as CSV or XLSX (masked personal data only; formula-like cells neutralised)."""

import pandas as pd
import polars as pl
import streamlit as st

from dashboards import audit, filters, layout, queries
from dashboards.access import Permission, User
from dashboards.formatting import format_count, format_date
from dashboards.i18n import current_lang, t
from dashboards.navigation import PageSpec
from dashboards.plots import actions as plots
from dashboards.sql import actions as sql
from pipelines import catalogue
from pipelines.exports import csv_bytes, xlsx_bytes

LIST_KEY = "actions_list"
# The number format of a column kind in a downloaded workbook.
XLSX_FORMATS = {layout.money: "#,##0.00", layout.share: "0.0%", layout.count: "#,##0"}
COLUMN_CONFIG = {
    "customer_id": layout.text,
    "churn_risk_score": layout.count,
    "churn_probability": layout.share,
    "probability_alive": layout.share,
    "lifetime_revenue": layout.money,
    "revenue_12m": layout.money,
    "net_revenue_12m": layout.money,
    "spend_needed_cny": layout.money,
    "predicted_clv_12m": layout.money,
    "last_order_at": layout.moment,
    "last_contact_at": layout.moment,
    "follow_up_week": layout.day,
    **dict.fromkeys(
        (
            "recency_days",
            "lifetime_orders",
            "paid_orders_12m",
            "orders_needed",
            "open_tickets",
            "complaints_90d",
            "days_since_last_contact",
            "birthday_month",
            "birthday_day",
        ),
        layout.count,
    ),
}


def shown_columns(spec: sql.ActionList, lang: str) -> dict[str, str]:
    """The list's columns as the frame names them in ``lang`` -> their label key."""
    return {column: f"col.{column}" for column in spec.columns}


def shown_frame(rows: pd.DataFrame, spec: sql.ActionList, lang: str) -> pd.DataFrame:
    """The rows with only the list's columns, labels (segment, stage, tier, region ...) named in ``lang``."""
    frame = rows[list(shown_columns(spec, lang))]
    labelled = tuple(column for column in frame if catalogue.concept_of(column) or catalogue.list_concept_of(column))
    return layout.localize(frame, labelled, lang)


def export(
    spec: sql.ActionList, segment: str, region: str, threshold: float | None, lang: str, kind: str, user: User
) -> bytes:
    """The whole filtered list (up to an XLSX sheet's rows) with headers in ``lang``, recorded in the audit trail.

    Streamlit runs it on the click, outside the page's run and its session: ``user`` is who drew the button.
    """
    with queries.acting_as(user):
        rows = sql.download_rows(spec.key, segment, region, threshold)
    audit.record_for(
        user,
        audit.Action.LIST_DOWNLOAD,
        customers=len(rows),
        detail=f"{spec.key} {kind}; segment {segment}, region {region}, threshold {threshold}",
    )
    labels = {column: t(label_key, lang) for column, label_key in shown_columns(spec, lang).items()}
    frame = pl.from_pandas(shown_frame(rows, spec, lang).rename(columns=labels))
    if kind == "csv":
        return csv_bytes(frame)
    formats = {
        labels[column]: XLSX_FORMATS[COLUMN_CONFIG[column]]
        for column in labels
        if COLUMN_CONFIG.get(column) in XLSX_FORMATS
    }
    return xlsx_bytes({spec.key: frame}, formats)


def render_downloads(
    spec: sql.ActionList, segment: str, region: str, threshold: float | None, stamp: str, lang: str, user: User
) -> None:
    with st.container(horizontal=True):
        for kind, mime in (
            ("csv", "text/csv"),
            ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        ):
            st.download_button(
                t(f"actions.download_{kind}"),
                data=lambda kind=kind: export(spec, segment, region, threshold, lang, kind, user),
                file_name=f"{spec.key}_{stamp}.{kind}",
                mime=mime,
                icon="📥",
                on_click="ignore",
                key=f"actions_download_{kind}",
            )


def render() -> None:
    lang = current_lang()
    meta = layout.page_title("actions.title")
    filters.header()
    segment = filters.segment()
    region = filters.region()
    key = st.pills(
        t("actions.list"),
        list(sql.ACTION_LISTS),
        format_func=lambda value: t(f"actions.{value}.title", lang),
        default=next(iter(sql.ACTION_LISTS)),
        required=True,
        key=LIST_KEY,
    )
    spec = sql.ACTION_LISTS[key]
    as_of = pd.Timestamp(meta["as_of_date"])
    st.caption(
        t(
            f"actions.{key}.description",
            week=format_date(as_of - pd.Timedelta(days=as_of.weekday())),
            month=as_of.strftime("%Y-%m"),
        )
    )
    threshold = st.number_input(
        t(f"actions.{key}.threshold"),
        value=None,
        min_value=0.0,
        step=10.0,
        placeholder=t("actions.no_threshold"),
        key=f"actions_threshold_{key}",
    )
    summary = sql.summary(key, segment, region, threshold)
    total = int(summary["customers"].sum())
    st.metric(t("actions.customers"), format_count(total), border=True, width="content")
    if total == 0:
        st.info(t("actions.empty"))
        return
    st.plotly_chart(plots.list_segments_figure(summary, lang))
    user = queries.current_user()
    if user.allows(Permission.DOWNLOAD):
        render_downloads(spec, segment, region, threshold, format_date(meta["as_of_date"]), lang, user)
    rows = sql.rows(key, segment, region, threshold)
    if total > len(rows):
        st.caption(t("actions.first_rows", shown=format_count(len(rows)), total=format_count(total)))
    columns = shown_columns(spec, lang)
    layout.data_table(
        shown_frame(rows, spec, lang),
        {column: COLUMN_CONFIG.get(column, layout.text)(label_key) for column, label_key in columns.items()},
    )


PAGE = PageSpec(
    render=render,
    title_key="page.actions",
    url_path="actions",
    icon="📋",
    order=70,
    permission=Permission.CUSTOMERS,
)
