"""Segments figures: migration Sankey, lifecycle funnel and transitions, cohort heatmap, tier movements,
cross-sell lift."""

import pandas as pd
import plotly.graph_objects as go

from dashboards.charts import (
    LEGEND_ON_TOP,
    MET_COLOUR,
    MISSED_COLOUR,
    OTHER_TIER_COLOUR,
    TIER_COLOURS,
    localized_definitions,
    localized_names,
    month_labels,
)
from dashboards.i18n import t, value_label

LINK_ALPHA = "55"  # appended to a node's #rrggbb colour for its flows
STAGE_COLOURS = {
    "prospect": "#b0bec5",
    "new": "#64b5f6",
    "active": "#2e7d32",
    "reactivated": "#00897b",
    "at risk": "#ffb300",
    "sleeping": "#ef6c00",
    "churned": "#c62828",
}


def migration_sankey(migration: pd.DataFrame, lang: str) -> go.Figure:
    """Customers flowing from their segment at the earlier month end (left) to the later one (right); nodes
    coloured by service tier, each flow in its origin's colour."""
    sources = localized_names(migration, "from_segment", lang)
    targets = localized_names(migration, "to_segment", lang)
    left = list(dict.fromkeys(sources))
    right = list(dict.fromkeys(targets))
    left_tiers = dict(zip(sources, migration["from_service_tier"], strict=True))
    right_tiers = dict(zip(targets, migration["to_service_tier"], strict=True))
    node_colours = [TIER_COLOURS.get(left_tiers[name], OTHER_TIER_COLOUR) for name in left] + [
        TIER_COLOURS.get(right_tiers[name], OTHER_TIER_COLOUR) for name in right
    ]
    figure = go.Figure(
        go.Sankey(
            arrangement="snap",
            node={"label": left + right, "color": node_colours, "pad": 14, "thickness": 16},
            link={
                "source": [left.index(name) for name in sources],
                "target": [len(left) + right.index(name) for name in targets],
                "value": migration["customers"],
                "color": [node_colours[left.index(name)] + LINK_ALPHA for name in sources],
                "hovertemplate": "%{source.label} → %{target.label}: %{value:,d}<extra></extra>",
            },
        )
    )
    figure.update_layout(height=max(420, 36 * max(len(left), len(right))), margin={"t": 20, "b": 20})
    return figure


