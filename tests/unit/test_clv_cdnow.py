"""The BG/NBD fit reproduces the published CDNOW parameters (Fader, Hardie & Lee 2005) within 1 %."""

from pathlib import Path

import pandas as pd
import pytest

from pipelines.customer_models.clv import bgnbd_parameters, fit_bgnbd

CDNOW = Path(__file__).resolve().parents[1] / "fixtures" / "cdnow_customers_summary.csv"
REFERENCE = {"r": 0.2426, "alpha": 4.4135, "a": 0.7929, "b": 2.4258}


@pytest.fixture(scope="module")
def cdnow() -> pd.DataFrame:
    summary = pd.read_csv(CDNOW)
    return summary.assign(customer_id=range(len(summary)))


def test_the_cdnow_sample_is_complete(cdnow):
    assert len(cdnow) == 2357
    assert (cdnow["recency"] <= cdnow["T"]).all()


def test_bgnbd_on_cdnow_matches_the_reference(cdnow):
    fitted = bgnbd_parameters(fit_bgnbd(cdnow))
    for name, reference in REFERENCE.items():
        assert fitted[name] == pytest.approx(reference, rel=0.01), name
