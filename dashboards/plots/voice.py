"""Voice of the customer figures: survey scores, low scores, social volume, sentiment, topics, keywords and
negative spikes."""

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from dashboards.charts import (
    DATE_AXIS_FORMAT,
    LEGEND_ON_TOP,
    ORDERS_COLOUR,
    REVENUE_COLOUR,
    SENTIMENT_COLOURS,
    TARGET_LINE,
    month_labels,
)
from dashboards.i18n import column_value_label, t, value_label

SENTIMENTS = ("positive", "neutral", "negative")


def survey_trend_figure(trend: pd.DataFrame, lang: str) -> go.Figure:
    """NPS (left axis, -100..100) and mean CSAT (right axis, 1-5) by month sent."""
    months = month_labels(trend["month"])
    figure = make_subplots(specs=[[{"secondary_y": True}]])
    figure.add_trace(
        go.Scatter(
            x=months, y=trend["nps"], name="NPS", mode="lines+markers", line_color=REVENUE_COLOUR,
            hovertemplate="%{y:+.1f}",
        ),
        secondary_y=False,
    )
    figure.add_trace(
        go.Scatter(
            x=months,
            y=trend["csat_mean"],
            name=t("col.csat_mean", lang),
            mode="lines+markers",
            line_color=ORDERS_COLOUR,
            hovertemplate="%{y:.2f}",
        ),
        secondary_y=True,
    )
    figure.update_xaxes(title_text=t("col.month", lang), type="category")
    figure.update_yaxes(title_text="NPS", secondary_y=False)
    figure.update_yaxes(
        title_text=t("col.csat_mean", lang), range=[1, 5], tickvals=[1, 2, 3, 4, 5], showgrid=False, secondary_y=True
    )
    figure.update_layout(hovermode="x unified", legend=LEGEND_ON_TOP, margin={"t": 40})
    return figure


def nps_breakdown_figure(breakdown: pd.DataFrame, lang: str) -> go.Figure:
    """NPS over the months by channel (left) and by the customers' service tier (right)."""
    figure = make_subplots(
        rows=1, cols=2, subplot_titles=(t("voice.by_channel", lang), t("voice.by_segment", lang)), shared_yaxes=True
    )
    for column, (kind, concept) in enumerate((("channel", "channel"), ("segment", "service_tier")), start=1):
        rows = breakdown[breakdown["breakdown"] == kind]
        figure.add_trace(
            go.Bar(
                x=rows["value"].map(lambda value, concept=concept: value_label(value, lang, concept)),
                y=rows["nps"],
                marker_color=[
                    SENTIMENT_COLOURS["negative"] if nps < 0 else REVENUE_COLOUR for nps in rows["nps"].fillna(0)
                ],
                customdata=rows["nps_responses"],
                hovertemplate="%{x}: NPS %{y:.1f} (n=%{customdata:,d})<extra></extra>",
                showlegend=False,
            ),
            row=1,
            col=column,
        )
    figure.update_yaxes(title_text="NPS", row=1, col=1)
    figure.update_layout(height=320, margin={"t": 40})
    return figure


def dimensions_figure(dimensions: pd.DataFrame, lang: str) -> go.Figure:
    """Mean score (1-5) per survey dimension by month, with the dimensions' target as a dashed line."""
    figure = go.Figure()
    for _, rows in dimensions.groupby("dimension", sort=True):
        figure.add_trace(
            go.Scatter(
                x=month_labels(rows["month"]),
                y=rows["mean_score"],
                name=value_label(rows["dimension"].iloc[0], lang, "survey_dimension"),
                mode="lines+markers",
                hovertemplate="%{y:.2f}",
            )
        )
    target = dimensions["target_mean_score"].dropna()
    if not target.empty:
        figure.add_hline(
            y=target.iloc[0], line=TARGET_LINE, annotation_text=t("col.target", lang), annotation_position="top left"
        )
    figure.update_xaxes(title_text=t("col.month", lang), type="category")
    figure.update_yaxes(title_text=t("col.mean_score", lang))
    figure.update_layout(hovermode="x unified", legend=LEGEND_ON_TOP, margin={"t": 40})
    return figure


def low_score_topics_figure(topics: pd.DataFrame, lang: str) -> go.Figure:
    """Detractors and CSAT 1-2 answers per comment topic."""
    figure = go.Figure(
        go.Bar(
            y=topics["topic"].map(lambda value: value_label(value, lang, "topic")),
            x=topics["responses"],
            orientation="h",
            marker_color=SENTIMENT_COLOURS["negative"],
            hovertemplate="%{y}: %{x:,d}<extra></extra>",
        )
    )
    figure.update_xaxes(title_text=t("col.responses", lang), tickformat=",")
    figure.update_yaxes(autorange="reversed")
    figure.update_layout(height=max(240, 36 * len(topics) + 80), margin={"t": 20})
    return figure


