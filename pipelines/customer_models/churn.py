"""Churn model: the probability that a customer places no paid order in the next horizon.

Trained on past month-end snapshots (dbt model int_customer_churn_features) with a time-based holdout:
the latest snapshot whose label is known is held out, and training uses only snapshots whose label
window had closed by then, so nothing the model learns from happened after the holdout date.

A feature with no value at all in the training snapshots (a company without a survey source has no
NPS or CSAT) is left out of the fit and named in ``ChurnFit.dropped_features``; the booster cannot bin
a column that is entirely empty, and such a column carries nothing to learn from anyway.
"""

from dataclasses import dataclass

import numpy as np
import pandas as pd
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.metrics import brier_score_loss, roc_auc_score

FEATURES = (
    "recency_days",
    "days_since_first_order",
    "typical_gap_days",
    "paid_orders_total",
    "net_revenue_total",
    "paid_orders_window",
    "paid_orders_prior_window",
    "paid_orders_12m",
    "net_revenue_12m",
    "interactions_window",
    "interactions_prior_window",
    "complaints_window",
    "complaints_prior_window",
    "latest_nps",
    "latest_csat",
)
LABEL = "is_churned_in_horizon"
RELIABILITY_BINS = 10
SEED = 42
MODEL_PARAMETERS = {"max_iter": 200, "learning_rate": 0.08, "l2_regularization": 1.0, "random_state": SEED}


class NotEnoughHistory(ValueError):
    """The snapshots cannot give a training set and a holdout with both outcomes."""


@dataclass(frozen=True)
class ChurnFit:
    model: HistGradientBoostingClassifier
    holdout_snapshot: pd.Timestamp
    train_snapshots: int
    train_rows: int
    holdout_rows: int
    holdout_auc: float
    holdout_brier: float
    holdout_base_rate: float
    reliability: list[dict]
    # The inputs the model was fitted on, in order; a fit kept from before this field existed used all.
    feature_names: tuple[str, ...] = FEATURES
    dropped_features: tuple[str, ...] = ()


def time_split(labelled: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Hold out the latest snapshot; train on the snapshots whose label window ended by its date."""
    if labelled.empty:
        raise NotEnoughHistory("no snapshot with a known label")
    holdout_snapshot = labelled["snapshot_date"].max()
    holdout = labelled[labelled["snapshot_date"] == holdout_snapshot]
    train = labelled[labelled["label_window_end_date"] <= holdout_snapshot]
    return train, holdout


def reliability_table(observed: np.ndarray, predicted: np.ndarray, bins: int = RELIABILITY_BINS) -> list[dict]:
    """Calibration by decile (``bins`` equal-count groups by predicted probability, 1 = the lowest): the
    mean prediction beside the observed churn rate of each group."""
    order = np.argsort(predicted, kind="stable")
    group = np.empty(len(predicted), dtype=int)
    group[order] = np.arange(len(predicted)) * bins // max(len(predicted), 1)
    table = []
    for b in range(bins):
        members = group == b
        if members.any():
            table.append({
                "decile": b + 1,
                "customers": int(members.sum()),
                "mean_predicted": round(float(predicted[members].mean()), 4),
                "observed_rate": round(float(observed[members].mean()), 4),
            })
    return table


def features_with_data(frame: pd.DataFrame) -> tuple[str, ...]:
    """The features that have at least one value in ``frame``."""
    return tuple(name for name in FEATURES if frame[name].notna().any())


def fit_churn_model(labelled: pd.DataFrame) -> ChurnFit:
    """Fit on the training snapshots and measure discrimination and calibration on the holdout.

    Features without any value in the training snapshots are dropped (and named in the fit)."""
    train, holdout = time_split(labelled)
    for name, part in (("training", train), ("holdout", holdout)):
        if part[LABEL].nunique() < 2:
            raise NotEnoughHistory(f"the {name} snapshots hold only one outcome ({len(part)} rows)")
    used = features_with_data(train)
    if not used:
        raise NotEnoughHistory("no feature has a value in the training snapshots")
    model = HistGradientBoostingClassifier(**MODEL_PARAMETERS)
    model.fit(features(train, used), train[LABEL].astype(int))
    observed = holdout[LABEL].astype(int).to_numpy()
    predicted = model.predict_proba(features(holdout, used))[:, 1]
    return ChurnFit(
        model=model,
        holdout_snapshot=holdout["snapshot_date"].iloc[0],
        train_snapshots=int(train["snapshot_date"].nunique()),
        train_rows=len(train),
        holdout_rows=len(holdout),
        holdout_auc=float(roc_auc_score(observed, predicted)),
        holdout_brier=float(brier_score_loss(observed, predicted)),
        holdout_base_rate=float(observed.mean()),
        reliability=reliability_table(observed, predicted),
        feature_names=used,
        dropped_features=tuple(name for name in FEATURES if name not in used),
    )


def features(frame: pd.DataFrame, names: tuple[str, ...] = FEATURES) -> pd.DataFrame:
    """The model's inputs as floats; missing scores stay NaN (the booster handles them)."""
    return frame[list(names)].astype("float64")
