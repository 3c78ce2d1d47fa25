"""One pass over a landing file: its content fingerprint and its text encoding.

Chinese exports often arrive in GBK/GB18030 rather than UTF-8. DuckDB reads UTF-8 only (other
encodings need an extension download), so such a file is transcoded to a temporary UTF-8 copy first.
"""

from __future__ import annotations

import codecs
import hashlib
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

CHUNK_BYTES = 4 * 1024 * 1024


@dataclass(frozen=True)
class FileScan:
    fingerprint: str
    encoding: str  # "utf-8", "gb18030", or "mixed" (neither decodes the whole file)


def _decodes(path: Path, encoding: str) -> bool:
    decoder = codecs.getincrementaldecoder(encoding)()
    try:
        with path.open("rb") as handle:
            while chunk := handle.read(CHUNK_BYTES):
                decoder.decode(chunk)
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


def scan_file(path: Path) -> FileScan:
    """Hash the file and check it is UTF-8 in the same pass; fall back to GB18030 only when it is not."""
    digest = hashlib.sha256()
    decoder = codecs.getincrementaldecoder("utf-8")()
    utf8 = True
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK_BYTES):
            digest.update(chunk)
            if utf8:
                try:
                    decoder.decode(chunk)
                except UnicodeDecodeError:
                    utf8 = False
    if utf8:
        try:
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            utf8 = False
    if utf8:
        encoding = "utf-8"
    else:
        encoding = "gb18030" if _decodes(path, "gb18030") else "mixed"
    return FileScan(digest.hexdigest(), encoding)


@contextmanager
def utf8_readable(path: Path, encoding: str) -> Iterator[Path]:
    """The path itself when it is UTF-8 (or mixed: bad lines are then rejected one by one), else a UTF-8 copy."""
    if encoding != "gb18030":
        yield path
        return
    with tempfile.TemporaryDirectory(prefix="insight-transcode-") as folder:
        copy = Path(folder) / path.name
        with path.open("r", encoding="gb18030", newline="") as source, copy.open("w", encoding="utf-8", newline="") as target:
            while text := source.read(CHUNK_BYTES):
                target.write(text)
        yield copy
