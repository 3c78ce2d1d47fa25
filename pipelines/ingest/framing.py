"""The independent count: where each record of a landing file starts and ends, found without the parser.

The loader compares this count with the rows DuckDB's reader produced and fails the file when they
disagree, so a parser that stops early, swallows lines into an open quote or skips what it cannot read
can never make rows vanish unnoticed. The method is deliberately simple and shares none of the
parser's code: one streaming pass over the bytes in chunks, vectorised with numpy.

- A record ends at a line terminator outside quotes (CSV) or at any line terminator (JSONL). The
  terminator is LF (a CR just before it belongs to it) or, in a file whose first line ends in a lone CR,
  CR. Blank lines are not records: empty ones in CSV (DuckDB skips them), whitespace-only ones in JSONL.
- CSV quoting: the quote character (by default a double quote; the source's dialect may name another,
  or none) toggles "inside quotes" (an escaped quote `""` toggles twice), so a
  terminator is inside a field when an odd number of quotes precede it. An odd total means a quote
  runs to the end of the file: the file is then unreadable as CSV, whatever a parser makes of it.
- Each CSV record's field count is one more than its delimiters (the dialect's, a comma by default)
  outside quotes, so a row with a field
  too many (or too few) is found even where the parser pads or drops fields.

The header of a CSV file is its first record; the data records follow. Offsets are in the bytes of the
file as read (after transcoding, for files that are not UTF-8).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

CHUNK_BYTES = 4 * 1024 * 1024
LF, CR = 10, 13
_BLANK_BYTES = np.array([9, 13, 32], dtype=np.uint8)  # tab, CR, space: what a whitespace-only line holds


@dataclass(frozen=True)
class Framing:
    """The records of one file as the independent count sees them."""

    records: int  # data records (CSV: after the header)
    starts: np.ndarray  # byte offset where each data record starts
    ends: np.ndarray  # byte offset just past each data record, its terminator excluded
    lines: np.ndarray  # line number (1-based, in the file) where each data record starts
    fields: np.ndarray  # CSV: fields per data record (delimiters outside quotes + 1); JSONL: ones
    header: tuple[int, int] | None  # CSV: byte range of the header record; None when the file is empty
    header_fields: int
    open_quote_line: int | None  # CSV: the line where a quote opens that nothing closes


def line_terminator(path: Path) -> int:
    """CR for a file whose first line ends in a lone CR (old Mac exports), else LF."""
    with path.open("rb") as handle:
        head = handle.read(CHUNK_BYTES)
    first_cr, first_lf = head.find(b"\r"), head.find(b"\n")
    lone_cr = first_cr >= 0 and (first_lf < 0 or first_cr < first_lf - 1)
    return CR if lone_cr else LF


def frame_file(path: Path, file_format: str, delimiter: str = ",", quote: str = '"') -> Framing:
    """One streaming pass over ``path``: every record's byte range, first line and field count.

    ``file_format`` is "jsonl" or CSV (anything else: a Parquet or XLSX file is read as its CSV copy)."""
    csv = file_format != "jsonl"
    delimiter_byte = ord(delimiter)
    quote_byte = ord(quote) if quote else None
    terminator = line_terminator(path)
    starts: list[np.ndarray] = []
    ends: list[np.ndarray] = []
    lines: list[np.ndarray] = []
    fields: list[np.ndarray] = []
    offset = 0  # of the current chunk in the file
    quotes_before = 0  # quotes seen before the current chunk
    lines_before = 0  # terminator bytes (inside quotes too) before the current chunk
    delimiters_before = 0  # delimiters outside quotes before the current chunk
    record_start, record_line, record_delimiters = 0, 1, 0
    record_has_text = False  # JSONL: the current line holds a byte other than blanks
    last_open_quote = None  # offset of the last quote opening a quoted stretch
    total = 0
    last_byte = None
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK_BYTES):
            data = np.frombuffer(chunk, dtype=np.uint8)
            newline_at = np.flatnonzero(data == terminator)
            if csv:
                quote_at = np.flatnonzero(data == quote_byte) if quote_byte is not None else np.zeros(0, np.int64)
                opening = quote_at[(quotes_before + np.arange(quote_at.size)) % 2 == 0]
                if opening.size:
                    last_open_quote = offset + int(opening[-1])
                outside = (quotes_before + np.searchsorted(quote_at, newline_at)) % 2 == 0
                ends_at = newline_at[outside]
                comma_at = np.flatnonzero(data == delimiter_byte)
                comma_at = comma_at[(quotes_before + np.searchsorted(quote_at, comma_at)) % 2 == 0]
                delimiters_at_end = delimiters_before + np.searchsorted(comma_at, ends_at)
                quotes_before += quote_at.size
                delimiters_before += comma_at.size
            else:
                ends_at = newline_at
                is_text = ~np.isin(data, _BLANK_BYTES) & (data != LF)
                delimiters_at_end = np.zeros(ends_at.size, dtype=np.int64)
                if ends_at.size:
                    # A line has text when a byte between its start and its terminator is not blank.
                    line_starts = np.concatenate(([0], ends_at[:-1] + 1))
                    has_text = np.logical_or.reduceat(is_text[: ends_at[-1] + 1], line_starts)
                    has_text[0] |= record_has_text
                    record_has_text = bool(is_text[ends_at[-1] + 1 :].any())
                else:
                    record_has_text |= bool(is_text.any())
            if ends_at.size:
                chunk_starts = np.concatenate(([record_start], offset + ends_at[:-1] + 1))
                chunk_lines = np.concatenate(([record_line], lines_before + np.searchsorted(newline_at, ends_at[:-1]) + 2))
                chunk_delimiters = np.diff(np.concatenate(([record_delimiters], delimiters_at_end)))
                chunk_ends = offset + ends_at
                if terminator == LF:  # a CR before the LF belongs to the terminator
                    before = ends_at - 1
                    cr = np.zeros(ends_at.size, dtype=bool)
                    inside = before >= 0
                    cr[inside] = data[before[inside]] == CR
                    if not inside.all():  # the LF opens the chunk: look at the previous chunk's last byte
                        cr[~inside] = last_byte == CR
                    chunk_ends = chunk_ends - cr
                keep = chunk_ends > chunk_starts if csv else has_text
                starts.append(chunk_starts[keep])
                ends.append(chunk_ends[keep])
                lines.append(chunk_lines[keep])
                fields.append(chunk_delimiters[keep] + 1)
                record_start = offset + int(ends_at[-1]) + 1
                record_line = lines_before + int(np.searchsorted(newline_at, ends_at[-1])) + 2
                record_delimiters = int(delimiters_at_end[-1])
            lines_before += newline_at.size
            offset += len(chunk)
            last_byte = int(data[-1])
            total = offset
    if total > record_start:  # a last record without a terminator
        tail_has_text = record_has_text if not csv else True
        if tail_has_text:
            end = total - (1 if terminator == LF and last_byte == CR and quotes_before % 2 == 0 else 0)
            if end > record_start:
                starts.append(np.array([record_start]))
                ends.append(np.array([end]))
                lines.append(np.array([record_line]))
                fields.append(np.array([delimiters_before - record_delimiters + 1]))
    all_starts = np.concatenate(starts) if starts else np.zeros(0, dtype=np.int64)
    all_ends = np.concatenate(ends) if ends else np.zeros(0, dtype=np.int64)
    all_lines = np.concatenate(lines) if lines else np.zeros(0, dtype=np.int64)
    all_fields = np.concatenate(fields) if fields else np.zeros(0, dtype=np.int64)
    open_quote_line = None
    if csv and quotes_before % 2 == 1:
        open_quote_line = _line_of(path, last_open_quote, terminator)
    if csv:
        header = (int(all_starts[0]), int(all_ends[0])) if all_starts.size else None
        header_fields = int(all_fields[0]) if all_fields.size else 0
        all_starts, all_ends, all_lines, all_fields = all_starts[1:], all_ends[1:], all_lines[1:], all_fields[1:]
    else:
        header, header_fields = None, 0
        all_fields = np.ones(all_starts.size, dtype=np.int64)
    return Framing(
        records=int(all_starts.size),
        starts=all_starts,
        ends=all_ends,
        lines=all_lines,
        fields=all_fields,
        header=header,
        header_fields=header_fields,
        open_quote_line=open_quote_line,
    )


def _line_of(path: Path, position: int, terminator: int) -> int:
    """The 1-based line number of byte ``position``."""
    lines, offset = 1, 0
    with path.open("rb") as handle:
        while offset < position and (chunk := handle.read(min(CHUNK_BYTES, position - offset))):
            lines += chunk.count(bytes([terminator]))
            offset += len(chunk)
    return lines


def record_text(data: bytes | memoryview, start: int, end: int) -> str:
    """The original text of one record; bytes that are not UTF-8 stay visible as \\x escapes."""
    return bytes(data[start:end]).decode("utf-8", errors="backslashreplace")
