"""Incremental builds give the marts of a full refresh.

One tiny generated landing folder is loaded and built (the first build creates every incremental table),
then a daily drop (new rows, late rows, corrections of existing keys) is loaded and built again: the
incremental path. Every staging, intermediate and mart relation is fingerprinted, the project is rebuilt
with ``--full-refresh`` on the same warehouse, and the fingerprints must be identical. The incremental
run must also really have been incremental: its incremental models read only the drop's loads and
inserted only the changed keys, and a corrected key's old version is gone from staging.
"""

from __future__ import annotations

import itertools
import json
import subprocess
from datetime import timedelta
from pathlib import Path

import pytest
from dbt_cli import run_dbt

from pipelines.build_state import record_published
from pipelines.generate import generate
from pipelines.generate.core import SPECS
from pipelines.generate.day_drop import generate_day_drop
from pipelines.ingest.loader import load_entity
from pipelines.ingest.tables import ensure_tables
from pipelines.sources import all_specs
from pipelines.warehouse import connect as connect_warehouse

SCALE = 0.02  # 200 customers, about 4,000 orders
SEED = 31

# The incremental models and the raw table and key each one keeps the latest load of (None: the orders
# in CNY, keyed by order_id).
INCREMENTAL_MODELS = {
    "stg_crm__customers": ("crm__customers", ["customer_id"]),
    "stg_orders__orders": ("orders__orders", ["order_id"]),
    "stg_orders__order_items": ("orders__order_items", ["order_id", "line_no"]),
    "stg_interactions__interactions": ("interactions__interactions", ["interaction_id"]),
    "stg_social__mentions": ("social__mentions", ["mention_id"]),
    "stg_surveys__responses": ("surveys__responses", ["response_id"]),
    "int_orders_converted": None,
    "fct_orders": None,
}
SCHEMAS = {"int_orders_converted": "intermediate", "fct_orders": "marts"}

# The month-end snapshots, incremental by month (or, int_customer_months, by customer).
MONTHLY_MODELS = {
    "int_customer_months": "intermediate",
    "customer_rfm_monthly": "marts",
    "customer_lifecycle_monthly": "marts",
    "customer_tier_monthly": "marts",
}


def _dbt(warehouse: Path, target: Path, *args: str) -> subprocess.CompletedProcess:
    result = run_dbt(warehouse, target, *args)
    assert result.returncode == 0, f"dbt {' '.join(args)}\n{result.stdout[-5000:]}"
    return result


def _load(warehouse: Path, landing: Path) -> None:
    with connect_warehouse(warehouse) as con:
        ensure_tables(con, all_specs())
        for spec in SPECS:
            loads = load_entity(con, spec, landing)
            assert not [load.error for load in loads if load.error]


# What records the run rather than the data, which a full refresh starts again: the change-set log and
# the batch or load high water a row was written at.
RUN_LOG_RELATIONS = {"int_people_changed"}
RUN_LINEAGE_COLUMNS = {"_change_no", "_restitched_through"}


def fingerprints(warehouse: Path) -> dict[str, tuple[int, int]]:
    """(rows, order-independent hash) of every dbt relation but the run's own log, without the run-lineage
    columns; doubles rounded (parallel sums vary in the last bits)."""
    with connect_warehouse(warehouse, read_only=True) as con:
        columns = con.execute(
            "select table_schema, table_name, column_name, data_type from information_schema.columns "
            "where table_schema in ('staging', 'intermediate', 'marts') "
            "order by table_schema, table_name, ordinal_position"
        ).fetchall()
        by_relation: dict[str, list[str]] = {}
        for schema, table, column, data_type in columns:
            if table in RUN_LOG_RELATIONS or column in RUN_LINEAGE_COLUMNS:
                continue
            value = f'round("{column}", 6)' if data_type in ("DOUBLE", "FLOAT") else f'"{column}"'
            by_relation.setdefault(f'{schema}."{table}"', []).append(value)
        return {
            relation: con.execute(
                f"select count(*), coalesce(sum(hash(row({', '.join(values)}))::hugeint), 0) from {relation}"
            ).fetchone()
            for relation, values in by_relation.items()
        }


