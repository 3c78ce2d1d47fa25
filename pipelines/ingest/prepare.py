"""A landing file as the reader takes it: UTF-8 text with a header row, in the dialect its source declares.

Most files are read where they lie. A temporary copy is written only when the file is not that yet:
text in another encoding is transcoded; rows before the header are dropped and a file without a header
gets one (column_1, column_2, ...); a Parquet file or an XLSX sheet is written out as CSV text, every value
as the text it shows (a Parquet or spreadsheet value has no dialect left to declare); in a CSV file whose
lines end in LF, a field holding a lone CR (which DuckDB's reader takes for a line end) is quoted. The
independent record count (framing.py) then counts the records of what the reader reads.
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io
import mmap
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from pipelines.ingest.encoding import CHUNK_BYTES, FileScan, decodes
from pipelines.ingest.framing import CR, LF, Framing, frame_file, line_terminator
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


def _lone_carriage_returns(path: Path) -> bool:
    """Whether a file whose lines end in LF holds a CR that is not part of a CRLF (a tweet's line break
    pasted into an unquoted field, say): DuckDB's reader ends a record there, the independent count not."""
    previous_cr, lone = False, False
    with path.open("rb") as handle:
        while not lone and (chunk := handle.read(CHUNK_BYTES)):
            if previous_cr and not chunk.startswith(b"\n"):
                lone = True
            lone = lone or chunk.count(b"\r") - chunk.count(b"\r\n") > (1 if chunk.endswith(b"\r") else 0)
            previous_cr = chunk.endswith(b"\r")
    return (lone or previous_cr) and line_terminator(path) == LF


def _quote_fields_with_carriage_returns(record: str, delimiter: str, quote: str) -> str:
    """The record with every field that holds a CR quoted (its other fields as they were)."""
    placeholder = "\x00"  # never in a text export (a file holding NUL bytes is UTF-16 to the scan)
    [fields] = list(csv.reader([record.replace("\r", placeholder)], delimiter=delimiter, quotechar=quote))
    out = io.StringIO()
    # a field is quoted when it holds a character of the line terminator: CR
    csv.writer(out, delimiter=delimiter, quotechar=quote, lineterminator="\r\n").writerow(
        [field.replace(placeholder, "\r") for field in fields])
    return out.getvalue()[:-2]


def _records_with_lone_carriage_returns(framing: Framing, data: np.ndarray) -> list[tuple[int, int]]:
    """(start, end) of every data record holding a CR that no LF follows."""
    cr = np.flatnonzero(data == CR)
    following = np.append(data, 0)[cr + 1]
    lone = cr[following != LF]
    index = np.searchsorted(framing.starts, lone, side="right") - 1
    inside = (index >= 0) & (lone < framing.ends[np.maximum(index, 0)])
    return [(int(framing.starts[i]), int(framing.ends[i])) for i in np.unique(index[inside])]


def _copy_quoting_carriage_returns(path: Path, target: Path, delimiter: str, quote: str) -> None:
    """Copy a UTF-8 file, rewriting the records that hold a lone CR with those fields quoted."""
    framing = frame_file(path, "csv", delimiter, quote)
    with path.open("rb") as handle, mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ) as data, \
            target.open("wb") as out:
        position = 0
        for start, end in _records_with_lone_carriage_returns(framing, np.frombuffer(data, dtype=np.uint8)):
            out.write(data[position:start])
            text = data[start:end].decode("utf-8", errors="surrogateescape")
            out.write(_quote_fields_with_carriage_returns(text, delimiter, quote).encode("utf-8", errors="surrogateescape"))
            position = end
        out.write(data[position:])


@contextmanager
def readable(path: Path, spec: EntitySpec, scan: FileScan) -> Iterator[Readable]:
    """The file, or a temporary copy of it, as the reader takes it: a CSV file whose lines end in LF and
    that holds lone CRs inside fields is copied with those fields quoted, so the reader reads them as text."""
    with _prepared(path, spec, scan) as prepared:
        stray_cr = scan.stray_cr or spec.file_format != "csv"  # a Parquet or XLSX sheet's copy is new text
        if spec.file_format == "jsonl" or not prepared.quote or not stray_cr or not _lone_carriage_returns(prepared.path):
            yield prepared
            return
        with tempfile.TemporaryDirectory(prefix="insight-prepare-") as folder:
            copy = Path(folder) / ("quoted-" + prepared.path.name)
            _copy_quoting_carriage_returns(prepared.path, copy, prepared.delimiter, prepared.quote)
            yield dataclasses.replace(prepared, path=copy)


@contextmanager
def _prepared(path: Path, spec: EntitySpec, scan: FileScan) -> Iterator[Readable]:
    """The file, or a temporary copy of it, in UTF-8 with a header row."""
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
