"""Customer 360 figures: the event timeline and the churn risk gauge."""

import pandas as pd
import plotly.graph_objects as go

from dashboards.charts import DATE_AXIS_FORMAT, SENTIMENT_COLOURS, localized_names
from dashboards.i18n import t, value_label

EVENT_KINDS = ("order", "interaction", "survey", "tier", "mention")
EVENT_COLOURS = {
    "order": "#1f77b4",
    "interaction": "#e65100",
    "survey": "#6a1b9a",
    "tier": "#2e7d32",
    "mention": "#00838f",
}


def timeline_figure(events: pd.DataFrame, lang: str) -> go.Figure:
    """One row of markers per event kind along time; an order's marker grows with its net amount."""
    figure = go.Figure()
    details = localized_names(events, "detail", lang)
    for kind in EVENT_KINDS:
        rows = events["event_kind"] == kind
        if not rows.any():
            continue
        amounts = events.loc[rows, "amount_cny"].fillna(0).clip(lower=0)
        sizes = 8 + 22 * (amounts / amounts.max()).fillna(0) if kind == "order" and amounts.max() > 0 else 10
        figure.add_trace(
            go.Scatter(
                x=events.loc[rows, "event_at"],
                y=[value_label(kind, lang)] * int(rows.sum()),
                mode="markers",
                name=value_label(kind, lang),
                marker={"size": sizes, "color": EVENT_COLOURS[kind], "opacity": 0.75},
                text=details[rows],
                hovertemplate="%{x|%Y-%m-%d %H:%M} · %{text}<extra></extra>",
            )
        )
    figure.update_xaxes(tickformat=DATE_AXIS_FORMAT)
    figure.update_yaxes(
        type="category", categoryorder="array", categoryarray=[value_label(k, lang) for k in EVENT_KINDS]
    )
    figure.update_layout(height=300, margin={"t": 20, "b": 30}, showlegend=False)
    return figure


def churn_gauge(score: float | None, lang: str) -> go.Figure:
    """The 0-100 churn risk score on a gauge: green below 40, amber below 70, red above."""
    figure = go.Figure(
        go.Indicator(
            mode="gauge+number",
            value=score,
            title={"text": t("customer.churn_risk", lang)},
            gauge={
                "axis": {"range": [0, 100]},
                "bar": {"color": "#37474f"},
                "steps": [
                    {"range": [0, 40], "color": "#c8e6c9"},
                    {"range": [40, 70], "color": "#ffe0b2"},
                    {"range": [70, 100], "color": SENTIMENT_COLOURS["negative"]},
                ],
            },
        )
    )
    figure.update_layout(height=220, margin={"t": 50, "b": 10, "l": 30, "r": 30})
    return figure
