"""Plotly figure builders: pure functions from an aggregated frame (as the query layer returns it) to a
figure, labelled in the language given. This module holds the shared pieces and the overview's figures;
dashboards/plots/<page>.py holds the other pages'."""

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from dashboards.i18n import (
    column_value_label,
    column_value_labels,
    definition,
    detail_label,
    joined_labels,
    t,
    value_label,
)
from pipelines import catalogue

TIER_COLOURS = {"high value": "#2e7d32", "potential": "#1f77b4", "at risk": "#e65100"}
OTHER_TIER_COLOUR = "#9e9e9e"
REVENUE_COLOUR = "#1f77b4"
ORDERS_COLOUR = "#ff7f0e"
SENTIMENT_COLOURS = {"positive": "#2e7d32", "neutral": "#9e9e9e", "negative": "#c62828"}
MET_COLOUR = "#2e7d32"
MISSED_COLOUR = "#c62828"
TARGET_LINE = {"dash": "dash", "width": 1.5}
# Date axes as numbers: plotly's default ticks ('Jan 2024') are English on the Chinese pages too.
DATE_AXIS_FORMAT = "%Y-%m"
LEGEND_ON_TOP = {"orientation": "h", "yanchor": "bottom", "y": 1.02, "xanchor": "left", "x": 0}
LEGEND_BELOW = {"orientation": "h", "yanchor": "top", "y": -0.08, "xanchor": "left", "x": 0}


def localized_names(frame: pd.DataFrame, column: str, lang: str) -> pd.Series:
    """A label column's values in ``lang``, named by the catalogue of definitions: a column of labels
    (segment, lifecycle_stage, channel ...), a list column (churn rules, tags) or a timeline's detail (by
    each row's event kind; a tier change as 'from → to')."""
    if column == "detail" and "event_kind" in frame:
        return pd.Series(
            [timeline_detail(row, lang) for row in frame[["event_kind", "detail", "detail_from"]].itertuples()],
            index=frame.index,
            dtype=object,
        )
    if catalogue.list_concept_of(column):
        return frame[column].map(lambda value: joined_labels(column_value_labels(column, value, lang), lang))
    return frame[column].map(lambda value: column_value_label(column, value, lang))


def timeline_detail(row: tuple, lang: str) -> str:
    """One timeline event's detail in ``lang``; a member tier change names both tiers."""
    detail = detail_label(row.event_kind, row.detail, lang)
    return f"{detail_label(row.event_kind, row.detail_from, lang)} → {detail}" if row.event_kind == "tier" else detail


def localized_definitions(frame: pd.DataFrame, column: str, lang: str) -> pd.Series:
    """Each row's label in ``column`` by its one-sentence definition in the catalogue, for hover texts."""
    concept = catalogue.concept_of(column)
    return frame[column].map(lambda value: definition(concept, value, lang) if pd.notna(value) else "")


def tier_colours(frame: pd.DataFrame) -> list[str]:
    """One colour per row, by its English service tier, the same in every chart."""
    return [TIER_COLOURS.get(tier, OTHER_TIER_COLOUR) for tier in frame["service_tier"]]


def month_labels(months: pd.Series) -> pd.Series:
    """Month dates as '2024-03' category labels."""
    return pd.to_datetime(months).dt.strftime("%Y-%m")


