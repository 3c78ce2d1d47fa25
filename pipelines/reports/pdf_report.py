"""The report as PDF with fpdf2 and the Noto Sans SC font shipped in pylopdf-fonts-zh-cn (no download).

Layout: a table's title stays with its table (a short table moves whole to the next page, a long one takes
at least its header and KEEP_ROWS rows along), measured by rendering it on a dry run; the trend chart is a
float: the tables after the KPI table fill the first page while they fit whole, the chart follows.
"""

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from fpdf import FPDF
from fpdf.fonts import FontFace
from PIL import Image
from pylopdf_fonts_zh_cn import sans_path

from pipelines.reports.sections import Table

FONT = "NotoSansSC"
FLAGGED = (180, 35, 24)
HEADER_FILL = (242, 244, 247)
# A table of up to this many rows starts on a new page when it does not fit whole; a longer one starts
# with at least its title, header and KEEP_ROWS rows together.
WHOLE_TABLE_ROWS = 12
KEEP_ROWS = 3
# Relative column widths: the first column holds names, twice as wide as a figure's.
NAME_AND_FIGURES = 2


class ReportPdf(FPDF):
    def __init__(self, footer_text: str):
        super().__init__(orientation="portrait", unit="mm", format="A4")
        self.footer_text = footer_text
        self.add_font(FONT, fname=str(sans_path()))
        self.set_auto_page_break(auto=True, margin=15)
        self.set_margins(15, 15, 15)

    def footer(self):
        self.set_y(-12)
        self.set_font(FONT, size=7)
        self.set_text_color(130, 130, 130)
        self.cell(0, 5, f"{self.footer_text}   {self.page_no()}", align="C")
        self.set_text_color(0, 0, 0)


def _fits(pdf: ReportPdf, draw: Callable[[FPDF], None]) -> bool:
    """Whether ``draw`` fits below the current position without a page break (a dry run, rewound)."""
    with pdf.offset_rendering() as dry_run:
        draw(dry_run)
    return not dry_run.page_break_triggered


def _head(table: Table) -> Table:
    """The part of ``table`` that must stay with its title: all of a short table, the start of a long one."""
    if len(table.cells) <= WHOLE_TABLE_ROWS:
        return table
    return replace(table, cells=table.cells[:KEEP_ROWS], flagged=table.flagged[:KEEP_ROWS])


def _table(pdf: ReportPdf, table: Table) -> None:
    if not _fits(pdf, lambda target: _draw_table(target, _head(table))):
        pdf.add_page()
    _draw_table(pdf, table)


def _draw_table(pdf: FPDF, table: Table) -> None:
    pdf.set_font(FONT, size=12)
    pdf.ln(3)
    pdf.cell(0, 8, table.title, new_x="LMARGIN", new_y="NEXT")
    if table.note:
        pdf.set_font(FONT, size=7.5)
        pdf.set_text_color(90, 90, 90)
        pdf.multi_cell(0, 4, table.note, new_x="LMARGIN", new_y="NEXT")
        pdf.set_text_color(0, 0, 0)
    pdf.set_font(FONT, size=8)
    if not table.rows:
        if table.empty_note:
            pdf.cell(0, 6, table.empty_note, new_x="LMARGIN", new_y="NEXT")
        return
    widths = table.widths or (NAME_AND_FIGURES, *([1] * (len(table.headers) - 1)))
    with pdf.table(headings_style=FontFace(fill_color=HEADER_FILL), line_height=4.6, padding=1, col_widths=widths,
                   text_align="LEFT") as grid:
        grid.row(table.headers)
        for index, cells in enumerate(table.rows):
            flagged = index < len(table.flagged) and table.flagged[index]
            grid.row(cells, style=FontFace(color=FLAGGED) if flagged else None)


def write_pdf(path: Path, title: str, subtitle: str, summary: str, tables: list[Table], chart_title: str,
              chart: Path, footer: str, stale_note: str = "") -> Path:
    pdf = ReportPdf(footer)
    pdf.set_title(title)
    pdf.add_page()
    pdf.set_font(FONT, size=18)
    pdf.cell(0, 10, title, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FONT, size=9)
    pdf.set_text_color(100, 100, 100)
    pdf.cell(0, 6, subtitle, new_x="LMARGIN", new_y="NEXT")
    if stale_note:
        pdf.set_text_color(*FLAGGED)
        pdf.multi_cell(0, 5, stale_note, new_x="LMARGIN", new_y="NEXT")
    pdf.set_text_color(0, 0, 0)
    pdf.set_font(FONT, size=11)
    pdf.multi_cell(0, 7, summary, new_x="LMARGIN", new_y="NEXT")
    _table(pdf, tables[0])
    rest = list(tables[1:])
    while rest and pdf.page == 1 and _fits(pdf, lambda target: _draw_table(target, rest[0])):
        _draw_table(pdf, rest.pop(0))
    _chart(pdf, chart_title, chart)
    for table in rest:
        _table(pdf, table)
    pdf.output(str(path))
    return path


def _chart(pdf: ReportPdf, title: str, chart: Path) -> None:
    with Image.open(chart) as image:
        height = pdf.epw * image.height / image.width
    if pdf.will_page_break(8 + 3 + height):
        pdf.add_page()
    pdf.set_font(FONT, size=12)
    pdf.ln(3)
    pdf.cell(0, 8, title, new_x="LMARGIN", new_y="NEXT")
    pdf.image(str(chart), w=pdf.epw)
