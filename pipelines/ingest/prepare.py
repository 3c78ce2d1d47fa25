"""A landing file as the reader takes it: UTF-8 text with a header row, in the dialect its source declares.

Most files are read where they lie. A temporary copy is written only when the file is not that yet:
text in another encoding is transcoded; rows before the header are dropped and a file without a header
gets one (column_1, column_2, ...); a Parquet file or an XLSX sheet is written out as CSV text, every value
as the text it shows (a Parquet or spreadsheet value has no dialect left to declare). The independent
record count (framing.py) then counts the records of what the reader reads.
"""

from __future__ import annotations

import csv
import datetime as dt
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from pipelines.ingest.encoding import CHUNK_BYTES, FileScan, decodes
from pipelines.sources.base import EntitySpec


class DialectError(Exception):
    """The file is not written in the dialect its source declares; the message says what to declare."""


@dataclass(frozen=True)
class Readable:
    """What the reader reads: a UTF-8 file with a header row, its delimiter and quote."""

    path: Path
    delimiter: str
    quote: str
    encoding: str  # the encoding the landing file was read in


def declaration_name(spec: EntitySpec) -> str:
    return Path(spec.declared_in).name if spec.declared_in else f"{spec.source}.yml"


def _encoding(path: Path, spec: EntitySpec, scan: FileScan) -> str:
    """The declared encoding, checked against the one the scan found; a file in another one fails with the fix.

    A file no encoding reads whole ("mixed": UTF-8 with stray bytes) is read as declared UTF-8, its
    broken records quarantined by the reader."""
    declared = spec.dialect.encoding
    if declared == scan.encoding or declared == "utf-8" and scan.encoding == "mixed":
        return scan.encoding
    if scan.encoding == "utf-8" and not declared.startswith("utf-16"):
        return "utf-8"  # ASCII-only text reads the same in GB18030
    if declared != "utf-8" and scan.encoding != "mixed" and decodes(path, declared):
        return declared
    fix = f"declare `encoding: {scan.encoding}`" if scan.encoding != "mixed" else "check the export's encoding"
    raise DialectError(f"not {declared} text: it reads as {scan.encoding}; {fix} in {declaration_name(spec)}")


def cell_text(value) -> str:
    """A spreadsheet cell as the text it shows (a whole float without '.0')."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ")
    return str(value)


def _write_parquet_as_csv(path: Path, target: Path) -> None:
    import pyarrow as pa
    import pyarrow.csv as pa_csv
    import pyarrow.parquet as pq

    table = pq.read_table(path)
    as_text = pa.table({name: table[name].cast(pa.string()) for name in table.column_names})
    pa_csv.write_csv(as_text, target, pa_csv.WriteOptions(quoting_style="all_valid"))


def _write_xlsx_as_csv(path: Path, target: Path, sheet: str | None) -> None:
    from openpyxl import load_workbook

    workbook = load_workbook(path, read_only=True, data_only=True)
    try:
        if sheet is not None and sheet not in workbook.sheetnames:
            raise DialectError(f"no sheet {sheet!r} (sheets: {', '.join(workbook.sheetnames)})")
        rows = workbook[sheet] if sheet is not None else workbook.worksheets[0]
        with target.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle, lineterminator="\n")
            for row in rows.iter_rows(values_only=True):
                if any(value is not None for value in row):
                    writer.writerow([cell_text(value) for value in row])
    finally:
        workbook.close()


def _copy_text(path: Path, target: Path, encoding: str, skip_rows: int, header: bool, delimiter: str,
               quote: str) -> None:
    """Transcode to UTF-8, drop ``skip_rows`` lines and, without a header, write one."""
    # surrogateescape: bytes of a file of mixed encodings pass through unchanged, for the reader to reject
    with path.open("r", encoding=encoding, newline="", errors="surrogateescape") as source, \
            target.open("w", encoding="utf-8", newline="", errors="surrogateescape") as out:
        for _ in range(skip_rows):
            source.readline()
        if not header:
            first = source.readline()
            row = next(csv.reader([first], delimiter=delimiter, quotechar=quote or None), []) if quote else first.split(delimiter)
            out.write(delimiter.join(f"column_{n}" for n in range(1, len(row) + 1)) + "\n")
            out.write(first)
        while text := source.read(CHUNK_BYTES):
            out.write(text)


@contextmanager
def readable(path: Path, spec: EntitySpec, scan: FileScan) -> Iterator[Readable]:
    """The file, or a temporary copy of it, as the reader takes it."""
    dialect = spec.dialect
    if spec.file_format in ("parquet", "xlsx"):
        with tempfile.TemporaryDirectory(prefix="insight-prepare-") as folder:
            copy = Path(folder) / (path.stem + ".csv")
            if spec.file_format == "parquet":
                _write_parquet_as_csv(path, copy)
            else:
                _write_xlsx_as_csv(path, copy, dialect.sheet)
            yield Readable(copy, ",", '"', spec.file_format)
        return
    encoding = _encoding(path, spec, scan)
    rewrite = encoding not in ("utf-8", "mixed") or dialect.skip_rows or not dialect.header
    if not rewrite or spec.file_format == "jsonl" and encoding in ("utf-8", "mixed"):
        yield Readable(path, dialect.delimiter, dialect.quote, encoding)
        return
    with tempfile.TemporaryDirectory(prefix="insight-prepare-") as folder:
        copy = Path(folder) / path.name
        if spec.file_format == "jsonl":
            _copy_text(path, copy, encoding, 0, True, dialect.delimiter, dialect.quote)
        else:
            _copy_text(path, copy, "utf-8" if encoding == "mixed" else encoding, dialect.skip_rows, dialect.header,
                       dialect.delimiter, dialect.quote)
        yield Readable(copy, dialect.delimiter, dialect.quote, encoding)
