"""Customer models as Python assets between dbt models: churn probability and predicted CLV.

Each reads its features from the warehouse (dbt intermediate models), fits, scores every customer at
once and replaces its table in schema ml, which dbt reads back as a source (models/staging/ml).
Connections stay short: dbt runs as a separate process and DuckDB has one writer.
"""

import math
import pickle
from datetime import date
from importlib.metadata import version as installed_version

import dagster as dg
import pandas as pd
import pydantic
import sklearn

from pipelines.customer_models.churn import (
    FEATURES, LABEL, MODEL_PARAMETERS, ChurnFit, NotEnoughHistory, features, fit_churn_model,
)
from pipelines.customer_models.clv import ClvFit, fit_clv, fit_from_bytes, fit_to_bytes, predict_clv
from pipelines.resources import WarehouseResource

ML_GROUP = "ml"
# Fit on at most this many rows; scoring covers every customer.
CHURN_TRAINING_ROWS = 300_000
CLV_FIT_CUSTOMERS = 50_000
SEED = 42

CHURN_FEATURES_TABLE = "intermediate.int_customer_churn_features"
# Fits kept between runs; one is valid for its holdout month end and for the same features, settings and
# library version.
CHURN_FITS_TABLE = "ml.churn_model_fits"
CHURN_FITS_DDL = (
    f"create table if not exists {CHURN_FITS_TABLE} "
    "(fitted_at TIMESTAMPTZ, holdout_snapshot DATE, model_spec VARCHAR, fit BLOB)"
)
# A company without a source lacks its features (no surveys: no NPS, no CSAT): the spec names the features
# that have data, so a fit made without them is not reused once the source arrives.
def churn_model_spec(feature_names: tuple[str, ...]) -> str:
    return (f"{','.join(feature_names)}|{sorted(MODEL_PARAMETERS.items())}|scikit-learn {sklearn.__version__}"
            "|calibration by decile")


# CLV fits kept between runs: one per month of as_of, for the same sample, seed and library version.
CLV_FITS_TABLE = "ml.clv_model_fits"
CLV_FITS_DDL = (
    f"create table if not exists {CLV_FITS_TABLE} "
    "(fitted_at TIMESTAMPTZ, fitted_as_of DATE, model_spec VARCHAR, purchases BLOB, spend BLOB)"
)
CLV_MODEL_SPEC = f"bgnbd+gamma_gamma|{CLV_FIT_CUSTOMERS} customers|seed {SEED}|pymc-marketing {installed_version('pymc-marketing')}"
PURCHASE_SUMMARY_TABLE = "intermediate.int_customer_purchase_summary"

# The columns of the ml tables: the contract with the dbt sources (macro create_ml_output_tables).
CHURN_COLUMNS = {"customer_id": "varchar", "as_of_date": "date", "churn_probability": "double", "model_version": "varchar"}
CALIBRATION_COLUMNS = {
    "model_version": "varchar",
    "holdout_snapshot": "date",
    "decile": "integer",
    "customers": "integer",
    "mean_predicted": "double",
    "observed_rate": "double",
}
CLV_COLUMNS = {
    "customer_id": "varchar",
    "as_of_date": "date",
    "expected_purchases_12m": "double",
    "probability_alive": "double",
    "expected_value_12m": "double",
    "model_version": "varchar",
}


class ModelFitConfig(dg.Config):
    """Run config of the customer models: `insight build --refit-models` sets ``refit``.

    Kept fits are state, not derived from raw: a full refresh of the warehouse reuses them, so it gives
    the scores an incremental build gives; a build into an empty warehouse fits anew.
    """

    refit: bool = pydantic.Field(
        default=False,
        description="Fit again and keep the new fit, instead of reusing the fit kept for this holdout month "
        "(churn) or month (CLV).",
    )


