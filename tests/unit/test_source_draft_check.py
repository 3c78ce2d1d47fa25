"""`insight source draft` writes a declaration from an export file, every guess marked; `insight source
check` dry-runs a declaration on its landing files without writing the warehouse."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import yaml

from pipelines import cli
from pipelines.settings import ENVIRONMENT
from pipelines.sources import declaration
from pipelines.sources.declaration import parse_declaration

# A shop's order export as a Chinese spreadsheet writes it: GB18030, dates with slashes, amounts with a
# currency sign and thousands separators, statuses in Chinese.
SHOP_EXPORT = "\n".join([
    "订单号,客户编号,下单时间,状态,金额,备注",
    "A1,C1,2024/01/02 10:00,已支付,\"¥1,299.00\",",
    "A2,C2,2024/01/03 11:30,已退款,¥35.50,加急",
    "A3,C1,2024/01/04 09:15,已支付,¥8.00,",
    "A4,C3,2024/01/05 16:45,待发货,¥12.00,",
]) + "\n"


@pytest.fixture
def data_dir(tmp_path, monkeypatch) -> Path:
    for name, _, _ in ENVIRONMENT:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("INSIGHT_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setattr(declaration, "DECLARED_DIR", tmp_path / "declared")
    (tmp_path / "declared").mkdir()
    return tmp_path / "data"


def test_draft_marks_every_guess_and_check_shows_what_would_load(data_dir, tmp_path, capsys):
    export = tmp_path / "shop_export.csv"
    export.write_bytes(SHOP_EXPORT.encode("gb18030"))
    assert cli.main(["source", "draft", str(export), "--name", "shop"]) == 0
    path = Path(capsys.readouterr().out.strip())
    assert path == tmp_path / "declared" / "shop.yml"
    text = path.read_text(encoding="utf-8")
    body = yaml.safe_load(text)["entities"]["orders"]
    assert yaml.safe_load(text)["dialect"] | {"time_zone": None} == {
        "format": "csv", "encoding": "gb18030", "timestamp_formats": ["%Y/%m/%d %H:%M"],
        "currency_symbols": ["¥"], "thousands": ",", "time_zone": None}
    assert body["columns"] == {"order_id": "订单号", "customer_id": "客户编号", "ordered_at": "下单时间",
                               "status": "状态", "amount": "金额"}
    assert body["values"] == {"status": {"已支付": "paid", "已退款": "refunded"}}
    assert body["constants"] == {"currency": "CNY"}
    # every mapped column, value, constant and dialect key is a guess; 待发货 and the time zone are questions
    assert "# REVIEW: map 待发货 onto one of paid, refunded, cancelled" in text
    assert text.count("  # guess") == 5 + 1 + 5 + 2  # dialect, entity, columns, values
    assert "# not read: 备注" in text

    landing = data_dir / "landing" / "shop" / "orders"
    landing.mkdir(parents=True)
    (landing / "export.csv").write_bytes(export.read_bytes())
    assert cli.main(["source", "check", "shop"]) == 0
    assert capsys.readouterr().out.splitlines() == [
        "shop/orders/export.csv: 3 row(s) would load, 1 quarantined (unknown value: status: 1)"]
    assert not (data_dir / "warehouse.duckdb").exists()
    assert [spec.table for spec in parse_declaration(path)] == ["shop__orders"]


# A shop's review export: reviews of orders, no customer id, no survey id, a rating column named in Portuguese.
REVIEW_EXPORT = "\n".join([
    "review_id,order_id,review_score,avaliacao_canal,review_creation_date,review_answer_timestamp",
    "V1,A1,5,sms,2024-01-03 00:00:00,2024-01-04 10:00:00",
    "V2,A2,1,email,2024-01-04 00:00:00,",
    "V3,,4,sms,2024-01-05 00:00:00,2024-01-05 12:00:00",
]) + "\n"


def test_a_review_export_drafts_to_responses_that_identify_the_respondent_by_order(data_dir, tmp_path, capsys):
    export = tmp_path / "reviews.csv"
    export.write_text(REVIEW_EXPORT, encoding="utf-8")
    assert cli.main(["source", "draft", str(export), "--name", "shop_reviews"]) == 0
    text = Path(capsys.readouterr().out.strip()).read_text(encoding="utf-8")
    body = yaml.safe_load(text)["entities"]["responses"]
    assert body["columns"] == {"response_id": "review_id", "order_id": "order_id", "channel": "avaliacao_canal",
                               "sent_at": "review_creation_date", "responded_at": "review_answer_timestamp",
                               "csat": "review_score"}
    assert '      channel: "avaliacao_canal"  # guess: by content' in text  # its values are channels
    assert body["constants"] == {"survey_id": "shop_reviews"}  # one survey: the source's reviews, to review

    landing = data_dir / "landing" / "shop_reviews" / "responses"
    landing.mkdir(parents=True)
    (landing / "reviews.csv").write_bytes(export.read_bytes())
    assert cli.main(["source", "check", "shop_reviews"]) == 0
    assert capsys.readouterr().out.splitlines() == [
        "shop_reviews/responses/reviews.csv: 2 row(s) would load, 1 quarantined (no way to identify the respondent: 1)"]


def test_check_of_an_invalid_declaration_fails_naming_file_line_and_field(data_dir, capsys):
    (declaration.DECLARED_DIR / "shop.yml").write_text(
        "entities:\n  orders:\n    constants:\n      currency: XYZ\n", encoding="utf-8")
    assert cli.main(["source", "check", "shop"]) == 2
    assert capsys.readouterr().err.splitlines() == [
        "insight source check: shop.yml:4: entities.orders.constants.currency: 'XYZ' is not one of CNY, USD, HKD, GBP, EUR"]


def test_draft_and_check_answer_bad_arguments_in_one_line(data_dir, tmp_path, capsys):
    assert cli.main(["source", "draft", str(tmp_path / "nothing.csv"), "--name", "shop"]) == 2
    assert cli.main(["source", "draft", str(tmp_path / "nothing.csv"), "--name", "Shop!"]) == 2
    (tmp_path / "notes.doc").write_text("x")
    assert cli.main(["source", "draft", str(tmp_path / "notes.doc"), "--name", "shop"]) == 2
    assert cli.main(["source", "check", "nobody"]) == 2
    errors = capsys.readouterr().err.splitlines()
    assert errors == [
        f"insight source draft: no file {tmp_path / 'nothing.csv'}",
        "insight source draft: the name 'Shop!' is not a source name (lower-case letters, digits and _, "
        "starting with a letter)",
        "insight source draft: notes.doc: unknown format '.doc' (one of .csv, .json, .jsonl, .parquet, .tsv, "
        ".txt, .xlsx)",
        f"insight source check: no declaration {declaration.DECLARED_DIR / 'nobody.yml'}",
    ]
    assert "Traceback" not in "".join(errors) and os.listdir(declaration.DECLARED_DIR) == []


def test_check_names_a_file_that_would_fail_and_still_exits_0(data_dir, capsys):
    (declaration.DECLARED_DIR / "shop.yml").write_text(
        "entities:\n  order_items: {}\n", encoding="utf-8")
    landing = data_dir / "landing" / "shop" / "order_items"
    landing.mkdir(parents=True)
    (landing / "a.csv").write_text("order_id;line_no;product_id;category;quantity;unit_price\nO1;1;P1;home;1;2.00\n")
    (landing / "b.csv").write_text("order_id,line_no,product_id,category,quantity,unit_price\nO1,1,P1,home,0,2.00\n")
    assert cli.main(["source", "check", "shop"]) == 0
    assert capsys.readouterr().out.splitlines() == [
        "shop/order_items/a.csv: would fail: wrong delimiter: the header is separated by ';', not ',': "
        'declare `delimiter: ";"` in shop.yml',
        "shop/order_items/b.csv: 0 row(s) would load, 1 quarantined (out of range: quantity: 1)",
    ]