def migration_matrix(migration: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The same flows as a from-segment x to-segment table of customers (rows and columns in ``lang``)."""
    frame = migration.assign(
        from_name=localized_names(migration, "from_segment", lang),
        to_name=localized_names(migration, "to_segment", lang),
    )
    matrix = frame.pivot_table(index="from_name", columns="to_name", values="customers", aggfunc="sum", fill_value=0)
    matrix.index.name = t("segments.from_segment", lang)
    matrix.columns.name = t("segments.to_segment", lang)
    return matrix


def lifecycle_funnel(stages: pd.DataFrame, lang: str) -> go.Figure:
    """Customers per lifecycle stage as of as_of, in stage order."""
    figure = go.Figure(
        go.Funnel(
            y=localized_names(stages, "lifecycle_stage", lang),
            x=stages["customers"],
            marker={"color": [STAGE_COLOURS.get(stage, "#9e9e9e") for stage in stages["lifecycle_stage"]]},
            textinfo="value+percent total",
            customdata=localized_definitions(stages, "lifecycle_stage", lang),
            hovertemplate="%{y}: %{x:,d}<br>%{customdata}<extra></extra>",
        )
    )
    figure.update_layout(height=360, margin={"t": 20, "b": 20})
    return figure


def transitions_figure(transitions: pd.DataFrame, lang: str) -> go.Figure:
    """Per month, stacked bars of existing customers moving into each stage."""
    figure = go.Figure()
    for stage, rows in transitions.groupby("to_stage", sort=False):
        figure.add_trace(
            go.Bar(
                x=month_labels(rows["month"]),
                y=rows["customers"],
                name=localized_names(rows, "to_stage", lang).iloc[0],
                marker_color=STAGE_COLOURS.get(stage, "#9e9e9e"),
                hovertemplate="%{y:,d}",
            )
        )
    figure.update_xaxes(title_text=t("col.month", lang), type="category")
    figure.update_yaxes(title_text=t("col.customers", lang), tickformat=",")
    figure.update_layout(barmode="stack", hovermode="x unified", legend=LEGEND_ON_TOP, margin={"t": 40})
    return figure


def cohort_heatmap(cohorts: pd.DataFrame, measure: str, lang: str) -> go.Figure:
    """Cohorts (rows, by month) x months since (columns), coloured by ``measure`` (a 0-1 share)."""
    grid = cohorts.pivot_table(index="cohort_month", columns="months_since", values=measure)
    sizes = cohorts.groupby("cohort_month")["cohort_customers"].first().reindex(grid.index)
    rows = [f"{month:%Y-%m} ({size:,})" for month, size in zip(grid.index, sizes, strict=True)]
    figure = go.Figure(
        go.Heatmap(
            z=grid.to_numpy(),
            x=[str(months) for months in grid.columns],
            y=rows,
            colorscale="Blues",
            zmin=0,
            zmax=1,
            colorbar={"tickformat": ".0%"},
            texttemplate="%{z:.0%}",
            hovertemplate="%{y} +%{x}: %{z:.1%}<extra></extra>",
        )
    )
    figure.update_xaxes(title_text=t("segments.months_since", lang), side="top")
    figure.update_yaxes(autorange="reversed", type="category")
    figure.update_layout(height=max(320, 26 * len(rows) + 100), margin={"t": 60})
    return figure


def tier_changes_figure(changes: pd.DataFrame, lang: str) -> go.Figure:
    """Per month, upgrades above the axis and downgrades below it."""
    monthly = changes.pivot_table(index="month", columns="tier_change", values="customers", aggfunc="sum", fill_value=0)
    months = month_labels(pd.Series(monthly.index))
    figure = go.Figure()
    for change, sign, colour in (("upgrade", 1, MET_COLOUR), ("downgrade", -1, MISSED_COLOUR)):
        values = monthly[change] if change in monthly else pd.Series(0, index=monthly.index)
        figure.add_trace(
            go.Bar(
                x=months,
                y=sign * values,
                name=value_label(change, lang, "tier_change"),
                marker_color=colour,
                customdata=values,
                hovertemplate="%{customdata:,d}",
            )
        )
    figure.update_xaxes(title_text=t("col.month", lang), type="category")
    figure.update_yaxes(title_text=t("col.customers", lang), tickformat=",")
    figure.update_layout(barmode="relative", hovermode="x unified", legend=LEGEND_ON_TOP, margin={"t": 40})
    return figure


def cross_sell_heatmap(pairs: pd.DataFrame, lang: str) -> go.Figure:
    """Lift of 'bought A, then B within the window' for every category pair (A rows, B columns)."""
    frame = pairs.assign(
        antecedent=localized_names(pairs, "antecedent_category", lang),
        consequent=localized_names(pairs, "consequent_category", lang),
    )
    grid = frame.pivot_table(index="antecedent", columns="consequent", values="lift")
    figure = go.Figure(
        go.Heatmap(
            z=grid.to_numpy(),
            x=list(grid.columns),
            y=list(grid.index),
            colorscale="RdBu",
            zmid=1,
            texttemplate="%{z:.2f}",
            hovertemplate=t("segments.lift_hover", lang) + "<extra></extra>",
        )
    )
    figure.update_xaxes(title_text=t("col.consequent", lang))
    figure.update_yaxes(title_text=t("col.antecedent", lang), autorange="reversed")
    figure.update_layout(height=max(320, 40 * len(grid.index) + 120), margin={"t": 20})
    return figure
