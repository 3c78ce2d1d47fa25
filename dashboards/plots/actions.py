"""Action list figure: the list's customers per RFM segment."""

import pandas as pd
import plotly.graph_objects as go

from dashboards.charts import REVENUE_COLOUR, localized_names
from dashboards.i18n import t


def list_segments_figure(summary: pd.DataFrame, lang: str) -> go.Figure:
    """Customers of the list per RFM segment, largest first."""
    figure = go.Figure(
        go.Bar(
            y=localized_names(summary, "segment", lang),
            x=summary["customers"],
            orientation="h",
            marker_color=REVENUE_COLOUR,
            hovertemplate="%{y}: %{x:,d}<extra></extra>",
        )
    )
    figure.update_xaxes(title_text=t("col.customers", lang), tickformat=",")
    figure.update_yaxes(autorange="reversed")
    figure.update_layout(height=max(220, 30 * len(summary) + 80), margin={"t": 20})
    return figure
