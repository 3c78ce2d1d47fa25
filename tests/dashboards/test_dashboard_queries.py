"""The query layer on the hand-made serving file: business truth, parameters, read-only, cache."""

import os
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import duckdb
import pytest
from dashboard_serving import Order, write_serving_file

from dashboards import queries
from dashboards.sql import segments
from pipelines import catalogue

INJECTION = "'; drop table marts.fct_orders; --"


def order_count(path: Path) -> int:
    with duckdb.connect(str(path), read_only=True) as connection:
        return connection.execute("select count(*) from marts.fct_orders").fetchone()[0]


def test_serving_path_comes_from_the_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert queries.serving_path() == Path("data").resolve() / "serving.duckdb"
    monkeypatch.setenv("INSIGHT_DATA_DIR", str(tmp_path))
    assert queries.serving_path() == tmp_path / "serving.duckdb"
    monkeypatch.setenv("INSIGHT_SERVING_PATH", str(tmp_path / "elsewhere.duckdb"))
    assert queries.serving_path() == tmp_path / "elsewhere.duckdb"


def test_missing_file_raises_not_published(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("INSIGHT_SERVING_PATH", str(tmp_path / "missing.duckdb"))

    assert not queries.is_published()
    with pytest.raises(queries.ServingNotPublished):
        queries.published()
    assert not (tmp_path / "missing.duckdb").exists()


def test_published_meta(serving_path: Path) -> None:
    meta = queries.published().iloc[0]

    assert meta["build_id"] == "test-build-1"
    assert meta["as_of_date"].date() == date(2024, 4, 30)


def test_order_months_run_from_first_to_last_month(serving_path: Path) -> None:
    assert queries.order_months() == [date(2024, 1, 1), date(2024, 2, 1), date(2024, 3, 1), date(2024, 4, 1)]


def test_headline_over_all_months(serving_path: Path) -> None:
    numbers = queries.headline(date(2024, 1, 1), date(2024, 4, 1)).iloc[0].to_dict()

    assert numbers == {
        "customers": 5,
        "buyers": 3,
        "revenue_net_cny": 2000.0,
        "paid_orders": 4,
        "avg_order_value_cny": 500.0,
    }


def test_headline_over_some_months(serving_path: Path) -> None:
    numbers = queries.headline(date(2024, 3, 1), date(2024, 4, 1)).iloc[0]

    assert (numbers["buyers"], numbers["revenue_net_cny"], numbers["paid_orders"]) == (2, 1600.0, 2)
    assert numbers["customers"] == 5


def test_headline_without_orders_is_zero_not_an_error(serving_path: Path) -> None:
    numbers = queries.headline(None, None).iloc[0]

    assert (numbers["customers"], numbers["buyers"], numbers["revenue_net_cny"], numbers["paid_orders"]) == (5, 0, 0, 0)


def test_monthly_trend_reads_kpi_monthly(serving_path: Path) -> None:
    monthly = queries.monthly_trend(date(2024, 2, 1), date(2024, 4, 1))

    assert [month.date() for month in monthly["month"]] == [date(2024, 2, 1), date(2024, 3, 1), date(2024, 4, 1)]
    assert monthly["revenue_net_cny"].tolist() == [280.0, 1350.0, 250.0]
    assert monthly["active_customers"].tolist() == [1.0, 2.0, 3.0]


def test_kpis_of_the_last_month_with_their_history(serving_path: Path) -> None:
    kpis = queries.kpis(date(2024, 1, 1), date(2024, 4, 1)).set_index("kpi")

    assert kpis.index.tolist() == ["revenue", "active_customers", "nps", "complaints"]
    assert kpis.loc["revenue", "change"] == -1100.0
    assert kpis["target_status"].to_dict() == {
        "revenue": "met",
        "active_customers": "met",
        "nps": "missed",
        "complaints": "missed",
    }
    assert list(kpis.loc["nps", "history"]) == [40.0, 20.0]  # months without a value are left out


def test_negative_spikes_of_a_month(serving_path: Path) -> None:
    spikes = queries.negative_spikes(date(2024, 4, 1))

    assert spikes[["platform", "negative_mentions"]].values.tolist() == [["all", 15], ["weibo", 12]]
    assert queries.negative_spikes(date(2024, 3, 1)).empty


def test_sla_breaches_of_a_month(serving_path: Path) -> None:
    april = queries.sla_breaches(date(2024, 4, 1)).iloc[0]

    assert (april["first_response_breaches"], april["resolution_breaches"], april["follow_up_breaches"]) == (2, 1, 1)
    assert april["first_response_sla_rate"] == pytest.approx(0.8)


def test_filter_options(serving_path: Path) -> None:
    assert queries.service_tiers() == ["high value", "at risk"]
    assert queries.regions() == ["华东", "华北", "华南", "西南"]


CATALOGUE_CODES = catalogue.codes


def test_tiers_and_stages_follow_the_catalogues_display_order(
    serving_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(catalogue, "codes", lambda concept: list(reversed(CATALOGUE_CODES(concept))))

    assert queries.service_tiers() == ["at risk", "high value"]
    assert queries.tier_mix()["service_tier"].tolist() == ["at risk", "high value"]
    assert queries.segment_mix()["service_tier"].tolist() == ["at risk", "high value", "high value"]
    assert segments.lifecycle_stages()["lifecycle_stage"].tolist() == ["active", "new", "prospect"]
    assert segments.segment_sizes()["service_tier"].tolist() == ["at risk", "high value", "high value"]


def test_segment_mix(serving_path: Path) -> None:
    segments = queries.segment_mix().set_index("segment")

    assert segments["customers"].to_dict() == {"Champions": 1, "Loyal": 1, "At risk": 1}
    assert segments["revenue_net_cny"].to_dict() == {"Champions": 400.0, "Loyal": 1350.0, "At risk": 250.0}
    assert segments.loc["Loyal", "revenue_share"] == pytest.approx(1350 / 2000)


def test_tier_mix_in_service_order(serving_path: Path) -> None:
    tiers = queries.tier_mix()

    assert tiers["service_tier"].tolist() == ["high value", "at risk"]
    assert tiers["customers"].tolist() == [2, 1]
    assert tiers["revenue_net_cny"].tolist() == [1750.0, 250.0]
    assert tiers["customer_share"].tolist() == pytest.approx([2 / 3, 1 / 3])


def test_injection_in_a_filter_value_is_only_a_value(serving_path: Path) -> None:
    with pytest.raises(duckdb.ConversionException):
        queries.headline(INJECTION, INJECTION)
    with pytest.raises(duckdb.ConversionException):
        queries.monthly_trend(date(2024, 1, 1), INJECTION)

    assert order_count(serving_path) == 6
    assert queries.headline(date(2024, 1, 1), date(2024, 4, 1)).iloc[0]["paid_orders"] == 4


def test_connections_are_read_only(serving_path: Path) -> None:
    with pytest.raises(duckdb.Error):
        queries._run(str(serving_path), "drop table marts.fct_orders", {})
    with pytest.raises(duckdb.Error):
        queries._run(str(serving_path), "copy marts.fct_orders to '/tmp/leak.csv'", {})

    assert order_count(serving_path) == 6


def test_one_reader_per_published_file_and_a_cursor_per_query(serving_path: Path, tmp_path: Path,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    attached = []
    real_attach = queries._attach
    monkeypatch.setattr(queries, "_attach", lambda path: attached.append(path) or real_attach(path))
    queries._Reader._current = None

    queries.headline(date(2024, 1, 1), date(2024, 4, 1))
    queries.segment_mix()
    assert len(attached) == 1
    old_reader = queries._Reader._current[2]

    # Publishing renames a new file over the old one; the open reader does not stand in its way.
    staged = write_serving_file(tmp_path / "serving.duckdb.tmp", build_id="test-build-2")
    os.replace(staged, serving_path)
    assert queries.published().iloc[0]["build_id"] == "test-build-2"
    assert len(attached) == 2
    assert queries._Reader._current[2] is not old_reader


def test_results_are_cached_while_the_file_is_unchanged(serving_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    opened = []
    real_connect = duckdb.connect
    monkeypatch.setattr(queries.duckdb, "connect", lambda *args, **kwargs: opened.append(args) or real_connect())

    queries.tier_mix()
    queries.tier_mix()

    assert len(opened) == 1


def test_replacing_the_file_invalidates_the_cache(serving_path: Path, tmp_path: Path) -> None:
    assert queries.headline(date(2024, 1, 1), date(2024, 4, 1)).iloc[0]["revenue_net_cny"] == 2000.0
    assert queries.published().iloc[0]["build_id"] == "test-build-1"

    staged = write_serving_file(
        tmp_path / "serving.duckdb.tmp",
        orders=[Order("N1", "C1", datetime(2024, 4, 2, 9, 0), "paid", Decimal("999.00"))],
        build_id="test-build-2",
    )
    os.replace(staged, serving_path)

    numbers = queries.headline(date(2024, 1, 1), date(2024, 4, 1)).iloc[0]
    assert (numbers["revenue_net_cny"], numbers["paid_orders"]) == (999.0, 1)
    assert queries.published().iloc[0]["build_id"] == "test-build-2"
    assert queries.order_months() == [date(2024, 4, 1)]
