"""The report as PDF with fpdf2 and the Noto Sans SC font shipped in pylopdf-fonts-zh-cn (no download)."""

from pathlib import Path

from fpdf import FPDF
from fpdf.fonts import FontFace
from PIL import Image
from pylopdf_fonts_zh_cn import sans_path

from pipelines.reports.sections import Table

FONT = "NotoSansSC"
FLAGGED = (180, 35, 24)
HEADER_FILL = (242, 244, 247)
TITLE_HEIGHT = 11  # the gap above a table's title and the title itself, mm
ROW_HEIGHT = 6.5  # a table row, with room for a wrapped cell, mm
# A table of up to this many rows starts on a new page when it does not fit whole; a longer one starts
# with at least its title, header and KEEP_ROWS rows together.
WHOLE_TABLE_ROWS = 16
KEEP_ROWS = 3


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


def _keep_together(pdf: ReportPdf, height: float) -> None:
    """Start a new page when ``height`` mm do not fit below, so a title never ends a page alone."""
    if pdf.will_page_break(height):
        pdf.add_page()


def _table_height(table: Table) -> float:
    rows = len(table.rows) + 1 if len(table.rows) <= WHOLE_TABLE_ROWS else KEEP_ROWS + 1
    return TITLE_HEIGHT + (6 if table.note else 0) + ROW_HEIGHT * (rows if table.rows else 1)


def _table(pdf: ReportPdf, table: Table) -> None:
    _keep_together(pdf, _table_height(table))
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
    # The first column holds names: twice as wide as the figures.
    widths = (2, *([1] * (len(table.headers) - 1)))
    with pdf.table(headings_style=FontFace(fill_color=HEADER_FILL), line_height=5.5, padding=1, col_widths=widths,
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
    with Image.open(chart) as image:
        chart_height = pdf.epw * image.height / image.width
    _keep_together(pdf, TITLE_HEIGHT + chart_height)
    pdf.set_font(FONT, size=12)
    pdf.ln(3)
    pdf.cell(0, 8, chart_title, new_x="LMARGIN", new_y="NEXT")
    pdf.image(str(chart), w=pdf.epw)
    for table in tables[1:]:
        _table(pdf, table)
    pdf.output(str(path))
    return path
