"""Voice of the customer: NPS and CSAT over time and by channel, segment and dimension, low scores, social
volume and sentiment by platform, topics and keywords in Chinese and English, negative spikes."""

from datetime import date

import streamlit as st

from dashboards import filters, layout, queries
from dashboards.charts import localized_names
from dashboards.access import Permission
from dashboards.formatting import format_date
from dashboards.i18n import current_lang, t
from dashboards.navigation import PageSpec
from dashboards.plots import voice as plots
from dashboards.sql import voice as sql

KEYWORD_LANGUAGES = ("zh", "en")


def render_surveys(months: tuple[date, date], channel: str, segment: str, lang: str) -> None:
    layout.section("voice.surveys_header", "voice.surveys_scope")
    trend = sql.survey_trend(*months, channel, segment)
    if trend.empty:
        st.info(t("app.no_rows"))
        return
    st.plotly_chart(plots.survey_trend_figure(trend, lang))
    layout.table(
        trend,
        {
            "month": layout.month(),
            "invitations_sent": layout.count("col.invitations_sent"),
            "responses": layout.count("col.responses"),
            "response_rate": layout.share("col.response_rate"),
            "nps": layout.number("col.nps", decimals=1),
            "csat_mean": layout.number("col.csat_mean"),
            "csat_satisfied_share": layout.share("col.csat_satisfied_share"),
        },
    )
    st.plotly_chart(plots.nps_breakdown_figure(sql.nps_breakdown(*months, channel, segment), lang))


def render_dimensions(months: tuple[date, date], lang: str) -> None:
    layout.section("voice.dimensions_header", "voice.dimensions_scope")
    dimensions = sql.dimension_scores(*months)
    if dimensions.empty:
        st.info(t("app.no_rows"))
        return
    st.plotly_chart(plots.dimensions_figure(dimensions, lang))
    latest = dimensions[dimensions["month"] == dimensions["month"].max()]
    below = latest[latest["is_below_target"]]
    names = localized_names(below, "dimension", lang)
    if not below.empty:
        st.warning(t("voice.below_target", dimensions="、".join(names) if lang == "zh" else ", ".join(names)))
    layout.table(
        dimensions.assign(dimension_name=localized_names(dimensions, "dimension", lang)),
        {
            "month": layout.month(),
            "dimension_name": layout.text("col.dimension"),
            "answers": layout.count("col.responses"),
            "mean_score": layout.number("col.mean_score"),
            "satisfied_share": layout.share("col.csat_satisfied_share"),
            "target_mean_score": layout.number("col.target"),
            "is_below_target": layout.flag("col.is_below_target"),
        },
    )


def render_low_scores(months: tuple[date, date], channel: str, segment: str, lang: str) -> None:
    layout.section("voice.low_scores_header", "voice.low_scores_scope")
    topics = sql.low_score_topics(*months, channel, segment)
    if topics.empty:
        st.info(t("app.no_rows"))
        return
    st.plotly_chart(plots.low_score_topics_figure(topics, lang))
    if not queries.current_user().allows(Permission.CUSTOMERS):
        st.caption(t("access.rows_need_analyst"))
        return
    rows = layout.localize(
        sql.low_scores(*months, channel, segment),
        ("channel", "customer_segment", "comment_topic", "comment_sentiment"),
        lang,
    )
    with st.expander(t("voice.low_scores_table", limit=sql.LOW_SCORES_LIMIT)):
        layout.data_table(
            rows,
            {
                "responded_at": layout.moment("col.responded_at"),
                "customer_id": layout.text("col.customer_id"),
                "channel": layout.text("col.channel"),
                "customer_segment": layout.text("col.service_tier"),
                "nps_score": layout.number("col.nps", decimals=0),
                "csat_score": layout.number("col.csat", decimals=0),
                "score_product_quality": layout.number("col.score_product_quality", decimals=0),
                "score_service_response": layout.number("col.score_service_response", decimals=0),
                "score_communication": layout.number("col.score_communication", decimals=0),
                "comment_topic": layout.text("col.topic"),
                "comment_sentiment": layout.text("col.sentiment"),
                "comment_keywords": layout.text("col.keywords"),
            },
        )


