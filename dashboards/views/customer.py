"""Customer 360: find a customer by name, phone, e-mail or id (masked), their profile card, RFM, lifecycle,
member tier, churn risk with its reasons, CLV, and the timeline of what they did."""

import pandas as pd
import streamlit as st

from dashboards import audit, filters, layout, queries
from dashboards.access import Permission
from dashboards.formatting import format_cny, format_count, format_date, format_share, format_timestamp
from dashboards.i18n import STRINGS, column_value_label, column_value_labels, current_lang, t
from dashboards.navigation import PageSpec
from dashboards.plots import customer as plots
from dashboards.sql import customer as sql

SEARCH_KEY = "customer_search"
PICK_KEY = "customer_pick"
AUDITED_CARD_KEY = "customer_card_audited"


def pick_customer(matches: pd.DataFrame) -> str:
    labels = {
        row.customer_id: " · ".join(
            str(part)
            for part in (row.customer_id, row.name_masked, row.phone_masked, row.email_masked)
            if pd.notna(part)
        )
        for row in matches.itertuples()
    }
    return st.selectbox(t("customer.pick"), list(labels), format_func=labels.get, key=PICK_KEY)


def text_or_empty(value: object) -> str:
    """A value for markdown: masked values keep their stars ('138****1234') instead of turning bold."""
    return "—" if pd.isna(value) else str(value).replace("\\", "\\\\").replace("*", "\\*").replace("_", "\\_")


def shown_value(profile: pd.Series, column: str, lang: str) -> str:
    """A profile's value of ``column`` in ``lang`` for markdown, a label by the catalogue of definitions
    (a missing one as its concept names it: 'No member tier'; else '—')."""
    return text_or_empty(column_value_label(column, profile[column], lang))


def social_line(profile: pd.Series, lang: str) -> str:
    """Posts by the customer's linked social handles: how many, the latest one's sentiment, the mean score."""
    if not profile["social_mentions_total"]:
        return t("customer.no_social")
    return t(
        "customer.social_line",
        mentions=format_count(profile["social_mentions_total"]),
        sentiment=shown_value(profile, "latest_social_sentiment", lang),
        score="—" if pd.isna(profile["social_sentiment_score"]) else f"{profile['social_sentiment_score']:+.2f}",
    )


def render_card(profile: pd.Series, lang: str) -> None:
    with st.container(border=True):
        st.markdown(f"### {text_or_empty(profile['name_masked'])} · `{profile['customer_id']}`")
        left, middle, right = st.columns(3)
        left.markdown(
            f"**{t('col.phone')}**: {text_or_empty(profile['phone_masked'])}  \n"
            f"**{t('col.email')}**: {text_or_empty(profile['email_masked'])}  \n"
            f"**{t('col.gender')}**: {shown_value(profile, 'gender', lang)}"
        )
        middle.markdown(
            f"**{t('col.city')}**: {shown_value(profile, 'city', lang)} ({shown_value(profile, 'region', lang)})  \n"
            f"**{t('col.industry')}**: {shown_value(profile, 'industry', lang)}  \n"
            f"**{t('col.signup_at')}**: {format_date(profile['signup_at'])} · "
            f"{shown_value(profile, 'acquisition_channel', lang)}"
        )
        right.markdown(
            f"**{t('col.last_contact_at')}**: {format_timestamp(profile['last_contact_at'])}  \n"
            f"**{t('col.open_tickets')}**: {format_count(profile['open_tickets'])} · "
            f"**{t('col.complaints_90d')}**: {format_count(profile['complaints_90d'])}  \n"
            f"**{t('col.latest_nps')}**: {text_or_empty(profile['latest_nps'])} · "
            f"**{t('col.latest_csat')}**: {text_or_empty(profile['latest_csat'])}  \n"
            f"**{t('customer.social')}**: {social_line(profile, lang)}"
        )
        tags = column_value_labels("tags", profile["tags"], lang)
        if tags:
            with st.container(horizontal=True):
                for tag in tags:
                    st.badge(tag, color="violet")


def render_value(profile: pd.Series) -> None:
    columns = st.columns(3)
    for index, (label_key, value) in enumerate(
        (
            ("col.lifetime_revenue", format_cny(profile["lifetime_revenue"])),
            ("col.lifetime_orders", format_count(profile["lifetime_orders"])),
            ("col.aov", format_cny(profile["avg_order_value"], decimals=2)),
            ("col.revenue_12m", format_cny(profile["revenue_12m"])),
            ("col.predicted_clv_12m", format_cny(profile["predicted_clv_12m"])),
            ("col.probability_alive", format_share(profile["probability_alive"])),
        )
    ):
        help_key = f"{label_key}_help"
        columns[index % 3].metric(t(label_key), value, border=True, help=t(help_key) if help_key in STRINGS else None)