# The models kept per resolved customer (macro change_set.sql): the people of the change set's new batch
# recomputed whole, everybody else's rows kept.
PER_CUSTOMER_MODELS = {
    "int_paid_orders_resolved": "intermediate",
    "int_customer_category_pairs": "intermediate",
    "int_customer_order_stats": "intermediate",
    "customer_timeline": "marts",
}


# The facts whose rows depend on more than their source row: every row computed, new or changed ones written.
# The facts kept per record on the change set: their key.
FACTS_BY_RECORD = {
    "fct_social_mentions": "mention_id",
    "fct_survey_responses": "response_id",
}


def _monthly_rows(warehouse: Path) -> dict[str, dict[tuple, int]]:
    """The rows of each monthly snapshot and of the facts kept per record: key -> DuckDB row id (a rewritten
    row gets a new one)."""
    keyed = {
        f"{schema}.{model}": "customer_id, month_start" for model, schema in MONTHLY_MODELS.items()
    } | {
        f"marts.{model}": key for model, key in FACTS_BY_RECORD.items()
    }
    with connect_warehouse(warehouse, read_only=True) as con:
        return {
            relation.split(".")[1]: {tuple(row[:-1]): row[-1] for row in con.execute(
                f"select {key}, rowid from {relation}"
            ).fetchall()}
            for relation, key in keyed.items()
        }


def _fact_batches(warehouse: Path) -> dict[str, dict[tuple, int]]:
    """Of each fact kept per record: key -> the change-set batch its row was computed in."""
    with connect_warehouse(warehouse, read_only=True) as con:
        return {
            model: {tuple(row[:-1]): row[-1] for row in con.execute(f"select {key}, _change_no from marts.{model}").fetchall()}
            for model, key in FACTS_BY_RECORD.items()
        }


def _per_customer_rows(warehouse: Path) -> dict[str, list[str]]:
    """Of each model kept per customer: its customers, newest row first (by row id)."""
    with connect_warehouse(warehouse, read_only=True) as con:
        return {
            model: [row[0] for row in con.execute(f"select customer_id from {schema}.{model} order by rowid desc").fetchall()]
            for model, schema in PER_CUSTOMER_MODELS.items()
        }


def _change_set(warehouse: Path) -> dict[int, set[str]]:
    """int_people_changed: the people of each batch."""
    with connect_warehouse(warehouse, read_only=True) as con:
        batches: dict[int, set[str]] = {}
        for change_no, customer_id in con.execute(
            "select change_no, customer_id from intermediate.int_people_changed"
        ).fetchall():
            batches.setdefault(change_no, set()).add(customer_id)
        return batches


def _owners_of_orders_loaded_after(warehouse: Path, watermark) -> set[str]:
    """The resolved customers of the paid orders loaded after ``watermark`` (new, late or re-sent)."""
    with connect_warehouse(warehouse, read_only=True) as con:
        return {row[0] for row in con.execute(
            "select distinct customer_id from intermediate.int_paid_orders_resolved where _loaded_at > ?", [watermark]
        ).fetchall()}


def _stitched(warehouse: Path) -> dict:
    """int_customer_identities_stitched: records newest row first, each record's person and fingerprint,
    and the identifiers of each record (int_customer_identity_links)."""
    with connect_warehouse(warehouse, read_only=True) as con:
        rows = con.execute(
            "select identity_record_id, resolved_customer_id, _record_fingerprint "
            "from intermediate.int_customer_identities_stitched order by rowid desc"
        ).fetchall()
        links = con.execute(
            "select source_system || ':' || source_record_id, identity_key from intermediate.int_customer_identity_links"
        ).fetchall()
    return {"newest_first": [row[0] for row in rows], "records": {row[0]: (row[1], row[2]) for row in rows},
            "links": links}


