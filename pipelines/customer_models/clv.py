"""Predicted customer lifetime value: BG/NBD for purchases, Gamma-Gamma for spend (pymc-marketing).

Both are fitted by maximum a posteriori with flat priors, which reproduces the classic maximum
likelihood fits (Fader, Hardie & Lee 2005; checked on CDNOW in tests). Time is in weeks.
"""

import tempfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

BGNBD_PARAMETERS = ("r", "alpha", "a", "b")
GAMMA_GAMMA_PARAMETERS = ("p", "q", "v")
WEEKS_PER_YEAR = 365.25 / 7
HORIZON_MONTHS = 12


@dataclass(frozen=True)
class ClvFit:
    purchases: object  # pymc_marketing.clv.BetaGeoModel
    spend: object  # pymc_marketing.clv.GammaGammaModel
    purchase_parameters: dict[str, float]
    spend_parameters: dict[str, float]


def _flat_priors(names) -> dict:
    from pymc_extras.prior import Prior

    return {name: Prior("HalfFlat") for name in names}


def _point_estimates(model, names) -> dict[str, float]:
    return {name: float(np.asarray(model.fit_result[name]).squeeze()) for name in names}


def fit_bgnbd(summary: pd.DataFrame):
    """BG/NBD on customer_id, frequency, recency, T (MAP, flat priors)."""
    from pymc_marketing.clv import BetaGeoModel

    model = BetaGeoModel(model_config=_flat_priors(BGNBD_PARAMETERS))
    model.fit(data=summary[["customer_id", "frequency", "recency", "T"]], method="map", progressbar=False)
    return model


def bgnbd_parameters(model) -> dict[str, float]:
    return _point_estimates(model, BGNBD_PARAMETERS)


def fit_gamma_gamma(summary: pd.DataFrame):
    """Gamma-Gamma on repeat customers only (frequency > 0, positive mean repeat spend)."""
    from pymc_marketing.clv import GammaGammaModel

    repeat = summary[(summary["frequency"] > 0) & (summary["monetary_value"] > 0)]
    model = GammaGammaModel(model_config=_flat_priors(GAMMA_GAMMA_PARAMETERS))
    model.fit(data=repeat[["customer_id", "frequency", "monetary_value"]], method="map", progressbar=False)
    return model


def fit_clv(summary: pd.DataFrame) -> ClvFit:
    purchases = fit_bgnbd(summary)
    spend = fit_gamma_gamma(summary)
    return ClvFit(
        purchases=purchases,
        spend=spend,
        purchase_parameters=bgnbd_parameters(purchases),
        spend_parameters=_point_estimates(spend, GAMMA_GAMMA_PARAMETERS),
    )


def fit_to_bytes(fit: ClvFit) -> tuple[bytes, bytes]:
    """The two fitted models as pymc-marketing saves them (netCDF): what a later run predicts with."""
    with tempfile.TemporaryDirectory(prefix="insight-clv-") as folder:
        paths = Path(folder) / "purchases.nc", Path(folder) / "spend.nc"
        fit.purchases.save(str(paths[0]))
        fit.spend.save(str(paths[1]))
        return paths[0].read_bytes(), paths[1].read_bytes()


def fit_from_bytes(purchases: bytes, spend: bytes, summary: pd.DataFrame) -> ClvFit:
    """Models saved by fit_to_bytes, built on ``summary`` so they predict for its customers."""
    from pymc_marketing.clv import BetaGeoModel, GammaGammaModel

    with tempfile.TemporaryDirectory(prefix="insight-clv-") as folder:
        paths = Path(folder) / "purchases.nc", Path(folder) / "spend.nc"
        paths[0].write_bytes(purchases)
        paths[1].write_bytes(spend)
        purchase_model = BetaGeoModel.load(str(paths[0]))
        spend_model = GammaGammaModel.load(str(paths[1]))
    purchase_model.build_model(data=summary[["customer_id", "frequency", "recency", "T"]])
    repeat = summary[(summary["frequency"] > 0) & (summary["monetary_value"] > 0)]
    spend_model.build_model(data=repeat[["customer_id", "frequency", "monetary_value"]])
    return ClvFit(
        purchases=purchase_model,
        spend=spend_model,
        purchase_parameters=bgnbd_parameters(purchase_model),
        spend_parameters=_point_estimates(spend_model, GAMMA_GAMMA_PARAMETERS),
    )


def _per_customer(values) -> np.ndarray:
    return np.asarray(values.mean(("chain", "draw")) if "chain" in values.dims else values).reshape(-1)


def predict_clv(fit: ClvFit, summary: pd.DataFrame) -> pd.DataFrame:
    """Expected purchases and value over the next 12 months and P(alive), for every customer at once."""
    data = summary[["customer_id", "frequency", "recency", "T", "monetary_value"]].reset_index(drop=True)
    horizon_weeks = HORIZON_MONTHS / 12 * WEEKS_PER_YEAR
    expected_purchases = _per_customer(fit.purchases.expected_purchases(data=data, future_t=horizon_weeks))
    probability_alive = _per_customer(fit.purchases.expected_probability_alive(data=data))
    value = fit.spend.expected_customer_lifetime_value(
        transaction_model=fit.purchases, data=data.copy(), future_t=HORIZON_MONTHS, discount_rate=0.0, time_unit="W"
    )
    return pd.DataFrame({
        "customer_id": data["customer_id"],
        "expected_purchases_12m": expected_purchases,
        "probability_alive": probability_alive,
        "expected_value_12m": _per_customer(value),
    })
