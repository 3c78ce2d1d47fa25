"""The landing sensor launches the ingest only when files arrive or change."""

import dagster as dg

from pipelines.automation import landing_files_sensor, new_or_changed


def test_new_or_changed_files():
    before = {"orders/orders/a.csv": [10, 1]}
    after = {"orders/orders/a.csv": [10, 1], "orders/orders/b.csv": [5, 2], "crm/customers/c.csv": [3, 3]}
    assert new_or_changed(before, after) == ["crm/customers/c.csv", "orders/orders/b.csv"]
    assert new_or_changed(after, {**after, "orders/orders/a.csv": [11, 4]}) == ["orders/orders/a.csv"]
    assert new_or_changed(after, after) == []


def test_sensor_requests_a_run_for_new_files_then_skips(tmp_path, monkeypatch):
    monkeypatch.setenv("INSIGHT_LANDING_DIR", str(tmp_path / "landing"))
    landing = tmp_path / "landing" / "orders" / "orders"
    landing.mkdir(parents=True)
    (landing / "orders_00001.csv").write_text("order_id\n")

    first = landing_files_sensor(dg.build_sensor_context(cursor=None))
    assert isinstance(first, dg.RunRequest)
    context = dg.build_sensor_context(cursor=json_cursor(tmp_path))
    assert isinstance(landing_files_sensor(context), dg.SkipReason)

    (landing / "orders_00002.csv").write_text("order_id\n")
    assert isinstance(landing_files_sensor(dg.build_sensor_context(cursor=json_cursor(tmp_path, drop="orders_00002"))), dg.RunRequest)


def json_cursor(data_dir, drop: str | None = None) -> str:
    import json

    from pipelines.automation import landing_snapshot

    snapshot = landing_snapshot()
    return json.dumps({name: sig for name, sig in snapshot.items() if not drop or drop not in name})
