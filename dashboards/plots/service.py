"""Service figures: SLA attainment, backlog by age, complaints by category, requirement resolution."""

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from dashboards.charts import LEGEND_ON_TOP, ORDERS_COLOUR, REVENUE_COLOUR, TARGET_LINE, localized_names, month_labels
from dashboards.i18n import t

SLA_SERIES = (
    ("first_response_sla_rate", "service.first_response", "first_response_1h_rate", "#1f77b4"),
    ("resolution_sla_rate", "service.resolution", "resolved_24h_rate", "#2e7d32"),
    ("follow_up_sla_rate", "service.follow_up", None, "#6a1b9a"),
)
SHARE_TICKS = [0, 0.25, 0.5, 0.75, 1]
AGE_COLOURS = ("#c8e6c9", "#fff59d", "#ffcc80", "#ef9a9a", "#c62828")


def sla_figure(sla: pd.DataFrame, targets: dict[str, float], lang: str) -> go.Figure:
    """The three SLA attainment rates by month opened, each with its target (where there is one) dashed."""
    months = month_labels(sla["month"])
    figure = go.Figure()
    for column, label_key, target_kpi, colour in SLA_SERIES:
        figure.add_trace(
            go.Scatter(
                x=months,
                y=sla[column],
                name=t(label_key, lang),
                mode="lines+markers",
                line_color=colour,
                hovertemplate="%{y:.1%}",
            )
        )
        if target_kpi in targets:
            figure.add_hline(y=targets[target_kpi], line={**TARGET_LINE, "color": colour})
    figure.update_xaxes(title_text=t("col.month", lang), type="category")
    figure.update_yaxes(tickformat=".0%", range=[0, 1.02], tickvals=SHARE_TICKS)
    figure.update_layout(hovermode="x unified", legend=LEGEND_ON_TOP, margin={"t": 40})
    return figure


def backlog_figure(backlog: pd.DataFrame, lang: str) -> go.Figure:
    """Open tickets per routed department, stacked by age bucket (youngest first)."""
    frame = backlog.assign(department=localized_names(backlog, "routed_department", lang))
    order = frame.groupby("department")["open_tickets"].sum().sort_values(ascending=False).index.tolist()
    figure = go.Figure()
    for (bucket_order, bucket), rows in frame.groupby(["age_bucket_order", "age_bucket"], sort=True):
        figure.add_trace(
            go.Bar(
                x=rows["department"],
                y=rows["open_tickets"],
                name=t(f"service.age.{bucket_order}", lang),
                marker_color=AGE_COLOURS[min(int(bucket_order), len(AGE_COLOURS)) - 1],
                hovertemplate="%{x}: %{y:,d}<extra>" + bucket + "</extra>",
            )
        )
    figure.update_xaxes(categoryorder="array", categoryarray=order)
    figure.update_yaxes(title_text=t("col.open_tickets", lang), tickformat=",")
    figure.update_layout(barmode="stack", legend={**LEGEND_ON_TOP, "traceorder": "normal"}, margin={"t": 40})
    return figure


def complaints_figure(complaints: pd.DataFrame, lang: str) -> go.Figure:
    """Complaints per category, one colour per department the category is routed to."""
    frame = complaints.assign(
        category_name=localized_names(complaints, "category", lang),
        department=localized_names(complaints, "routed_department", lang),
    )
    figure = go.Figure()
    for department, rows in frame.groupby("department", sort=False):
        figure.add_trace(
            go.Bar(
                y=rows["category_name"],
                x=rows["complaints"],
                name=department,
                orientation="h",
                hovertemplate="%{y}: %{x:,d}<extra>" + department + "</extra>",
            )
        )
    figure.update_xaxes(title_text=t("col.complaints", lang), tickformat=",")
    figure.update_yaxes(categoryorder="array", categoryarray=list(frame["category_name"]), autorange="reversed")
    figure.update_layout(
        barmode="stack", legend=LEGEND_ON_TOP, height=max(280, 36 * len(frame) + 100), margin={"t": 40}
    )
    return figure


def requirements_figure(requirements: pd.DataFrame, target: float | None, lang: str) -> go.Figure:
    """Requirement tickets opened per month (bars) and the share resolved (line, with its target)."""
    months = month_labels(requirements["month"])
    figure = make_subplots(specs=[[{"secondary_y": True}]])
    figure.add_trace(
        go.Bar(
            x=months, y=requirements["tickets"], name=t("col.tickets", lang), marker_color=REVENUE_COLOUR,
            hovertemplate="%{y:,d}",
        ),
        secondary_y=False,
    )
    figure.add_trace(
        go.Scatter(
            x=months,
            y=requirements["resolution_rate"],
            name=t("col.resolution_rate", lang),
            mode="lines+markers",
            line_color=ORDERS_COLOUR,
            hovertemplate="%{y:.1%}",
        ),
        secondary_y=True,
    )
    if target is not None:
        figure.add_hline(y=target, line={**TARGET_LINE, "color": ORDERS_COLOUR}, secondary_y=True)
    figure.update_xaxes(title_text=t("col.month", lang), type="category")
    figure.update_yaxes(title_text=t("col.tickets", lang), tickformat=",", secondary_y=False)
    figure.update_yaxes(tickformat=".0%", range=[0, 1.02], tickvals=SHARE_TICKS, showgrid=False, secondary_y=True)
    figure.update_layout(hovermode="x unified", legend=LEGEND_ON_TOP, margin={"t": 40})
    return figure