def monthly_trend_figure(monthly: pd.DataFrame, lang: str) -> go.Figure:
    """Net revenue as bars (left axis, ¥) and active customers as a line (right axis), by month."""
    months = month_labels(monthly["month"])
    figure = make_subplots(specs=[[{"secondary_y": True}]])
    figure.add_trace(
        go.Bar(
            x=months,
            y=monthly["revenue_net_cny"],
            name=t("col.revenue", lang),
            marker_color=REVENUE_COLOUR,
            hovertemplate="¥%{y:,.0f}",
        ),
        secondary_y=False,
    )
    figure.add_trace(
        go.Scatter(
            x=months,
            y=monthly["active_customers"],
            name=value_label("active_customers", lang, "kpi"),
            mode="lines+markers",
            line_color=ORDERS_COLOUR,
            hovertemplate="%{y:,d}",
        ),
        secondary_y=True,
    )
    figure.update_xaxes(title_text=t("col.month", lang), type="category")
    figure.update_yaxes(title_text=t("col.revenue", lang), tickprefix="¥", tickformat=",.0f", secondary_y=False)
    figure.update_yaxes(
        title_text=value_label("active_customers", lang, "kpi"),
        tickformat=",d",
        showgrid=False,
        rangemode="tozero",
        secondary_y=True,
    )
    figure.update_layout(hovermode="x unified", legend=LEGEND_ON_TOP, margin={"t": 40})
    return figure


def segment_mix_figure(segments: pd.DataFrame, lang: str) -> go.Figure:
    """Customers and net revenue per RFM segment, side by side, one colour and legend entry per service tier."""
    names = localized_names(segments, "segment", lang)
    tier_names = localized_names(segments, "service_tier", lang)
    meanings = localized_definitions(segments, "segment", lang)
    figure = make_subplots(
        rows=1,
        cols=2,
        shared_yaxes=True,
        horizontal_spacing=0.04,
        subplot_titles=(t("col.customers", lang), t("col.revenue", lang)),
    )
    for tier, rows in segments.groupby(segments["service_tier"].fillna(""), sort=False).groups.items():
        style = {
            "orientation": "h",
            "marker_color": TIER_COLOURS.get(tier, OTHER_TIER_COLOUR),
            "name": tier_names[rows[0]],
            "legendgroup": tier,
        }
        figure.add_trace(
            go.Bar(
                y=names[rows],
                x=segments.loc[rows, "customers"],
                customdata=meanings[rows],
                hovertemplate="%{y}: %{x:,d}<br>%{customdata}",
                **style,
            ),
            row=1,
            col=1,
        )
        figure.add_trace(
            go.Bar(
                y=names[rows],
                x=segments.loc[rows, "revenue_net_cny"],
                customdata=meanings[rows],
                hovertemplate="%{y}: ¥%{x:,.0f}<br>%{customdata}",
                showlegend=False,
                **style,
            ),
            row=1,
            col=2,
        )
    figure.update_xaxes(tickformat=",", row=1, col=1)
    figure.update_xaxes(tickprefix="¥", tickformat=",.0f", row=1, col=2)
    figure.update_yaxes(categoryorder="array", categoryarray=list(names), autorange="reversed")
    figure.update_layout(
        barmode="overlay",
        legend=LEGEND_BELOW,
        height=max(320, 36 * len(segments) + 120),
        margin={"t": 40},
    )
    return figure


def tier_mix_figure(tiers: pd.DataFrame, lang: str) -> go.Figure:
    """Customers and net revenue per service tier, as two donuts."""
    names = localized_names(tiers, "service_tier", lang)
    colours = tier_colours(tiers)
    figure = make_subplots(
        rows=1,
        cols=2,
        specs=[[{"type": "domain"}, {"type": "domain"}]],
        subplot_titles=(t("col.customers", lang), t("col.revenue", lang)),
    )
    figure.add_trace(
        go.Pie(
            labels=names,
            values=tiers["customers"],
            hole=0.5,
            marker_colors=colours,
            sort=False,
            hovertemplate="%{label}: %{value:,d} (%{percent:.1%})<extra></extra>",
            texttemplate="%{percent:.1%}",
        ),
        row=1,
        col=1,
    )
    figure.add_trace(
        go.Pie(
            labels=names,
            values=tiers["revenue_net_cny"],
            hole=0.5,
            marker_colors=colours,
            sort=False,
            hovertemplate="%{label}: ¥%{value:,.0f} (%{percent:.1%})<extra></extra>",
            texttemplate="%{percent:.1%}",
        ),
        row=1,
        col=2,
    )
    figure.update_layout(legend=LEGEND_BELOW, margin={"t": 40})
    return figure
