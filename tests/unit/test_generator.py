"""The synthetic data generator: deterministic, on contract, damaged as declared, and realistic enough."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import duckdb
import polars as pl
import pytest

from pipelines.generate import generate
from pipelines.ingest.loader import load_file
from pipelines.sources import all_specs, spec_for

SCALE = 0.05  # 500 customers, about 10,000 orders
SEED = 11
END = date(2026, 10, 31)
SHANGHAI = timezone(timedelta(hours=8))


@pytest.fixture(scope="module")
def landing(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("landing")
    generate(root, scale=SCALE, seed=SEED, progress=False)
    return root


@pytest.fixture(scope="module")
def manifest(landing) -> dict:
    return json.loads((landing / "_manifest.json").read_text(encoding="utf-8"))


def read(landing: Path, table: str) -> pl.DataFrame:
    """All rows of a table as text (JSON values as their text), in file order."""
    spec = spec_for(table)
    files = spec.landing_files(landing)
    if spec.file_format == "csv":
        return pl.concat([pl.read_csv(f, infer_schema=False) for f in files])
    rows = [json.loads(line) for f in files for line in f.read_text(encoding="utf-8").splitlines()]
    return pl.DataFrame([{k: None if v is None else str(v) for k, v in row.items()} for row in rows],
                        schema={name: pl.Utf8 for name in spec.field_names})


def cents(column: str) -> pl.Expr:
    """'123.45' as 12345; null for anything that is not a plain non-negative amount with two decimals."""
    text = pl.col(column)
    return pl.when(text.str.contains(r"^[0-9]+\.[0-9]{2}$")).then(text.str.replace(".", "", literal=True).cast(pl.Int64))


def undamaged_paid_orders(landing: Path) -> pl.DataFrame:
    orders = read(landing, "orders__orders").unique(maintain_order=True)
    return orders.filter(
        (pl.col("status") == "paid") & pl.col("order_id").is_not_null() & (pl.col("order_id") != "")
        & (pl.col("currency") == "CNY") & (pl.col("ordered_at") < "2030")
    ).with_columns(cents=cents("amount"), ordered=pl.col("ordered_at").str.to_datetime(strict=False)).drop_nulls(["cents", "ordered"])


# --- determinism --------------------------------------------------------------------------------

def _files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_same_arguments_give_identical_bytes_and_another_seed_does_not(tmp_path):
    for name, seed in (("a", 1), ("b", 1), ("c", 2)):
        generate(tmp_path / name, scale=0.01, seed=seed, progress=False)
    first, again, other = (_files(tmp_path / name) for name in "abc")
    assert first == again
    assert first.keys() == other.keys()
    assert all(first[name] != other[name] for name in first)


def test_tiny_scales_work(tmp_path):
    summary = generate(tmp_path, scale=0.001, seed=3, progress=False)
    assert summary["tables"]["crm__customers"]["rows"] >= 10
    assert all(spec.landing_files(tmp_path) for spec in all_specs())


def test_a_rerun_replaces_the_part_files_of_a_larger_run(tmp_path):
    generate(tmp_path, scale=0.01, seed=1, progress=False)
    stale = tmp_path / "crm" / "customers" / "customers_00002.csv"
    stale.write_text("left over from a larger run\n")
    foreign = tmp_path / "crm" / "customers" / "export_from_the_real_crm.csv"
    foreign.write_text("kept\n")
    generate(tmp_path, scale=0.01, seed=1, progress=False)
    assert not stale.exists() and foreign.exists()


# --- the contract ---------------------------------------------------------------------------------

def test_every_spec_gets_files_with_exactly_its_columns_in_order(landing):
    for spec in all_specs():
        files = spec.landing_files(landing)
        assert [f.name for f in files] == [f"{spec.entity}_00001.{spec.file_format}"], spec.table
        for path in files:
            if spec.file_format == "csv":
                header = path.read_text(encoding="utf-8").split("\n", 1)[0]
                assert tuple(header.split(",")) == spec.field_names, spec.table
            else:
                for line in path.read_text(encoding="utf-8").splitlines():
                    assert tuple(json.loads(line)) == spec.field_names, spec.table


def test_the_contract_loader_quarantines_exactly_the_damaged_rows(landing, manifest):
    con = duckdb.connect()
    for spec in all_specs():
        read_rows = quarantined = 0
        for path in spec.landing_files(landing):
            result = load_file(con, spec, path, landing)
            read_rows += result.rows_read
            quarantined += result.rows_quarantined
        info = manifest["tables"][spec.table]
        assert read_rows == info["rows"], spec.table
        assert quarantined == sum(info["damaged"].values()), spec.table
    paid = con.execute(
        "select currency, count(*), sum(amount) from raw.orders__orders where status = 'paid' group by 1"
    ).fetchall()
    orders = manifest["tables"]["orders__orders"]
    assert sum(count for _, count, _ in paid) == orders["paid_orders"]
    assert {c: float(total) for c, _, total in paid} == orders["paid_amount_by_currency"]


def test_damage_is_about_the_rate_and_of_every_applicable_kind(manifest):
    for table, info in manifest["tables"].items():
        damaged = sum(info["damaged"].values())
        assert 0.005 * info["rows"] <= damaged <= 0.015 * info["rows"] + 2, table
        assert all(count > 0 for count in info["damaged"].values()), (table, info["damaged"])
    assert set(manifest["tables"]["orders__orders"]["damaged"]) == {
        "missing_key", "wrong_type", "out_of_range", "future_date", "unknown_enum", "duplicate"}
    # Order lines have no dates and no enums: those kinds do not apply.
    assert set(manifest["tables"]["orders__order_items"]["damaged"]) == {"missing_key", "wrong_type", "out_of_range", "duplicate"}


def test_manifest_matches_the_files(landing, manifest):
    for spec in all_specs():
        info = manifest["tables"][spec.table]
        files = spec.landing_files(landing)
        assert [f["path"] for f in info["files"]] == [p.relative_to(landing).as_posix() for p in files]
        for entry, path in zip(info["files"], files):
            lines = path.read_text(encoding="utf-8").splitlines()
            assert entry["rows"] == len(lines) - (spec.file_format == "csv"), path.name
        assert info["rows"] == sum(f["rows"] for f in info["files"])


def test_timestamps_end_by_the_end_date_except_future_damage(landing):
    last = datetime(END.year, END.month, END.day, 23, 59, 59, tzinfo=SHANGHAI)
    for spec in all_specs():
        frame = read(landing, spec.table)
        for f in spec.fields:
            if f.dtype not in ("TIMESTAMPTZ", "DATE"):
                continue
            values = [v for v in frame[f.name].drop_nulls().to_list() if v[:4].isdigit() and v < "2090"]
            for value in values:
                try:
                    when = datetime.fromisoformat(value.replace("Z", "+00:00"))
                except ValueError:
                    continue  # wrong-type damage such as '2025-13-45 25:61:00'
                when = when if when.tzinfo else when.replace(tzinfo=SHANGHAI)
                assert when <= last, (spec.table, f.name, value)


# --- business truth ---------------------------------------------------------------------------------

def test_order_amounts_equal_the_sum_of_their_lines(landing):
    keyed = pl.col("order_id").is_not_null() & (pl.col("order_id") != "")
    orders = read(landing, "orders__orders").unique(maintain_order=True).filter(keyed).with_columns(cents=cents("amount"))
    items = read(landing, "orders__order_items").unique(maintain_order=True)
    lost_lines = items.filter(~keyed).height
    items = items.filter(keyed)
    clean_items = items.with_columns(
        q=pl.col("quantity").str.to_integer(strict=False), line=pl.col("line_no").str.to_integer(strict=False),
        unit=cents("unit_price"))
    broken_orders = clean_items.filter(pl.any_horizontal(pl.col("q", "line", "unit").is_null()) | (pl.col("q") < 1) | (pl.col("line") < 1))["order_id"]
    totals = clean_items.filter(~pl.col("order_id").is_in(broken_orders.implode())).group_by("order_id").agg(
        lines=(pl.col("q") * pl.col("unit")).sum())
    checked = orders.drop_nulls("cents").join(totals, on="order_id")
    mismatched = checked.filter(pl.col("lines") != pl.col("cents")).height
    assert checked.height > 0.9 * orders.height
    assert mismatched <= lost_lines  # only orders that lost a line to missing-key damage
    assert items.group_by("order_id").len()["len"].max() <= 5


def test_refunds_follow_the_status(landing):
    orders = read(landing, "orders__orders").with_columns(amount_c=cents("amount"), refund_c=cents("refund_amount"))
    valid = orders.filter(pl.col("status").is_in(["paid", "refunded", "cancelled"]) & pl.col("amount_c").is_not_null())
    refunded = valid.filter(pl.col("status") == "refunded")
    assert refunded.height > 0 and (refunded["refund_c"] == refunded["amount_c"]).all()
    partial = valid.filter((pl.col("status") == "paid") & pl.col("refund_c").is_not_null())
    assert partial.height > 0 and ((partial["refund_c"] > 0) & (partial["refund_c"] < partial["amount_c"])).all()
    assert valid.filter(pl.col("status") == "cancelled")["refund_amount"].is_null().all()


def test_december_revenue_beats_the_monthly_average_and_double_11_is_the_busiest_day(landing):
    paid = undamaged_paid_orders(landing)
    for year in (2024, 2025):
        months = paid.filter(pl.col("ordered").dt.year() == year).group_by(pl.col("ordered").dt.month().alias("m")).agg(pl.col("cents").sum())
        december = months.filter(pl.col("m") == 12)["cents"][0]
        assert december > months["cents"].mean(), year
    busiest = paid.group_by(pl.col("ordered").dt.date().alias("d")).len().sort("len", descending=True)["d"][0]
    assert (busiest.month, busiest.day) in ((11, 11), (6, 18))


def test_spend_is_heavy_tailed(landing):
    paid = undamaged_paid_orders(landing)
    per_customer = paid.group_by("customer_id").agg(revenue=pl.col("cents").sum(), orders=pl.len()).sort("revenue", descending=True)
    top = per_customer.head(max(1, per_customer.height // 10))["revenue"].sum()
    assert top / per_customer["revenue"].sum() > 0.4
    assert (per_customer["orders"] == 1).mean() > 0.1  # many one-time buyers
    assert per_customer["orders"].max() > 50  # and a few heavy ones


def test_most_service_contacts_carry_the_customer_id_and_the_unlinked_share_is_a_setting(landing, tmp_path):
    def without_id(root: Path) -> float:
        interactions = read(root, "interactions__interactions")
        return interactions["customer_id"].is_null().mean()

    # the default share plus contacts from strangers (no customer id to record) and damaged keys
    assert 0.1 < without_id(landing) < 0.3
    generate(tmp_path, scale=SCALE, seed=SEED, progress=False, unlinked_share=0.6)
    assert without_id(tmp_path) > 0.55
    with pytest.raises(ValueError, match="unlinked_share"):
        generate(tmp_path / "bad", scale=SCALE, seed=SEED, progress=False, unlinked_share=1.5)


def test_identity_shows_up_in_many_formats(landing):
    phones = pl.concat([read(landing, t)["phone"] for t in ("crm__customers", "interactions__interactions", "surveys__responses")]).drop_nulls()
    emails = pl.concat([read(landing, t)["email"] for t in ("crm__customers", "interactions__interactions", "surveys__responses")]).drop_nulls()
    assert phones.str.contains("^[０-９]{11}$").any()  # full-width digits
    assert phones.str.starts_with("+86 ").any() and phones.str.starts_with("0086").any()
    assert phones.str.contains(r"^1\d{2}-\d{4}-\d{4}$").any()
    assert emails.str.contains("[A-Z]").any() and emails.str.contains(r"^\s|\s$").any()
    interactions = read(landing, "interactions__interactions")
    assert interactions.filter(pl.col("customer_id").is_null() & pl.col("phone").is_not_null()).height > 0
    assert interactions.filter(pl.col("customer_id").is_null() & pl.col("email").is_not_null()).height > 0
    customers = read(landing, "crm__customers")
    digits = customers["phone"].drop_nulls().str.replace_many([chr(ord("０") + d) for d in range(10)], [str(d) for d in range(10)])
    local = digits.str.replace_all(r"\D", "").str.slice(-11)
    assert local.is_duplicated().any()  # one person, two CRM accounts


def test_texts_are_chinese_and_english(landing):
    texts = pl.concat([
        read(landing, "interactions__interactions")["text"],
        read(landing, "social__mentions")["text"],
        read(landing, "surveys__responses")["comment"],
    ]).drop_nulls()
    chinese = texts.str.contains("[\u4e00-\u9fff]")
    assert chinese.mean() > 0.6
    assert (~chinese & texts.str.contains("[A-Za-z]{4}")).sum() > 10


def test_unhappy_service_means_low_scores(landing):
    interactions = read(landing, "interactions__interactions")
    complained = interactions.filter(pl.col("kind") == "complaint")["customer_id"].drop_nulls().unique()
    answers = read(landing, "surveys__responses").filter(pl.col("nps").str.contains(r"^\d+$")).with_columns(
        nps=pl.col("nps").cast(pl.Int64), complained=pl.col("customer_id").is_in(complained.implode()))
    answers = answers.filter(pl.col("customer_id").is_not_null() & (pl.col("nps") <= 10))
    by_group = answers.group_by("complained").agg(pl.col("nps").mean()).sort("complained")["nps"].to_list()
    assert by_group[1] < by_group[0] - 1
    satisfaction = interactions.filter(pl.col("satisfaction").is_in([str(s) for s in range(1, 6)])).group_by(
        pl.col("kind") == "complaint").agg(pl.col("satisfaction").cast(pl.Int64).mean()).sort("kind")["satisfaction"].to_list()
    assert satisfaction[1] < satisfaction[0]


def test_service_timings(landing):
    rows = read(landing, "interactions__interactions").filter(pl.col("opened_at") < "2030").with_columns(
        [pl.col(c).str.to_datetime("%Y-%m-%d %H:%M:%S", strict=False) for c in ("opened_at", "first_response_at", "resolved_at")])
    answered = rows.drop_nulls(["opened_at", "first_response_at"])
    within_hour = ((answered["first_response_at"] - answered["opened_at"]) <= timedelta(hours=1)).mean()
    assert 0.7 < within_hour < 0.97
    resolved = rows.drop_nulls(["opened_at", "resolved_at"])
    assert (resolved["resolved_at"] < resolved["opened_at"]).sum() >= 1  # the contract allows it; marts flag it
    assert set(rows["status"].unique()) >= {"resolved", "closed", "reopened"}


def test_surveys_are_half_answered_and_consistent(landing):
    responses = read(landing, "surveys__responses")
    answered = responses["responded_at"].is_not_null().mean()
    assert 0.35 < answered < 0.65
    identified = responses.filter(pl.any_horizontal(pl.col("customer_id", "email", "phone").is_not_null()))
    assert identified.height >= responses.height - 3  # only missing-key style damage could break it


def test_social_has_linkable_authors_and_negative_spikes(landing):
    mentions = read(landing, "social__mentions")
    handles = pl.concat([read(landing, t)["social_handle"] for t in ("interactions__interactions", "surveys__responses")]).drop_nulls().unique()
    linked = mentions["author_handle"].is_in(handles.implode()).mean()
    assert 0.15 < linked < 0.45
    assert mentions["posted_at"].drop_nulls().str.ends_with("Z").any()
    assert mentions["posted_at"].drop_nulls().str.ends_with("+08:00").any()
    per_day = mentions.group_by(pl.col("posted_at").str.slice(0, 10)).len()
    assert per_day["len"].max() > 5 * per_day["len"].median()
    platforms = set(mentions["platform"].unique())
    assert platforms >= {"weibo", "wechat", "xiaohongshu", "douyin", "twitter"}
