"""The monthly KPI report for managers: HTML, PDF and XLSX, in Chinese and English.

Reads only the published serving copy (``load_report_data``), renders charts with matplotlib and the
packaged Noto Sans SC font, and writes ``<out_root>/<YYYY-MM>/kpi_report_<YYYY-MM>_<lang>.{html,pdf,xlsx}``.
"""

from pipelines.reports.render import LANGUAGES, render_report

__all__ = ["LANGUAGES", "render_report"]