def social_volume_figure(volume: pd.DataFrame, lang: str) -> go.Figure:
    """Mentions per month, stacked by platform."""
    figure = go.Figure()
    for platform, rows in volume.groupby("platform", sort=True):
        figure.add_trace(
            go.Bar(
                x=month_labels(rows["month"]),
                y=rows["mentions"],
                name=value_label(platform, lang, "channel"),
                hovertemplate="%{y:,d}",
            )
        )
    figure.update_xaxes(title_text=t("col.month", lang), type="category")
    figure.update_yaxes(title_text=t("col.mentions", lang), tickformat=",")
    figure.update_layout(barmode="stack", hovermode="x unified", legend=LEGEND_ON_TOP, margin={"t": 40})
    return figure


def sentiment_bars(frame: pd.DataFrame, category: str, lang: str) -> go.Figure:
    """Per ``category`` value (platform or topic): the shares of positive, neutral and negative mentions."""
    totals = frame.groupby(category, sort=False)[[f"{s}_mentions" for s in SENTIMENTS]].sum()
    shares = totals.div(totals.sum(axis=1).where(lambda total: total > 0), axis=0)
    labels = [column_value_label(category, value, lang) for value in shares.index]
    figure = go.Figure()
    for sentiment in SENTIMENTS:
        figure.add_trace(
            go.Bar(
                y=labels,
                x=shares[f"{sentiment}_mentions"],
                customdata=totals[f"{sentiment}_mentions"],
                name=value_label(sentiment, lang, "sentiment"),
                orientation="h",
                marker_color=SENTIMENT_COLOURS[sentiment],
                hovertemplate="%{y}: %{x:.0%} (%{customdata:,d})<extra></extra>",
            )
        )
    figure.update_xaxes(tickformat=".0%", range=[0, 1])
    figure.update_yaxes(autorange="reversed")
    figure.update_layout(
        barmode="stack", legend=LEGEND_ON_TOP, height=max(260, 40 * len(labels) + 100), margin={"t": 40}
    )
    return figure


def keywords_figure(keywords: pd.DataFrame, lang: str) -> go.Figure:
    """A language's top keywords: mentions, with the negative ones overlaid."""
    figure = go.Figure()
    for column, colour, label_key in (
        ("mentions", REVENUE_COLOUR, "col.mentions"),
        ("negative_mentions", SENTIMENT_COLOURS["negative"], "col.negative_mentions"),
    ):
        figure.add_trace(
            go.Bar(
                y=keywords["keyword"],
                x=keywords[column],
                name=t(label_key, lang),
                orientation="h",
                marker_color=colour,
                hovertemplate="%{y}: %{x:,d}<extra></extra>",
            )
        )
    figure.update_yaxes(autorange="reversed", type="category")
    figure.update_layout(
        barmode="overlay", legend=LEGEND_ON_TOP, height=max(300, 24 * len(keywords) + 100), margin={"t": 40}
    )
    return figure


def negative_daily_figure(daily: pd.DataFrame, spikes: pd.DataFrame, lang: str) -> go.Figure:
    """Negative mentions per day, with the spike days marked."""
    figure = go.Figure(
        go.Scatter(
            x=daily["posted_date"],
            y=daily["negative_mentions"],
            name=t("col.negative_mentions", lang),
            mode="lines",
            line={"color": SENTIMENT_COLOURS["negative"], "width": 1.5},
            hovertemplate="%{x|%Y-%m-%d}: %{y:,d}<extra></extra>",
        )
    )
    if not spikes.empty:
        figure.add_trace(
            go.Scatter(
                x=spikes["posted_date"],
                y=spikes["negative_mentions"],
                name=t("voice.spike", lang),
                mode="markers",
                marker={"size": 12, "symbol": "triangle-up", "color": "#37474f"},
                customdata=spikes["spike_ratio"],
                hovertemplate="%{x|%Y-%m-%d}: %{y:,d} (×%{customdata:.1f})<extra></extra>",
            )
        )
    figure.update_xaxes(tickformat=DATE_AXIS_FORMAT)
    figure.update_yaxes(title_text=t("col.negative_mentions", lang), rangemode="tozero")
    figure.update_layout(legend=LEGEND_ON_TOP, height=300, margin={"t": 40})
    return figure
