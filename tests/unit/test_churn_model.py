"""The churn model's time split, calibration table and fit on small hand-made snapshots."""

import numpy as np
import pandas as pd
import pytest

from pipelines.customer_models.churn import (
    FEATURES, LABEL, NotEnoughHistory, fit_churn_model, reliability_table, time_split,
)

HORIZON = pd.Timedelta(days=180)


def snapshots(month_ends: list[str], customers: int, seed: int = 1) -> pd.DataFrame:
    """Customers whose churn depends on recency, observed at each month end."""
    rng = np.random.default_rng(seed)
    frames = []
    for month_end in pd.to_datetime(month_ends):
        recency = rng.integers(0, 400, size=customers)
        frame = pd.DataFrame({name: rng.normal(size=customers) for name in FEATURES})
        frame["recency_days"] = recency
        frame["latest_nps"] = np.where(rng.random(customers) < 0.5, np.nan, rng.integers(0, 11, size=customers))
        frame[LABEL] = rng.random(customers) < 1 / (1 + np.exp(-(recency - 200) / 40))
        frame["customer_id"] = [f"c{i}" for i in range(customers)]
        frame["snapshot_date"] = month_end
        frame["label_window_end_date"] = month_end + HORIZON
        frames.append(frame)
    return pd.concat(frames, ignore_index=True)


def test_time_split_trains_only_on_labels_closed_before_the_holdout():
    labelled = snapshots(["2024-01-31", "2024-04-30", "2024-07-31", "2024-08-31"], customers=5)
    train, holdout = time_split(labelled)
    assert set(holdout["snapshot_date"]) == {pd.Timestamp("2024-08-31")}
    # 2024-04-30 + 180 days = 2024-10-27 is after the holdout date: its label saw the holdout's future.
    assert set(train["snapshot_date"]) == {pd.Timestamp("2024-01-31")}
    assert (train["label_window_end_date"] <= holdout["snapshot_date"].iloc[0]).all()


def test_reliability_table_compares_predicted_and_observed_per_decile():
    observed = np.array([0, 1, 0, 1, 1, 0])
    predicted = np.array([0.05, 0.9, 0.15, 0.85, 0.95, 0.5])
    table = reliability_table(observed, predicted, bins=3)
    # equal-count groups by predicted probability: {0.05, 0.15}, {0.5, 0.85}, {0.9, 0.95}
    assert table == [
        {"decile": 1, "customers": 2, "mean_predicted": 0.1, "observed_rate": 0.0},
        {"decile": 2, "customers": 2, "mean_predicted": 0.675, "observed_rate": 0.5},
        {"decile": 3, "customers": 2, "mean_predicted": 0.925, "observed_rate": 1.0},
    ]


def test_fit_learns_the_signal_and_reports_holdout_quality():
    labelled = snapshots(["2023-01-31", "2023-02-28", "2023-03-31", "2023-10-31"], customers=600)
    fit = fit_churn_model(labelled)
    assert fit.holdout_snapshot == pd.Timestamp("2023-10-31")
    assert fit.train_snapshots == 3
    assert fit.holdout_rows == 600
    assert fit.holdout_auc > 0.8
    assert 0 < fit.holdout_brier < 0.25
    assert sum(row["customers"] for row in fit.reliability) == 600
    assert [row["decile"] for row in fit.reliability] == list(range(1, 11))


def test_fit_refuses_a_holdout_with_one_outcome():
    labelled = snapshots(["2023-01-31", "2023-10-31"], customers=50)
    labelled[LABEL] = True
    with pytest.raises(NotEnoughHistory):
        fit_churn_model(labelled)


def test_a_feature_without_any_value_is_dropped_not_a_crash():
    # A company without a survey source: NPS and CSAT are empty in every snapshot.
    labelled = snapshots(["2023-01-31", "2023-02-28", "2023-03-31", "2023-10-31"], customers=300)
    labelled["latest_nps"] = np.nan
    labelled["latest_csat"] = np.nan
    fit = fit_churn_model(labelled)
    assert fit.dropped_features == ("latest_nps", "latest_csat")
    assert fit.feature_names == tuple(name for name in FEATURES if name not in ("latest_nps", "latest_csat"))
    assert fit.holdout_auc > 0.8  # recency still carries the signal
