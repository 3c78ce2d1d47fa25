"""Trend charts as PNG with matplotlib and the packaged Noto Sans SC font (Chinese labels render offline)."""

from functools import cache
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
from matplotlib import font_manager  # noqa: E402
from matplotlib.ticker import FuncFormatter  # noqa: E402
from pylopdf_fonts_zh_cn import sans_path  # noqa: E402

from pipelines import catalogue  # noqa: E402
from pipelines.reports.i18n import format_value  # noqa: E402

COLUMNS = 2
ACTUAL_COLOUR = "#1f5fa8"
TARGET_COLOUR = "#d0573c"


@cache
def cjk_font_name() -> str:
    font_manager.fontManager.addfont(str(sans_path()))
    return font_manager.FontProperties(fname=str(sans_path())).get_name()


def trend_chart(trends: pd.DataFrame, lang: str, path: Path, target_label: str) -> Path:
    """Small multiples: one panel per KPI, the value by month and its target as a dashed line."""
    kpis = trends.drop_duplicates("kpi").sort_values("kpi_order")
    rows = -(-len(kpis) // COLUMNS)
    with plt.rc_context({"font.family": cjk_font_name(), "font.size": 8, "axes.unicode_minus": False}):
        figure, axes = plt.subplots(rows, COLUMNS, figsize=(7.5, 1.8 * rows), squeeze=False)
        for ax, kpi in zip(axes.flat, kpis.itertuples()):
            series = trends[trends["kpi"] == kpi.kpi]
            months = pd.to_datetime(series["month"])
            ax.plot(months, series["value"], color=ACTUAL_COLOUR, marker="o", markersize=2.5, linewidth=1.4)
            if series["target"].notna().any():
                ax.plot(months, series["target"], color=TARGET_COLOUR, linestyle="--", linewidth=1.0,
                        label=target_label)
                ax.legend(loc="best", fontsize=6, frameon=False)
            ax.set_title(catalogue.label("kpi", kpi.kpi, lang) or kpi.kpi, fontsize=9)
            ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _, unit=kpi.unit: format_value(v, unit, lang)))
            ax.tick_params(axis="x", labelsize=6, rotation=45)
            ax.xaxis.set_major_formatter(matplotlib.dates.DateFormatter("%Y-%m"))
            ax.grid(alpha=0.3)
        for ax in list(axes.flat)[len(kpis):]:
            ax.set_visible(False)
        figure.tight_layout()
        figure.savefig(path, dpi=150)
        plt.close(figure)
    return path