def _replace_table(con, table: str, frame: pd.DataFrame, columns: dict[str, str]) -> None:
    """Replace ``table`` with ``frame``, cast to the column types the dbt sources expect."""
    select = ", ".join(f"cast({name} as {sql_type}) as {name}" for name, sql_type in columns.items())
    con.register("frame", frame)
    con.execute("create schema if not exists ml")
    con.execute(f"create or replace table {table} as select {select} from frame")
    con.unregister("frame")


def _sample_share(total_rows: int, wanted_rows: int) -> int:
    """Per-mille of customers to keep so that about ``wanted_rows`` remain."""
    return 1000 if total_rows <= wanted_rows else max(1, math.ceil(1000 * wanted_rows / total_rows))


def _latest_labelled_snapshot(con):
    """The newest month end whose churn label is known: the holdout a fit is made for."""
    return con.execute(f"select max(snapshot_date) from {CHURN_FEATURES_TABLE} where is_label_known").fetchone()[0]


def _ensure_fits_table(con, ddl: str) -> None:
    con.execute("create schema if not exists ml")
    con.execute(ddl)


def _features_with_data(con) -> tuple[str, ...]:
    """The features with at least one value among the snapshots whose label is known."""
    counts = con.execute(
        f"select {', '.join(f'count({name})' for name in FEATURES)} from {CHURN_FEATURES_TABLE} where is_label_known"
    ).fetchone()
    return tuple(name for name, count in zip(FEATURES, counts) if count)


def _stored_churn_fit(con, holdout_snapshot, model_spec: str) -> ChurnFit | None:
    _ensure_fits_table(con, CHURN_FITS_DDL)
    row = con.execute(
        f"select fit from {CHURN_FITS_TABLE} where holdout_snapshot = ? and model_spec = ? order by fitted_at desc limit 1",
        [holdout_snapshot, model_spec],
    ).fetchone()
    # the pipeline wrote this blob itself (the warehouse has one writer), so unpickling it is safe
    return pickle.loads(row[0]) if row else None


def _store_churn_fit(con, fit: ChurnFit, model_spec: str) -> None:
    con.execute(
        f"insert into {CHURN_FITS_TABLE} values (now(), ?, ?, ?)",
        [fit.holdout_snapshot.date(), model_spec, pickle.dumps(fit)],
    )


def _read_labelled(con) -> pd.DataFrame:
    columns = ", ".join(FEATURES)
    labelled_rows = con.execute(f"select count(*) from {CHURN_FEATURES_TABLE} where is_label_known").fetchone()[0]
    per_mille = _sample_share(labelled_rows, CHURN_TRAINING_ROWS)
    # Sampling whole customers (all their month ends) keeps the time split honest; a fixed row order
    # keeps the fit (its early-stopping split) the same from build to build.
    return con.execute(
        f"select customer_id, snapshot_date, label_window_end_date, {LABEL}, {columns} "
        f"from {CHURN_FEATURES_TABLE} where is_label_known and hash(customer_id) % 1000 < ? "
        "order by customer_id, snapshot_date",
        [per_mille],
    ).df()


def _read_current(con) -> pd.DataFrame:
    return con.execute(
        f"select customer_id, snapshot_date as as_of_date, {', '.join(FEATURES)} from {CHURN_FEATURES_TABLE} "
        "where is_current order by customer_id"
    ).df()