def _identifiers(warehouse: Path) -> list[tuple]:
    """int_customer_identifiers' records and load times, newest row first."""
    with connect_warehouse(warehouse, read_only=True) as con:
        return con.execute(
            "select source_system || ':' || source_record_id, _loaded_at from intermediate.int_customer_identifiers "
            "order by rowid desc"
        ).fetchall()


def _migration_pairs(warehouse: Path) -> dict:
    """customer_segment_migration's pairs of months, newest row first, and each pair's fingerprint."""
    with connect_warehouse(warehouse, read_only=True) as con:
        return {
            "newest_first": con.execute(
                "select from_month, to_month from marts.customer_segment_migration order by rowid desc").fetchall(),
            "fingerprints": {
                (from_month, to_month): fingerprint for from_month, to_month, fingerprint in con.execute(
                    "select distinct from_month, to_month, _pair_fingerprint from marts.customer_segment_migration"
                ).fetchall()
            },
        }


def _run_results(target: Path) -> dict[str, dict]:
    results = json.loads((target / "run_results.json").read_text(encoding="utf-8"))["results"]
    return {result["unique_id"].split(".")[-1]: result for result in results}


@pytest.fixture(scope="module")
def paths(tmp_path_factory):
    """The warehouse after the full build, the drop and the incremental build; what each step left behind."""
    work = tmp_path_factory.mktemp("incremental")
    landing, warehouse = work / "landing", work / "warehouse.duckdb"
    generate(landing, scale=SCALE, seed=SEED, progress=False)
    _load(warehouse, landing)
    _dbt(warehouse, work / "seed", "seed")
    _dbt(warehouse, work / "first", "run")
    with connect_warehouse(warehouse, read_only=True) as con:
        rows_before = {
            model: con.execute(f"select count(*) from {schema}.{model}").fetchone()[0]
            for model, schema in ((m, SCHEMAS.get(m, "staging")) for m in INCREMENTAL_MODELS)
        }

    monthly_before = _monthly_rows(warehouse)
    with connect_warehouse(warehouse, read_only=True) as con:
        first_build_loaded_through = con.execute("select max(loaded_at) from staging.stg_meta__loads").fetchone()[0]
    pairs_before = _migration_pairs(warehouse)
    stitched_before = _stitched(warehouse)
    identifiers_before = _identifiers(warehouse)

    # what publish records after a build: a daily run's data tests of incremental tables look at newer rows
    with connect_warehouse(warehouse) as con:
        record_published(con, "the first build")
    entry = generate_day_drop(landing)
    _load(warehouse, landing)
    # build, not run: the data tests (unique keys, not null) run on the incremental tables too
    _dbt(warehouse, work / "incremental", "build", "--exclude", "test_type:unit")
    incremental = fingerprints(warehouse)
    incremental_results = _run_results(work / "incremental")
    # A delete+insert leaves the untouched rows in place and appends the batch after them; a checkpoint
    # may compact the deleted rows away, which renumbers row ids but keeps that order: the keys, newest
    # row first.
    with connect_warehouse(warehouse, read_only=True) as con:
        newest_first = {
            model: con.execute(
                f"select {', '.join(spec[1]) if spec else 'order_id'} "
                f"from {SCHEMAS.get(model, 'staging')}.{model} order by rowid desc"
            ).fetchall()
            for model, spec in INCREMENTAL_MODELS.items()
        }

    monthly_after = _monthly_rows(warehouse)
    fact_batches = _fact_batches(warehouse)
    per_customer_after = _per_customer_rows(warehouse)
    change_set = _change_set(warehouse)
    new_order_owners = _owners_of_orders_loaded_after(warehouse, first_build_loaded_through)
    pairs_after = _migration_pairs(warehouse)
    stitched_after = _stitched(warehouse)
    identifiers_after = _identifiers(warehouse)

    _dbt(warehouse, work / "full", "run", "--full-refresh")
    full = fingerprints(warehouse)
    return {
        "warehouse": warehouse,
        "entry": entry,
        "rows_before": rows_before,
        "incremental": incremental,
        "incremental_results": incremental_results,
        "newest_first": newest_first,
        "incremental_target": work / "incremental",
        "full": full,
        "monthly_before": monthly_before,
        "monthly_after": monthly_after,
        "fact_batches": fact_batches,
        "per_customer_after": per_customer_after,
        "change_set": change_set,
        "new_order_owners": new_order_owners,
        "pairs_before": pairs_before,
        "pairs_after": pairs_after,
        "stitched_before": stitched_before,
        "stitched_after": stitched_after,
        "identifiers_before": identifiers_before,
        "identifiers_after": identifiers_after,
    }


