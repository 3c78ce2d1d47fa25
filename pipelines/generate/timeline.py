"""The generated time window, seasonal intensity curves, time sampling and timestamp formatting.

Times are floats in days since the window start, in local (Asia/Shanghai) time. Sampling follows a
daily intensity: a customer active over [a, b] with rate r places r * (S(b) - S(a)) orders on average,
where S is the cumulative intensity, and their times come from inverting S, so the whole population
shows the December peak, the Double-11 spike and the Chinese New Year lull without a per-row loop.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np
import polars as pl

from pipelines.generate.columns import where
from pipelines.generate.vocab import CHINESE_NEW_YEAR

SECONDS_PER_DAY = 86_400
BRAND_GROWTH_PER_YEAR = 1.5  # public chatter about the brand grows by this factor a year
SHANGHAI_OFFSET_SECONDS = 8 * 3600

# Relative activity per hour of the local day.
ORDER_HOURS = np.array([0.6, 0.3, 0.15, 0.1, 0.1, 0.15, 0.3, 0.6, 1.0, 1.4, 1.6, 1.6,
                        1.5, 1.4, 1.4, 1.4, 1.4, 1.4, 1.5, 1.8, 2.2, 2.4, 2.0, 1.2])
SERVICE_HOURS = np.array([0.05, 0.03, 0.02, 0.02, 0.02, 0.05, 0.1, 0.4, 1.0, 1.6, 1.8, 1.7,
                          1.2, 1.5, 1.7, 1.7, 1.6, 1.5, 1.2, 0.9, 0.8, 0.6, 0.3, 0.1])
SOCIAL_HOURS = np.array([0.9, 0.6, 0.3, 0.15, 0.1, 0.1, 0.2, 0.5, 0.8, 0.9, 1.0, 1.1,
                         1.4, 1.2, 1.0, 1.0, 1.0, 1.1, 1.3, 1.6, 1.9, 2.2, 2.1, 1.6])


def order_seasonality(days: np.ndarray) -> np.ndarray:
    """Relative order volume per calendar day (``days`` as datetime64[D])."""
    month_start = days.astype("datetime64[M]")
    month = month_start.astype(np.int64) % 12 + 1
    day = (days - month_start.astype("datetime64[D]")).astype(np.int64) + 1
    weekday = (days.astype(np.int64) + 3) % 7  # 1970-01-01 was a Thursday; Monday = 0
    level = np.ones(days.shape[0])
    level[month == 12] = 1.45
    level[(month == 12) & (day == 12)] = 2.4  # Double-12
    level[(month == 12) & (day >= 20) & (day <= 25)] = 1.7
    level[(month == 11) & (day <= 9)] = 1.2  # Double-11 pre-sales
    level[(month == 11) & ((day == 10) | (day == 12))] = 2.0
    level[(month == 11) & (day == 11)] = 6.0
    level[(month == 6) & (day >= 1) & (day <= 17)] = 1.1
    level[(month == 6) & (day == 18)] = 3.0  # 618 festival
    level[weekday >= 5] *= 1.08
    for new_year in np.array(CHINESE_NEW_YEAR, dtype="datetime64[D]"):
        offset = (days - new_year).astype(np.int64)
        level[(offset >= -12) & (offset < 0)] *= 0.75  # couriers stop before the holiday
        level[(offset >= 0) & (offset < 7)] *= 0.35
        level[(offset >= 7) & (offset < 15)] *= 0.7
    return level


@dataclass(frozen=True)
class Timeline:
    start: date
    end: date  # inclusive
    n_days: int
    start_seconds: int  # local seconds since 1970-01-01 of the window start
    order_cum: np.ndarray  # cumulative intensities at day edges (n_days + 1 values)
    service_cum: np.ndarray
    social_cum: np.ndarray
    chatter_cum: np.ndarray  # social, growing with the brand: posts by the public at large

    @classmethod
    def create(cls, end: date, years: int) -> Timeline:
        """The ``years`` years up to and including ``end``."""
        try:
            start = end.replace(year=end.year - years) + timedelta(days=1)
        except ValueError:  # 29 February
            start = end.replace(year=end.year - years, day=28) + timedelta(days=1)
        return cls.between(start, end)

    @classmethod
    def between(cls, start: date, end: date) -> Timeline:
        """The days from ``start`` to ``end``, both included."""
        days = np.arange(np.datetime64(start), np.datetime64(end) + 1, dtype="datetime64[D]")
        orders = order_seasonality(days)
        # Service contacts trail orders by a few days (deliveries, returns); social chatter is flatter.
        service = 0.6 + 0.4 * np.concatenate([np.full(3, orders[0]), orders[:-3]])[: days.shape[0]]
        social = orders**0.6
        brand_growth = BRAND_GROWTH_PER_YEAR ** (np.arange(days.shape[0]) / 365.0)
        return cls(
            start=start,
            end=end,
            n_days=int(days.shape[0]),
            start_seconds=int((start - date(1970, 1, 1)).days) * SECONDS_PER_DAY,
            order_cum=_cumulative(orders),
            service_cum=_cumulative(service),
            social_cum=_cumulative(social),
            chatter_cum=_cumulative(social * brand_growth),
        )

    @property
    def last_second(self) -> float:
        """The last representable instant of the window, in days (end_date 23:59:59)."""
        return self.n_days - 1 / SECONDS_PER_DAY

    def day_of(self, when: date) -> float:
        return float((when - self.start).days)

    def exposure(self, cum: np.ndarray, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        """Intensity mass between times a and b (zero where b <= a)."""
        edges = np.arange(self.n_days + 1, dtype=np.float64)
        lo = np.interp(a, edges, cum)
        hi = np.interp(np.maximum(a, b), edges, cum)
        return hi - lo

    def sample(self, rng: np.random.Generator, cum: np.ndarray, a: np.ndarray, b: np.ndarray,
               hours: np.ndarray | None = None) -> np.ndarray:
        """One time per row between a and b, following the intensity ``cum`` and the hour profile."""
        edges = np.arange(self.n_days + 1, dtype=np.float64)
        lo = np.interp(a, edges, cum)
        hi = np.interp(np.maximum(a, b), edges, cum)
        t = np.interp(lo + rng.random(a.shape[0]) * (hi - lo), cum, edges)
        if hours is None:
            return t
        hour = rng.choice(24, size=t.shape[0], p=hours / hours.sum())
        shifted = np.floor(t) + (hour + rng.random(t.shape[0])) / 24
        # Keep the day's draw where the hour profile would leave the customer's window.
        return np.where((shifted >= a) & (shifted <= b), shifted, t)

    def seconds(self, t: np.ndarray) -> np.ndarray:
        """Local epoch seconds of times in days, clipped to the window (NaN, for absent times, to its start)."""
        clipped = np.clip(np.nan_to_num(t, nan=0.0), 0.0, self.last_second)
        return self.start_seconds + np.floor(clipped * SECONDS_PER_DAY).astype(np.int64)


def _cumulative(level: np.ndarray) -> np.ndarray:
    return np.concatenate([[0.0], np.cumsum(level)])


def local_timestamp(timeline: Timeline, t: np.ndarray, valid: np.ndarray | None = None) -> pl.Series:
    """'YYYY-MM-DD HH:MM:SS' local time; null where ``valid`` is false."""
    text = pl.from_epoch(pl.Series(timeline.seconds(t)), time_unit="s").dt.strftime("%Y-%m-%d %H:%M:%S")
    return text if valid is None else where(valid, text)


def iso_timestamp(timeline: Timeline, t: np.ndarray, utc: np.ndarray) -> pl.Series:
    """ISO 8601 with an explicit offset: '...Z' (converted to UTC) where ``utc``, else '+08:00'."""
    local = timeline.seconds(t)
    shifted = np.where(utc, local - SHANGHAI_OFFSET_SECONDS, local)
    text = pl.from_epoch(pl.Series(shifted), time_unit="s").dt.strftime("%Y-%m-%dT%H:%M:%S")
    suffix = pl.Series(np.where(utc, "Z", "+08:00"))
    return text + suffix


def calendar_date(epoch_days: np.ndarray, valid: np.ndarray | None = None) -> pl.Series:
    """'YYYY-MM-DD' of days since 1970-01-01."""
    text = pl.Series(epoch_days.astype(np.int32)).cast(pl.Date).dt.strftime("%Y-%m-%d")
    return text if valid is None else where(valid, text)
