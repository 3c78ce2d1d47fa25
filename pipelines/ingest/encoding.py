"""One pass over a landing file: its content fingerprint and its text encoding.

Chinese exports often arrive in GBK/GB18030 rather than UTF-8, and spreadsheet tools on Windows save
"Unicode text" as UTF-16, often without a byte-order mark. DuckDB reads UTF-8 only (other encodings
need an extension download), so such a file is transcoded to a temporary UTF-8 copy first (prepare.py).
"""

from __future__ import annotations

import codecs
import hashlib
from dataclasses import dataclass
from pathlib import Path

CHUNK_BYTES = 4 * 1024 * 1024


@dataclass(frozen=True)
class FileScan:
    fingerprint: str
    encoding: str  # "utf-8", "utf-16", "utf-16-le", "utf-16-be", "gb18030", or "mixed" (none decodes it all)
    # a CR byte not followed by LF somewhere (prepare.py looks closer at such a file); never False wrongly
    stray_cr: bool = True


def decodes(path: Path, encoding: str) -> bool:
    decoder = codecs.getincrementaldecoder(encoding)()
    try:
        with path.open("rb") as handle:
            while chunk := handle.read(CHUNK_BYTES):
                decoder.decode(chunk)
        decoder.decode(b"", final=True)
    except UnicodeError:  # a decode error, or UTF-16 without the byte-order mark it needs
        return False
    return True


def _utf16_variant(head: bytes) -> str | None:
    """UTF-16 by its byte-order mark, or by NUL bytes in every other place of ASCII-range text."""
    if head[:2] in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE):
        return "utf-16"
    sample = head[: len(head) // 2 * 2]
    if len(sample) < 4 or b"\x00" not in sample:
        return None
    even_nul, odd_nul = sample[0::2].count(0), sample[1::2].count(0)
    pairs = len(sample) // 2
    if odd_nul > 0.3 * pairs and even_nul == 0:
        return "utf-16-le"
    if even_nul > 0.3 * pairs and odd_nul == 0:
        return "utf-16-be"
    return None


def scan_file(path: Path) -> FileScan:
    """Hash the file and check it is UTF-8 in the same pass; fall back to UTF-16 or GB18030 when it is not.

    NUL bytes decode as UTF-8 but never occur in a text export: a file holding them is tried as UTF-16.
    """
    digest = hashlib.sha256()
    decoder = codecs.getincrementaldecoder("utf-8")()
    with path.open("rb") as handle:
        first = handle.read(CHUNK_BYTES)
        utf16 = _utf16_variant(first)
        utf8 = utf16 is None
        stray_cr = False
        chunk = first
        while chunk:
            digest.update(chunk)
            stray_cr = stray_cr or chunk.count(b"\r") != chunk.count(b"\r\n") or chunk.endswith(b"\r")
            if utf8:
                try:
                    decoder.decode(chunk)
                except UnicodeDecodeError:
                    utf8 = False
            chunk = handle.read(CHUNK_BYTES)
    if utf8:
        try:
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            utf8 = False
    if utf8:
        encoding = "utf-8"
    elif utf16 is not None and decodes(path, utf16):
        encoding = utf16
    else:
        encoding = "gb18030" if decodes(path, "gb18030") else "mixed"
    return FileScan(digest.hexdigest(), encoding, stray_cr)
