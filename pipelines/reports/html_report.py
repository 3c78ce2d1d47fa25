"""The report as one self-contained HTML page (the chart is embedded as a data URI)."""

import base64
from html import escape
from pathlib import Path

from pipelines.reports.sections import Table

STYLE = """
body { font-family: "Noto Sans SC", "PingFang SC", "Microsoft YaHei", sans-serif; margin: 2em auto; max-width: 60em;
       color: #222; }
h1 { margin-bottom: 0.2em; } .subtitle { color: #666; } .summary { font-size: 1.1em; }
.note { color: #555; font-size: 0.9em; } .stale { color: #b42318; font-weight: bold; }
table { border-collapse: collapse; margin: 0.5em 0 1.5em; width: 100%; }
th, td { border-bottom: 1px solid #ddd; padding: 0.3em 0.6em; text-align: left; }
th { background: #f2f4f7; } tr.flagged td { color: #b42318; } img { max-width: 100%; }
footer { color: #888; font-size: 0.85em; margin-top: 2em; }
"""


def _table(table: Table) -> str:
    parts = [f"<h2>{escape(table.title)}</h2>"]
    if table.note:
        parts[0] += f'<p class="note">{escape(table.note)}</p>'
    if not table.rows:
        return parts[0] + f"<p>{escape(table.empty_note)}</p>" if table.empty_note else parts[0]
    parts.append("<table><thead><tr>" + "".join(f"<th>{escape(h)}</th>" for h in table.headers) + "</tr></thead><tbody>")
    for index, row in enumerate(table.rows):
        flagged = index < len(table.flagged) and table.flagged[index]
        cells = "".join(f"<td>{escape(cell)}</td>" for cell in row)
        parts.append(f'<tr class="flagged">{cells}</tr>' if flagged else f"<tr>{cells}</tr>")
    parts.append("</tbody></table>")
    return "".join(parts)


def write_html(path: Path, lang: str, title: str, subtitle: str, summary: str, tables: list[Table],
               chart_title: str, chart: Path, footer: str, stale_note: str = "") -> Path:
    chart_uri = "data:image/png;base64," + base64.b64encode(chart.read_bytes()).decode()
    body = [
        f"<h1>{escape(title)}</h1>",
        f'<p class="subtitle">{escape(subtitle)}</p>',
        f'<p class="stale">{escape(stale_note)}</p>' if stale_note else "",
        f'<p class="summary">{escape(summary)}</p>',
        _table(tables[0]),
        f"<h2>{escape(chart_title)}</h2>",
        f'<img src="{chart_uri}" alt="{escape(chart_title)}">',
        *(_table(table) for table in tables[1:]),
        f"<footer>{escape(footer)}</footer>",
    ]
    html_lang = "zh-CN" if lang == "zh" else "en"
    path.write_text(
        f'<!doctype html><html lang="{html_lang}"><head><meta charset="utf-8"><title>{escape(title)}</title>'
        f"<style>{STYLE}</style></head><body>{''.join(body)}</body></html>",
        encoding="utf-8",
    )
    return path