@dg.asset(
    key=["ml", "customer_churn_scores"],
    group_name=ML_GROUP,
    kinds={"python", "scikitlearn", "duckdb"},
    deps=[dg.AssetKey(["intermediate", "int_customer_churn_features"])],
    description="Probability of no paid order in the next churn_horizon_days days per customer: "
    "scikit-learn gradient boosting trained on past month ends with a time-based holdout. The fit is kept "
    "(ml.churn_model_fits) and made again when a newer month end's labels become known; every run scores "
    "the day's features. Also writes the fit's calibration by decile on the holdout (ml.churn_calibration).",
)
def customer_churn_scores(context: dg.AssetExecutionContext, warehouse: WarehouseResource,
                          config: ModelFitConfig) -> dg.MaterializeResult:
    with warehouse.get_connection() as con:
        holdout_snapshot = _latest_labelled_snapshot(con)
        model_spec = churn_model_spec(_features_with_data(con))
        fit = _stored_churn_fit(con, holdout_snapshot, model_spec) if holdout_snapshot and not config.refit else None
        labelled = _read_labelled(con) if fit is None else None
        current = _read_current(con)
    refitted = fit is None
    if refitted:
        try:
            fit = fit_churn_model(labelled)
        except NotEnoughHistory as reason:
            context.log.warning(f"churn model not trained: {reason}")
            with warehouse.get_connection() as con:
                _replace_table(con, "ml.customer_churn_scores", pd.DataFrame(columns=list(CHURN_COLUMNS)), CHURN_COLUMNS)
                _replace_table(con, "ml.churn_calibration", pd.DataFrame(columns=list(CALIBRATION_COLUMNS)),
                               CALIBRATION_COLUMNS)
            return dg.MaterializeResult(metadata={"trained": False, "reason": str(reason), "customers_scored": 0})

    version = f"hist_gradient_boosting/holdout_{fit.holdout_snapshot:%Y-%m-%d}"
    scores = pd.DataFrame({
        "customer_id": current["customer_id"],
        "as_of_date": current["as_of_date"],
        "churn_probability": fit.model.predict_proba(features(current, fit.feature_names))[:, 1],
        "model_version": version,
    })
    with warehouse.get_connection() as con:
        if refitted:
            _store_churn_fit(con, fit, model_spec)
        _replace_table(con, "ml.customer_churn_scores", scores, CHURN_COLUMNS)
        calibration = pd.DataFrame(fit.reliability).assign(model_version=version,
                                                           holdout_snapshot=fit.holdout_snapshot)
        _replace_table(con, "ml.churn_calibration", calibration, CALIBRATION_COLUMNS)
    context.log.info(f"churn model ({'fitted' if refitted else 'kept'}): holdout AUC {fit.holdout_auc:.3f}, "
                     f"Brier {fit.holdout_brier:.3f}; scored {len(scores)}")
    if fit.dropped_features:
        context.log.warning(f"churn model without {', '.join(fit.dropped_features)}: no value in the training snapshots")
    return dg.MaterializeResult(
        metadata={
            "trained": True,
            "refitted": refitted,
            "model_version": version,
            "holdout_snapshot": str(fit.holdout_snapshot.date()),
            "holdout_auc": round(fit.holdout_auc, 4),
            "holdout_brier_score": round(fit.holdout_brier, 4),
            "holdout_churn_rate": round(fit.holdout_base_rate, 4),
            "holdout_rows": fit.holdout_rows,
            "train_rows": fit.train_rows,
            "train_snapshots": fit.train_snapshots,
            "reliability": dg.MetadataValue.md(_reliability_markdown(fit.reliability)),
            "reliability_table": dg.MetadataValue.json(fit.reliability),
            "customers_scored": len(scores),
            "features_used": dg.MetadataValue.json(list(fit.feature_names)),
            "features_dropped": dg.MetadataValue.json(
                {name: "no value in the training snapshots (its source has no data yet)" for name in fit.dropped_features}
            ),
        }
    )


def _reliability_markdown(rows: list[dict]) -> str:
    lines = ["| decile | customers | mean predicted | observed |", "|---|---:|---:|---:|"]
    lines += [f"| {r['decile']} | {r['customers']} | {r['mean_predicted']:.3f} | {r['observed_rate']:.3f} |" for r in rows]
    return "\n".join(lines)


def _stored_clv_fit(con, as_of_month, summary: pd.DataFrame) -> tuple[ClvFit, date] | None:
    _ensure_fits_table(con, CLV_FITS_DDL)
    row = con.execute(
        f"select purchases, spend, fitted_as_of from {CLV_FITS_TABLE} "
        "where date_trunc('month', fitted_as_of) = ? and model_spec = ? order by fitted_at desc limit 1",
        [as_of_month, CLV_MODEL_SPEC],
    ).fetchone()
    return (fit_from_bytes(row[0], row[1], summary), row[2]) if row else None


