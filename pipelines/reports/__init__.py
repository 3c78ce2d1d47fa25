"""The monthly KPI report for managers: HTML, PDF and XLSX, in Chinese and English.

Reads only the published serving copy (``load_report_data``), renders charts with matplotlib and the
packaged Noto Sans SC font, and writes ``<out_root>/<YYYY-MM>/kpi_report_<YYYY-MM>_<lang>.{html,pdf,xlsx}``.
The renderer is imported on first use, so `pipelines.reports.months` stays light.
"""

__all__ = ["LANGUAGES", "render_report"]


def __getattr__(name: str):
    if name in __all__:
        from pipelines.reports import render

        return getattr(render, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
