"""Data quality figures: check outcomes per asset, quarantined rows by reason, completeness, loads."""

import pandas as pd
import plotly.graph_objects as go

from dashboards.charts import LEGEND_ON_TOP, MET_COLOUR, MISSED_COLOUR, REVENUE_COLOUR
from dashboards.i18n import t, value_label


def checks_figure(checks: pd.DataFrame, lang: str) -> go.Figure:
    """Passed and failed expectations per asset (latest outcome of each)."""
    counts = checks.groupby(["asset", "success"]).size().unstack(fill_value=0)
    figure = go.Figure()
    for success, colour, label_key in ((True, MET_COLOUR, "quality.passed"), (False, MISSED_COLOUR, "quality.failed")):
        values = counts[success] if success in counts else pd.Series(0, index=counts.index)
        figure.add_trace(
            go.Bar(y=counts.index, x=values, name=t(label_key, lang), orientation="h", marker_color=colour)
        )
    figure.update_xaxes(title_text=t("quality.expectations", lang), tickformat=",")
    figure.update_yaxes(autorange="reversed")
    figure.update_layout(
        barmode="stack", legend=LEGEND_ON_TOP, height=max(260, 32 * len(counts) + 100), margin={"t": 40}
    )
    return figure


def quarantine_figure(quarantine: pd.DataFrame, lang: str) -> go.Figure:
    """Quarantined rows per source table, stacked by kind of reason."""
    figure = go.Figure()
    for kind, rows in quarantine.groupby("reason_kind", sort=True):
        per_table = rows.groupby("source_table")["rows_quarantined"].sum()
        figure.add_trace(
            go.Bar(
                y=per_table.index,
                x=per_table.to_numpy(),
                name=value_label(kind, lang),
                orientation="h",
                hovertemplate="%{y}: %{x:,d}<extra></extra>",
            )
        )
    figure.update_xaxes(title_text=t("col.rows_quarantined", lang), tickformat=",")
    figure.update_yaxes(categoryorder="total ascending")
    tables = quarantine["source_table"].nunique()
    figure.update_layout(barmode="stack", legend=LEGEND_ON_TOP, height=max(240, 44 * tables + 120), margin={"t": 40})
    return figure


def completeness_figure(completeness: pd.DataFrame, lang: str) -> go.Figure:
    """Share of records missing each key field."""
    labels = completeness["source_table"] + " · " + completeness["field"]
    figure = go.Figure(
        go.Bar(
            y=labels,
            x=completeness["missing_share"],
            orientation="h",
            marker_color=REVENUE_COLOUR,
            customdata=completeness["missing"],
            hovertemplate="%{y}: %{x:.1%} (%{customdata:,d})<extra></extra>",
        )
    )
    figure.update_xaxes(title_text=t("col.missing_share", lang), tickformat=".0%", rangemode="tozero")
    figure.update_yaxes(autorange="reversed")
    figure.update_layout(height=max(220, 32 * len(completeness) + 80), margin={"t": 20})
    return figure


def quarantine_share_figure(loads: pd.DataFrame, lang: str) -> go.Figure:
    """Share of the rows read that went to quarantine, per source table."""
    figure = go.Figure(
        go.Bar(
            y=loads["source_table"],
            x=loads["quarantine_share"],
            orientation="h",
            marker_color=MISSED_COLOUR,
            customdata=loads[["rows_quarantined", "rows_read"]],
            hovertemplate="%{y}: %{x:.2%} (%{customdata[0]:,d} / %{customdata[1]:,d})<extra></extra>",
        )
    )
    figure.update_xaxes(title_text=t("col.quarantine_share", lang), tickformat=".1%", rangemode="tozero")
    figure.update_yaxes(autorange="reversed")
    figure.update_layout(height=max(220, 32 * len(loads) + 80), margin={"t": 20})
    return figure


def calibration_figure(calibration: pd.DataFrame, lang: str) -> go.Figure:
    """Per decile of predicted churn probability: the mean prediction as bars, the observed churn rate as
    a line; where they meet the model's probabilities can be read as rates."""
    deciles = calibration["decile"].astype(str)
    figure = go.Figure()
    figure.add_trace(
        go.Bar(
            x=deciles,
            y=calibration["mean_predicted"],
            name=t("quality.mean_predicted", lang),
            marker_color=REVENUE_COLOUR,
            hovertemplate="%{y:.1%}<extra></extra>",
        )
    )
    figure.add_trace(
        go.Scatter(
            x=deciles,
            y=calibration["observed_rate"],
            name=t("quality.observed_rate", lang),
            mode="lines+markers",
            line_color=MISSED_COLOUR,
            hovertemplate="%{y:.1%}<extra></extra>",
        )
    )
    figure.update_xaxes(title_text=t("quality.decile", lang), type="category")
    figure.update_yaxes(title_text=t("quality.churn_rate", lang), tickformat=".0%", range=[0, 1])
    figure.update_layout(legend=LEGEND_ON_TOP, height=320, margin={"t": 40}, hovermode="x unified")
    return figure
