"""A full refresh reuses the kept model fits; `insight build --refit-models` fits again.

The fits are state kept in the warehouse (ml.churn_model_fits, ml.clv_model_fits), not something raw
determines, so rebuilding the marts from raw must not silently replace them: that is what makes a full
refresh give the incremental build's scores.
"""

from __future__ import annotations

import dagster as dg
import duckdb
import numpy as np
import pandas as pd
import pytest

from pipelines import cli
from pipelines.assets.customer_models import CHURN_FEATURES_TABLE, CHURN_FITS_TABLE, customer_churn_scores
from pipelines.customer_models.churn import FEATURES, LABEL
from pipelines.resources import WarehouseResource


def churn_features(customers: int = 300, seed: int = 3) -> pd.DataFrame:
    """Month-end snapshots whose churn depends on recency; the last one is today's (unlabelled)."""
    rng = np.random.default_rng(seed)
    frames = []
    for month_end in pd.to_datetime(["2023-01-31", "2023-02-28", "2023-03-31", "2023-10-31", "2024-04-30"]):
        recency = rng.integers(0, 400, size=customers)
        frame = pd.DataFrame({name: rng.normal(size=customers) for name in FEATURES})
        frame["recency_days"] = recency
        frame[LABEL] = rng.random(customers) < 1 / (1 + np.exp(-(recency - 200) / 40))
        frame["customer_id"] = [f"C{i}" for i in range(customers)]
        frame["snapshot_date"] = month_end
        frame["label_window_end_date"] = month_end + pd.Timedelta(days=180)
        frame["is_label_known"] = month_end < pd.Timestamp("2024-01-01")
        frame["is_current"] = month_end == pd.Timestamp("2024-04-30")
        frames.append(frame)
    return pd.concat(frames, ignore_index=True)


@pytest.fixture
def warehouse(tmp_path) -> WarehouseResource:
    path = tmp_path / "warehouse.duckdb"
    with duckdb.connect(str(path)) as con:
        con.execute("create schema intermediate")
        frame = churn_features()
        con.execute(f"create table {CHURN_FEATURES_TABLE} as select * from frame")
    return WarehouseResource(database=str(path))


def score(warehouse: WarehouseResource, refit: bool | None = None) -> dict:
    run_config = {"ops": {customer_churn_scores.op.name: {"config": {"refit": refit}}}} if refit is not None else None
    result = dg.materialize([customer_churn_scores], resources={"warehouse": warehouse}, run_config=run_config)
    [materialization] = result.asset_materializations_for_node(customer_churn_scores.op.name)
    return {key: value.value for key, value in materialization.metadata.items()}


def scores(warehouse: WarehouseResource) -> list[tuple[str, float]]:
    with duckdb.connect(warehouse.database) as con:
        return con.execute("select customer_id, churn_probability from ml.customer_churn_scores order by 1").fetchall()


def test_the_kept_fit_is_reused_unless_a_refit_is_asked_for(warehouse):
    first = score(warehouse)
    assert first["refitted"] is True
    kept_scores = scores(warehouse)

    # A full refresh rebuilds the features from raw; the fit for the same holdout month is kept.
    again = score(warehouse)
    assert again["refitted"] is False
    assert scores(warehouse) == kept_scores

    refit = score(warehouse, refit=True)
    assert refit["refitted"] is True
    with duckdb.connect(warehouse.database) as con:
        assert con.execute(f"select count(*) from {CHURN_FITS_TABLE}").fetchone()[0] == 2


def test_a_fit_without_survey_scores_is_not_kept_once_the_survey_source_arrives(warehouse):
    with duckdb.connect(warehouse.database) as con:
        con.execute(f"update {CHURN_FEATURES_TABLE} set latest_nps = null, latest_csat = null")
    without = score(warehouse)
    assert without["features_dropped"].keys() == {"latest_nps", "latest_csat"}
    assert len(scores(warehouse)) == 300  # everyone scored without them

    with duckdb.connect(warehouse.database) as con:  # the survey source's first files have loaded
        con.execute(f"update {CHURN_FEATURES_TABLE} set latest_nps = 7, latest_csat = 4 where customer_id < 'C2'")
    arrived = score(warehouse)
    assert arrived["refitted"] is True  # same holdout month, but the kept fit lacked the new features
    assert arrived["features_dropped"] == {}


@pytest.mark.parametrize("job_name", ["build_everything", "transform"])
def test_refit_models_reaches_both_customer_models_in_the_build_jobs(job_name):
    from pipelines.definitions import defs

    job = defs.resolve_job_def(job_name)
    config = dg.validate_run_config(job, cli.build_run_config(job, full_refresh=True, refit_models=True))
    refits = {name: op["config"] for name, op in config["ops"].items() if "refit" in (op.get("config") or {})}
    assert refits == {"ml__customer_churn_scores": {"refit": True}, "ml__customer_clv": {"refit": True}}
    default = dg.validate_run_config(job, cli.build_run_config(job, full_refresh=True))
    assert all((op.get("config") or {}).get("refit", False) is False for op in default["ops"].values())


def test_insight_build_passes_refit_models_and_refuses_it_for_the_ingest_stage(data_dir, monkeypatch, capsys):
    calls = []
    monkeypatch.setattr(cli, "run_build", lambda stage, full_refresh=False, refit_models=False:
                        calls.append((stage, full_refresh, refit_models)))
    args = cli.build_parser().parse_args(["build", "--stage", "dbt", "--full-refresh", "--refit-models"])
    args.handler(args)
    assert calls == [("dbt", True, True)]
    args = cli.build_parser().parse_args(["build", "--stage", "ingest", "--refit-models"])
    assert args.handler(args) == 2
    assert "--refit-models" in capsys.readouterr().err