def test_incremental_build_gives_the_relations_of_a_full_refresh(paths):
    incremental, full = paths["incremental"], paths["full"]
    assert sorted(incremental) == sorted(full)
    assert {"marts.\"fct_orders\"", "staging.\"stg_orders__orders\"", "marts.\"customer_360\""} <= set(full)
    differing = {name: (incremental[name], full[name]) for name in full if incremental[name] != full[name]}
    assert differing == {}


def test_the_daily_data_tests_of_incremental_tables_look_at_the_new_rows(paths):
    """A test of an incremental table with a load time reads the rows loaded since the published build
    (macro get_where_subquery); a test of a table rebuilt whole reads it whole; both passed."""
    compiled = paths["incremental_target"] / "compiled"
    results = paths["incremental_results"]
    incremental_test = next(compiled.rglob("unique_stg_orders__orders_order_id.sql")).read_text()
    whole_test = next(compiled.rglob("unique_customer_rfm_customer_id.sql")).read_text()
    assert "_loaded_at >" in incremental_test and "build_state" in incremental_test
    assert "build_state" not in whole_test
    statuses = {result["unique_id"].split(".")[2]: result["status"] for result in results.values()}
    assert statuses["unique_stg_orders__orders_order_id"] == "pass"
    assert statuses["unique_customer_rfm_customer_id"] == "pass"


def test_the_incremental_build_only_inserted_the_changed_keys(paths):
    """Each incremental model took the incremental path (watermark filter, delete+insert) and inserted
    exactly the keys of the drop's loads (int_orders_converted and fct_orders: the orders re-sent or with
    lines in the drop), far
    fewer than the table holds."""
    results, rows_before, target = paths["incremental_results"], paths["rows_before"], paths["incremental_target"]
    with connect_warehouse(paths["warehouse"], read_only=True) as con:
        for model, spec in INCREMENTAL_MODELS.items():
            assert results[model]["status"] == "success"
            select_sql = next((target / "compiled").rglob(f"{model}.sql")).read_text(encoding="utf-8")
            assert "_loaded_at >" in select_sql, model  # the watermark filter
            run_sql = next((target / "run").rglob(f"{model}.sql")).read_text(encoding="utf-8")
            assert "delete from" in run_sql.lower(), model  # delete+insert into the existing table
            if spec is None:
                expected = set(con.execute(
                    "select order_id from raw.orders__orders where _source_file like '%_day0001%' union "
                    "(select order_id from raw.orders__order_items where _source_file like '%_day0001%' "
                    "intersect select order_id from raw.orders__orders)"  # lines of an order not yet sent: no row
                ).fetchall())
            else:
                table, key = spec
                expected = set(con.execute(
                    f"select distinct {', '.join(key)} from raw.{table} where _source_file like '%_day0001%'"
                ).fetchall())
            # the rows of the changed keys are the table's tail: all of them, and nothing else
            tail = list(itertools.takewhile(lambda key: key in expected, paths["newest_first"][model]))
            assert set(tail) == expected and len(tail) == len(expected), model
            assert 0 < len(expected) < rows_before[model] / 10, model