def _store_clv_fit(con, fit: ClvFit, fitted_as_of: date) -> None:
    purchases, spend = fit_to_bytes(fit)
    con.execute(f"insert into {CLV_FITS_TABLE} values (now(), ?, ?, ?, ?)", [fitted_as_of, CLV_MODEL_SPEC, purchases, spend])


@dg.asset(
    key=["ml", "customer_clv"],
    group_name=ML_GROUP,
    kinds={"python", "pymc", "duckdb"},
    deps=[dg.AssetKey(["intermediate", "int_customer_purchase_summary"])],
    description="Predicted 12-month purchases, probability alive and value per customer: "
    "pymc-marketing BG/NBD + Gamma-Gamma (MAP, flat priors). The fit is kept (ml.clv_model_fits) and made "
    "again in a new month; every run predicts from the day's purchase summary.",
)
def customer_clv(context: dg.AssetExecutionContext, warehouse: WarehouseResource,
                 config: ModelFitConfig) -> dg.MaterializeResult:
    with warehouse.get_connection() as con:
        summary = con.execute(
            f'select customer_id, as_of_date, frequency, recency_weeks as recency, t_weeks as "T", monetary_value '
            f"from {PURCHASE_SUMMARY_TABLE} order by customer_id"
        ).df()
    repeat_customers = int((summary["frequency"] > 0).sum())
    if repeat_customers == 0:
        reason = "no customer has bought twice" if len(summary) else "no customer has a paid order"
        context.log.warning(f"CLV not fitted: {reason}")
        with warehouse.get_connection() as con:
            _replace_table(con, "ml.customer_clv", pd.DataFrame(columns=list(CLV_COLUMNS)), CLV_COLUMNS)
        return dg.MaterializeResult(metadata={"fitted": False, "reason": reason, "customers_scored": 0})

    as_of = summary["as_of_date"].iloc[0].date()
    with warehouse.get_connection() as con:
        stored = None if config.refit else _stored_clv_fit(con, as_of.replace(day=1), summary)
    refitted = stored is None
    if refitted:
        fit = fit_clv(summary.sample(n=min(len(summary), CLV_FIT_CUSTOMERS), random_state=SEED))
        fitted_as_of = as_of
    else:
        fit, fitted_as_of = stored
    version = f"bgnbd_gamma_gamma/fitted_{fitted_as_of:%Y-%m-%d}"
    predictions = predict_clv(fit, summary).assign(as_of_date=summary["as_of_date"], model_version=version)
    with warehouse.get_connection() as con:
        if refitted:
            _store_clv_fit(con, fit, fitted_as_of)
        _replace_table(con, "ml.customer_clv", predictions, CLV_COLUMNS)
    context.log.info(f"CLV ({'fitted' if refitted else 'kept'}): BG/NBD {fit.purchase_parameters}, "
                     f"Gamma-Gamma {fit.spend_parameters}")
    return dg.MaterializeResult(
        metadata={
            "fitted": True,
            "refitted": refitted,
            "model_version": version,
            "bgnbd_parameters": dg.MetadataValue.json({k: round(v, 5) for k, v in fit.purchase_parameters.items()}),
            "gamma_gamma_parameters": dg.MetadataValue.json({k: round(v, 5) for k, v in fit.spend_parameters.items()}),
            "customers_fitted": min(len(summary), CLV_FIT_CUSTOMERS),
            "customers_scored": len(predictions),
            "mean_expected_value_12m": round(float(predictions["expected_value_12m"].mean()), 2),
        }
    )


def refit_run_config(job: dg.JobDefinition) -> dict:
    """The ops config that makes the customer models of ``job`` fit again (`insight build --refit-models`)."""
    model_ops = {customer_churn_scores.op.name, customer_clv.op.name}
    config = {"config": ModelFitConfig(refit=True).model_dump()}
    return {node.name: config for node in job.nodes if node.definition.name in model_ops}