def render_standing(profile: pd.Series, lang: str) -> None:
    left, right = st.columns([3, 2])
    with left:
        layout.section("customer.standing_header")
        with st.container(horizontal=True):
            for label_key, column, colour in (
                ("col.segment", "segment", "blue"),
                ("col.service_tier", "service_tier", "green"),
                ("col.lifecycle_stage", "lifecycle_stage", "orange"),
                ("col.member_tier", "member_tier", "violet"),
            ):
                st.badge(f"{t(label_key)}: {shown_value(profile, column, lang)}", color=colour)
        st.markdown(
            t(
                "customer.rfm_line",
                r=text_or_empty(profile["r_score"]),
                f=text_or_empty(profile["f_score"]),
                m=text_or_empty(profile["m_score"]),
                recency=text_or_empty(profile["recency_days"]),
                last_order=format_date(profile["last_order_at"]),
            )
        )
        reasons = column_value_labels("churn_risk_reasons", profile["churn_risk_reasons"], lang)
        st.markdown(f"**{t('customer.churn_reasons')}**")
        if reasons:
            st.markdown("\n".join(f"- {reason}" for reason in reasons))
        else:
            st.caption(t("customer.no_churn_reasons"))
        st.markdown(t("customer.churn_probability", probability=format_share(profile["churn_probability"])))
        st.caption(t("customer.churn_how_to_read"))
    with right:
        score = profile["churn_risk_score"]
        st.plotly_chart(plots.churn_gauge(None if pd.isna(score) else float(score), lang))


def render_timeline(customer_id: str, profile: pd.Series, lang: str) -> None:
    layout.section("customer.timeline_header", "customer.timeline_scope")
    events = sql.timeline(customer_id)
    if events.empty:
        st.info(t("customer.no_events"))
        return
    st.plotly_chart(plots.timeline_figure(events, lang))
    layout.table(
        layout.localize(events, ("event_kind", "detail", "channel", "sentiment", "source_system"), lang),
        {
            "event_at": layout.moment("col.event_at"),
            "event_kind": layout.text("col.event_kind"),
            "detail": layout.text("col.detail"),
            "channel": layout.text("col.channel"),
            "amount_cny": layout.money("col.amount"),
            "score": layout.number("col.score", decimals=0),
            "sentiment": layout.text("col.sentiment"),
            "source_system": layout.text("col.source_system"),
        },
    )


def record_card_opened(customer_id: str) -> None:
    """One audit event per customer card opened in this session (not one per rerun of the same card)."""
    if st.session_state.get(AUDITED_CARD_KEY) == customer_id:
        return
    audit.record_for(queries.current_user(), audit.Action.CUSTOMER_CARD, customers=1, customer_ids=(customer_id,))
    st.session_state[AUDITED_CARD_KEY] = customer_id


def render() -> None:
    lang = current_lang()
    layout.page_title("customer.title")
    filters.header()
    segment = filters.segment()
    region = filters.region()
    text = st.text_input(
        t("customer.search"),
        key=SEARCH_KEY,
        placeholder=t("customer.search_placeholder"),
        help=t("customer.search_help"),
    )
    matches = sql.search(text, segment, region)
    if matches.empty:
        st.info(t("customer.no_match"))
        return
    st.caption(t("customer.matches", count=len(matches), limit=sql.SEARCH_LIMIT))
    customer_id = pick_customer(matches)
    profile = sql.profile(customer_id).iloc[0]
    record_card_opened(customer_id)
    render_card(profile, lang)
    render_value(profile)
    render_standing(profile, lang)
    render_timeline(customer_id, profile, lang)
    layout.section("customer.matches_header")
    layout.table(
        layout.localize(matches, ("segment", "region", "city"), lang),
        {
            "customer_id": layout.text("col.customer_id"),
            "name_masked": layout.text("col.name"),
            "phone_masked": layout.text("col.phone"),
            "email_masked": layout.text("col.email"),
            "city": layout.text("col.city"),
            "region": layout.text("col.region"),
            "segment": layout.text("col.segment"),
            "lifetime_revenue": layout.money("col.lifetime_revenue"),
        },
    )


PAGE = PageSpec(
    render=render,
    title_key="page.customer",
    url_path="customer",
    icon="🔍",
    order=20,
    permission=Permission.CUSTOMERS,
)