def test_a_corrected_order_keeps_only_its_drop_version(paths):
    entry = paths["entry"]
    assert entry["tables"]["orders__orders"]["corrections"] > 0
    with connect_warehouse(paths["warehouse"], read_only=True) as con:
        corrected = con.execute(
            "select order_id, max(_load_id) filter (where _source_file like '%_day0001%') "
            "from raw.orders__orders group by order_id having count(*) > 1"
        ).fetchall()
        assert len(corrected) == entry["tables"]["orders__orders"]["corrections"]
        staged = dict(con.execute(
            "select order_id, _load_id from staging.stg_orders__orders where order_id in "
            "(select order_id from raw.orders__orders group by order_id having count(*) > 1)"
        ).fetchall())
        facts = dict(con.execute(
            "select fct.order_id, fct.status = stg.status and fct.refund_amount is not distinct from stg.refund_amount "
            "from marts.fct_orders as fct join staging.stg_orders__orders as stg using (order_id)"
        ).fetchall())
    assert staged == dict(corrected)
    assert all(facts.values())


def test_the_monthly_snapshots_were_appended_not_rebuilt(paths):
    """The drop's day opens a new month (the base data ends on a month end), and its late rows fall in
    the month before. The incremental run appended the new month and kept most stored rows as they were
    (same row id): int_customer_months rewrote the two latest months of every customer and the whole
    history only of the customers with new or changed rows; the snapshot marts rewrote a few whole months.
    That these rows equal a full refresh is the first test's."""
    before, after = paths["monthly_before"], paths["monthly_after"]
    with connect_warehouse(paths["warehouse"], read_only=True) as con:
        new_month = con.execute("select date_trunc('month', as_of_date)::date from intermediate.int_as_of_date").fetchone()[0]
    closed_month = (new_month - timedelta(days=1)).replace(day=1)
    for model in MONTHLY_MODELS:
        kept = {key for key, rowid in after[model].items() if before[model].get(key) == rowid}
        rewritten = set(after[model]) - kept
        rewritten_months = {month for _, month in rewritten}
        assert new_month not in {month for _, month in before[model]}, model
        assert new_month in rewritten_months, model
        assert len(kept) > len(after[model]) / 2, (model, len(kept), len(after[model]))
        if model == "int_customer_months":
            recomputed = {customer for customer, month in rewritten if month < closed_month}
            customers = {customer for customer, _ in after[model]}
            assert 0 < len(recomputed) < len(customers) / 2
            # everybody else: only the closed month re-dated and the new month appended
            carried = {key for key in rewritten if key[0] not in recomputed}
            assert {month for _, month in carried} == {closed_month, new_month}
            assert {customer for customer, _ in carried} == customers - recomputed
        else:
            months = {month for _, month in after[model]}
            assert rewritten_months < months
            # a rewritten month is rewritten whole
            assert all(month in rewritten_months for (_, month) in rewritten)
            assert not any(month in rewritten_months for (_, month) in kept), model


def test_the_change_set_holds_the_people_of_the_drop_and_few_others(paths):
    """The full build logged everybody as batch 1; the incremental run logged batch 2: the owners of the
    drop's paid orders among them, and fewer than half of all people."""
    change_set = paths["change_set"]
    assert sorted(change_set) == [1, 2]
    assert paths["new_order_owners"] and paths["new_order_owners"] <= change_set[2]
    assert len(change_set[2]) < len(change_set[1]) / 2


@pytest.mark.parametrize("model", sorted(PER_CUSTOMER_MODELS))
def test_only_the_people_of_the_change_set_were_rewritten(paths, model):
    """A model kept per customer recomputed (whole) the people of the change set's new batch and kept
    everybody else's rows as stored: the rewritten people's rows are the table's tail (the change_set
    strategy deletes, then appends; a checkpoint that compacts deleted rows renumbers row ids but keeps
    the order), all of them and nobody else's."""
    after, changed = paths["per_customer_after"][model], paths["change_set"][2]
    rewritten = changed & set(after)
    assert rewritten and len(rewritten) < len(set(after)) / 2
    tail = list(itertools.takewhile(lambda customer: customer in rewritten, after))
    assert set(tail) == rewritten
    assert len(tail) == sum(customer in rewritten for customer in after)