def render_social(months: tuple[date, date], platform: str, lang: str) -> None:
    layout.section("voice.social_header", "voice.social_scope")
    volume = sql.social_volume(*months, platform)
    if volume.empty:
        st.info(t("app.no_rows"))
        return
    left, right = st.columns([3, 2])
    with left:
        st.plotly_chart(plots.social_volume_figure(volume, lang))
    with right:
        st.plotly_chart(plots.sentiment_bars(volume, "platform", lang))
    layout.table(
        layout.localize(volume, ("platform",), lang),
        {
            "month": layout.month(),
            "platform": layout.text("col.platform"),
            "mentions": layout.count("col.mentions"),
            "positive_mentions": layout.count("col.positive_mentions"),
            "neutral_mentions": layout.count("col.neutral_mentions"),
            "negative_mentions": layout.count("col.negative_mentions"),
            "engagements": layout.count("col.engagements"),
        },
    )


def render_topics(months: tuple[date, date], lang: str) -> None:
    layout.section("voice.topics_header", "voice.topics_scope")
    topics = sql.topics(*months)
    if not topics.empty:
        st.plotly_chart(plots.sentiment_bars(topics, "topic", lang))
    for column, language in zip(st.columns(len(KEYWORD_LANGUAGES)), KEYWORD_LANGUAGES, strict=True):
        with column:
            st.markdown(f"**{t(f'voice.keywords_{language}')}**")
            keywords = sql.keywords(*months, language)
            if keywords.empty:
                st.info(t("app.no_rows"))
            else:
                st.plotly_chart(plots.keywords_figure(keywords, lang))
    layout.table(
        layout.localize(topics, ("topic",), lang),
        {
            "topic": layout.text("col.topic"),
            "mentions": layout.count("col.mentions"),
            "negative_mentions": layout.count("col.negative_mentions"),
            "negative_share": layout.share("col.negative_share"),
        },
    )


def render_spikes(months: tuple[date, date], platform: str, lang: str) -> None:
    layout.section("voice.spikes_header", "voice.spikes_scope")
    spikes = sql.spikes(*months, platform)
    st.plotly_chart(plots.negative_daily_figure(sql.negative_daily(*months, platform), spikes, lang))
    if spikes.empty:
        st.info(t("voice.no_spikes"))
        return
    day = st.selectbox(
        t("voice.spike_day"),
        list(spikes["posted_date"]),
        format_func=lambda value: t(
            "voice.spike_option",
            lang,
            day=format_date(value),
            mentions=int(spikes.loc[spikes["posted_date"] == value, "negative_mentions"].iloc[0]),
        ),
        key=f"voice_spike_day.{lang}",  # see filters.widget_key
    )
    examples = layout.localize(sql.spike_examples(day, platform), ("platform", "language", "topic"), lang)
    st.caption(t("voice.examples_caption"))
    layout.data_table(
        examples,
        {
            "posted_at": layout.moment("col.posted_at"),
            "platform": layout.text("col.platform"),
            "language": layout.text("col.language"),
            "topic": layout.text("col.topic"),
            "keywords": layout.text("col.keywords"),
            "sentiment_score": layout.number("col.sentiment_score"),
            "engagements": layout.count("col.engagements"),
        },
    )


def render() -> None:
    lang = current_lang()
    layout.page_title("voice.title")
    filters.header()
    start_month, end_month = filters.month_range(queries.order_months())
    segment = filters.segment()
    channel = filters.choice("channel", sql.survey_channels())
    platform = filters.choice("platform", sql.platforms())
    if start_month is None:
        st.info(t("app.no_rows"))
        return
    months = (start_month, end_month)
    render_surveys(months, channel, segment, lang)
    render_dimensions(months, lang)
    render_low_scores(months, channel, segment, lang)
    render_social(months, platform, lang)
    render_topics(months, lang)
    render_spikes(months, platform, lang)


# Survey and social marts carry no customer region: not a page for a user limited to regions.
PAGE = PageSpec(
    render=render, title_key="page.voice", url_path="voice", icon="💬", order=40, regional=False
)
