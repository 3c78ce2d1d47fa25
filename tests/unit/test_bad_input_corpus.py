"""The bad-input corpus: every kind of damaged landing file, and what the ingest does with it.

For each case: no crash; either a clear file-level error with nothing written, or every row accounted
for (read = loaded + quarantined) with a reason on each quarantined row.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pytest

from pipelines.ingest.loader import load_file
from pipelines.sources import spec_for

SURVEY_HEADER = (
    "response_id,survey_id,customer_id,email,phone,social_handle,order_id,channel,sent_at,responded_at,nps,csat,"
    "score_product_quality,score_service_response,score_communication,comment"
)


def survey(response_id: str = "R1", nps: str = "9", csat: str = "5", comment: str = "很满意", sent="2024-03-01 10:00:00") -> str:
    comment = '"' + comment.replace('"', '""') + '"'
    return f"{response_id},S1,C1,a@b.cn,,,,sms,{sent},2024-03-02 10:00:00,{nps},{csat},5,4,4,{comment}"


@dataclass(frozen=True)
class Case:
    name: str
    content: bytes
    read: int | None  # None: the file is refused as a whole (clear error, nothing written)
    loaded: int = 0
    reasons: tuple[str, ...] = ()
    extra_columns: tuple[str, ...] = ()
    missing_columns: tuple[str, ...] = ()


def utf8(*lines: str) -> bytes:
    return ("\n".join(lines) + "\n").encode()


INJECTIONS = (
    "'; drop table raw.surveys__responses; --",
    '=HYPERLINK("http://evil.example","点我")',
    "Robert'); DELETE FROM meta.load_log; --",
)

CASES = [
    # not the declared encoding (UTF-8): refused with the fix (test_source_declarations.py checks the line)
    Case("gbk encoded", (SURVEY_HEADER + "\n" + survey(comment="质量不错，客服态度很好") + "\n").encode("gbk"), read=None),
    Case("utf-8 bom", "\ufeff".encode() + utf8(SURVEY_HEADER, survey()), read=1, loaded=1),
    Case("wrong column types", utf8(SURVEY_HEADER, survey(), survey("R2", nps="ten"), survey("R3", csat="4.5")),
         read=3, loaded=1, reasons=("wrong type: csat", "wrong type: nps")),
    Case("missing key", utf8(SURVEY_HEADER, survey(), survey("")), read=2, loaded=1, reasons=("missing key: response_id",)),
    Case("out-of-range scores", utf8(SURVEY_HEADER, survey(), survey("R2", nps="11"), survey("R3", csat="0")),
         read=3, loaded=1, reasons=("out of range: csat", "out of range: nps")),
    Case("future dates", utf8(SURVEY_HEADER, survey(), survey("R2", sent="2099-01-01 00:00:00")),
         read=2, loaded=1, reasons=("future date: sent_at; responded before sent",)),
    Case("exact duplicates", utf8(SURVEY_HEADER, survey(), survey()), read=2, loaded=1,
         reasons=("duplicate key in file: response_id",)),
    Case("near duplicates", utf8(SURVEY_HEADER, survey(), survey(nps="3")), read=2, loaded=1,
         reasons=("duplicate key in file: response_id",)),
    Case("added column", utf8(SURVEY_HEADER + ",wechat_openid", survey() + ",oX1"), read=1, loaded=1,
         extra_columns=("wechat_openid",)),
    Case("missing column", utf8(SURVEY_HEADER.replace(",comment", ""), survey().rsplit(",", 1)[0]), read=1, loaded=1,
         missing_columns=("comment",)),
    Case("truncated last line", utf8(SURVEY_HEADER, survey()) + survey("R2").encode()[:40], read=2, loaded=1,
         reasons=("unparseable line: missing columns",)),
    Case("1 MB text field", utf8(SURVEY_HEADER, survey(comment="很好" * 350_000)), read=1, loaded=1),
    Case("sql and formula injection", utf8(SURVEY_HEADER, *(survey(f"R{i}", comment=text) for i, text in enumerate(INJECTIONS))),
         read=3, loaded=3),
    Case("empty file", b"", read=0, missing_columns=spec_for("surveys__responses").field_names),
    Case("header only", utf8(SURVEY_HEADER), read=0),
    Case("not text at all", b"\xff\xfe\x00\x81\x30\xff\x00" * 100, read=None),
]


@pytest.fixture
def con(tmp_path):
    connection = duckdb.connect(str(tmp_path / "warehouse.duckdb"))
    yield connection
    connection.close()


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_bad_input(con, tmp_path, case: Case):
    landing = tmp_path / "landing"
    path = landing / "surveys" / "responses" / "responses_00001.csv"
    path.parent.mkdir(parents=True)
    path.write_bytes(case.content)

    result = load_file(con, spec_for("surveys__responses"), path, landing)

    if case.read is None:
        assert result.error, "a file that cannot be read must fail with a message"
        assert con.execute("select count(*) from meta.load_log").fetchone()[0] == 0
        assert con.execute("select count(*) from raw.surveys__responses").fetchone()[0] == 0
        return
    assert result.error is None
    assert (result.rows_read, result.rows_loaded) == (case.read, case.loaded)
    assert result.rows_read == result.rows_loaded + result.rows_quarantined
    reasons = sorted(r for (r,) in con.execute("select _reason from quarantine.surveys__responses").fetchall())
    assert tuple(reasons) == tuple(sorted(case.reasons))
    assert result.extra_columns == case.extra_columns
    assert result.missing_columns == case.missing_columns
    logged = con.execute("select rows_read, rows_loaded, rows_quarantined from meta.load_log").fetchone()
    assert logged == (result.rows_read, result.rows_loaded, result.rows_quarantined)


def test_injection_strings_are_stored_as_data(con, tmp_path):
    landing = tmp_path / "landing"
    path = landing / "surveys" / "responses" / "r.csv"
    path.parent.mkdir(parents=True)
    path.write_bytes(utf8(SURVEY_HEADER, *(survey(f"R{i}", comment=text) for i, text in enumerate(INJECTIONS))))
    load_file(con, spec_for("surveys__responses"), path, landing)
    stored = {c for (c,) in con.execute("select comment from raw.surveys__responses").fetchall()}
    assert stored == set(INJECTIONS)
    assert con.execute("select count(*) from meta.load_log").fetchone()[0] == 1


def test_a_one_megabyte_field_arrives_whole(con, tmp_path):
    landing = tmp_path / "landing"
    path = landing / "social" / "mentions" / "m.jsonl"
    path.parent.mkdir(parents=True)
    text = "物流太慢了" * 210_000  # about 3 MB of UTF-8
    row = {"mention_id": "M1", "platform": "weibo", "author_handle": "@a", "posted_at": "2024-03-01T10:00:00Z", "text": text}
    path.write_text(json.dumps(row, ensure_ascii=False) + "\n", encoding="utf-8")
    result = load_file(con, spec_for("social__mentions"), path, landing)
    assert result.rows_loaded == 1
    assert con.execute("select length(text) from raw.social__mentions").fetchone()[0] == len(text)


def test_corpus_covers_the_kinds_the_contract_promises():
    assert len(CASES) >= 12
