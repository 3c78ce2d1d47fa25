"""The report as PDF with fpdf2 and the Noto Sans SC font shipped in pylopdf-fonts-zh-cn (no download)."""

from pathlib import Path

from fpdf import FPDF
from fpdf.fonts import FontFace
from pylopdf_fonts_zh_cn import sans_path

from pipelines.reports.sections import Table

FONT = "NotoSansSC"
FLAGGED = (180, 35, 24)
HEADER_FILL = (242, 244, 247)


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


def _table(pdf: ReportPdf, table: Table) -> None:
    pdf.set_font(FONT, size=12)
    pdf.ln(3)
    pdf.cell(0, 8, table.title, new_x="LMARGIN", new_y="NEXT")
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
              chart: Path, footer: str) -> Path:
    pdf = ReportPdf(footer)
    pdf.set_title(title)
    pdf.add_page()
    pdf.set_font(FONT, size=18)
    pdf.cell(0, 10, title, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FONT, size=9)
    pdf.set_text_color(100, 100, 100)
    pdf.cell(0, 6, subtitle, new_x="LMARGIN", new_y="NEXT")
    pdf.set_text_color(0, 0, 0)
    pdf.set_font(FONT, size=11)
    pdf.multi_cell(0, 7, summary, new_x="LMARGIN", new_y="NEXT")
    _table(pdf, tables[0])
    pdf.add_page()
    pdf.set_font(FONT, size=12)
    pdf.cell(0, 8, chart_title, new_x="LMARGIN", new_y="NEXT")
    pdf.image(str(chart), w=pdf.epw)
    for table in tables[1:]:
        _table(pdf, table)
    pdf.output(str(path))
    return path