def test_the_segment_migration_recomputed_only_the_pairs_with_a_changed_month(paths):
    """The drop opens a month: the pairs with it are new, the oldest month's pairs are gone, and the
    pairs whose two months did not change are kept as stored (the recomputed pairs' rows are the tail)."""
    before, after = paths["pairs_before"], paths["pairs_after"]
    changed = {pair for pair, fingerprint in after["fingerprints"].items() if before["fingerprints"].get(pair) != fingerprint}
    new_month = max(to_month for _, to_month in after["fingerprints"])
    assert {pair for pair in after["fingerprints"] if pair[1] == new_month} <= changed
    assert min(from_month for from_month, _ in before["fingerprints"]) not in {f for f, _ in after["fingerprints"]}
    assert 0 < len(changed) < len(after["fingerprints"]) / 2
    tail = list(itertools.takewhile(lambda pair: pair in changed, after["newest_first"]))
    assert set(tail) == changed
    assert len(tail) == sum(pair in changed for pair in after["newest_first"])


def test_the_identifiers_of_the_new_loads_only_were_written(paths):
    """int_customer_identifiers read only the records loaded after its watermark: their rows are the
    table's tail, and nobody else's."""
    watermark = max(loaded_at for _, loaded_at in paths["identifiers_before"])
    after = paths["identifiers_after"]
    new = {record for record, loaded_at in after if loaded_at > watermark}
    assert new and len(new) < len({record for record, _ in after}) / 2
    tail = list(itertools.takewhile(lambda row: row[0] in new, after))
    assert len(tail) == sum(record in new for record, _ in after)


def test_identity_stitching_restitched_only_the_people_new_or_changed_records_touch(paths):
    """The people stitched again are those of the records whose fingerprint changed (new ones included) and
    those holding one of their identifiers: their records are the mapping's tail, nobody else's, and
    fewer than half of all records."""
    before, after = paths["stitched_before"]["records"], paths["stitched_after"]["records"]
    changed = {record for record, (_, fingerprint) in after.items() if before.get(record, (None, None))[1] != fingerprint}
    keys_of, holders_of = {}, {}
    for record, key in paths["stitched_after"]["links"]:
        keys_of.setdefault(record, set()).add(key)
        holders_of.setdefault(key, set()).add(record)
    sharing = {holder for record in changed for key in keys_of.get(record, ()) for holder in holders_of[key]}
    touched_people = {before[record][0] for record in changed | sharing if record in before}
    expected = changed | {record for record in after if record in before and before[record][0] in touched_people}
    assert changed and len(expected) < len(after) / 2
    tail = list(itertools.takewhile(lambda record: record in expected, paths["stitched_after"]["newest_first"]))
    assert set(tail) == expected and len(tail) == len(expected)


@pytest.mark.parametrize("fact", sorted(FACTS_BY_RECORD))
def test_the_facts_recomputed_only_the_records_of_the_change_set(paths, fact):
    """Every new record is written by the incremental run (it carries the run's batch, 2, in _change_no);
    the records of the change set are few, and every other row is kept as stored (batch 1, the first
    build's). Row ids cannot tell: a checkpoint that compacts deleted rows renumbers them."""
    before, batches = paths["monthly_before"][fact], paths["fact_batches"][fact]
    new = set(batches) - set(before)
    rewritten = {key for key, change_no in batches.items() if change_no == 2}
    assert set(batches.values()) <= {1, 2}
    assert new and new <= rewritten
    assert len(rewritten) < len(batches) / 10, (len(rewritten), len(batches))
