"""Customer intelligence on the tiny build: identity stitching, the monthly marts, the Python models
between dbt models (dbt -> scikit-learn / pymc-marketing -> dbt in one run) and the action-list exports."""

import csv

import pytest

from pipelines.assets.action_exports import ACTION_LISTS, export_dir
from pipelines.warehouse import connect as connect_warehouse


@pytest.fixture
def warehouse(built):
    with connect_warehouse(built.warehouse_path, read_only=True) as con:
        yield con


def scalar(con, sql: str):
    return con.execute(sql).fetchone()[0]


def test_customer_360_has_one_row_per_person_with_a_crm_account(warehouse):
    people = scalar(
        warehouse,
        "select count(distinct resolved_customer_id) from intermediate.int_customer_identities_stitched "
        "where source_system = 'crm'",
    )
    assert scalar(warehouse, "select count(*) from marts.customer_360") == people
    accounts = scalar(warehouse, "select count(*) from staging.stg_crm__customers")
    assert scalar(warehouse, "select sum(crm_accounts) from marts.customer_360") == accounts


def test_merge_report_adds_up(warehouse):
    rows = warehouse.execute(
        "select source_system, records, people, people_anchored, records_merged, "
        "merged_by_customer_id + merged_by_phone + merged_by_email + merged_by_social_handle "
        "from marts.identity_merge_report"
    ).fetchall()
    for source_system, records, people, anchored, merged, by_rule in rows:
        assert records == anchored + merged == anchored + by_rule, source_system
    total = next(row for row in rows if row[0] == "all")
    assert total[2] == total[3]
    mapped = scalar(warehouse, "select count(*) from intermediate.int_customer_identities_stitched")
    assert total[1] == mapped


def test_customer_rfm_is_the_latest_monthly_snapshot(warehouse):
    differences = scalar(
        warehouse,
        "select count(*) from (select customer_id, recency_days, frequency, monetary, rfm_cell from marts.customer_rfm "
        "except select customer_id, recency_days, frequency, monetary, rfm_cell from marts.customer_rfm_monthly "
        "where snapshot_date = (select as_of_date from intermediate.int_as_of_date))",
    )
    assert differences == 0


def test_python_models_scored_every_buyer_between_dbt_models(warehouse):
    buyers = scalar(warehouse, "select count(*) from marts.customer_churn_risk")
    assert buyers > 0
    assert scalar(warehouse, "select count(*) from ml.customer_churn_scores") == buyers
    assert scalar(warehouse, "select count(*) from ml.customer_clv") == buyers
    # customer_360 was built after the Python assets in the same run: their scores reached it.
    missing = scalar(
        warehouse,
        "select count(*) from marts.customer_360 where lifetime_orders > 0 "
        "and (churn_probability is null or predicted_clv_12m is null)",
    )
    assert missing == 0
    low, high = warehouse.execute("select min(churn_probability), max(churn_probability) from ml.customer_churn_scores").fetchone()
    assert 0 <= low <= high <= 1
    alive_low, alive_high = warehouse.execute("select min(probability_alive), max(probability_alive) from ml.customer_clv").fetchone()
    assert 0 <= alive_low <= alive_high <= 1


def test_every_month_end_stage_and_tier_is_known(warehouse):
    assert scalar(warehouse, "select count(*) from marts.customer_lifecycle_monthly where lifecycle_stage is null") == 0
    months = scalar(warehouse, "select count(*) from intermediate.int_customer_months")
    assert scalar(warehouse, "select count(*) from marts.customer_lifecycle_monthly") == months
    assert scalar(warehouse, "select count(*) from marts.customer_tier_monthly") == months


def test_action_lists_are_exported_masked(built, built_settings, warehouse):
    folder = export_dir(built_settings)
    secrets = {
        value
        for (value,) in warehouse.execute(
            "select customer_name from staging.stg_crm__customers where customer_name is not null "
            "union all select phone from staging.stg_crm__customers where phone is not null "
            "union all select email from staging.stg_crm__customers where email is not null"
        ).fetchall()
    }
    for action_list in ACTION_LISTS:
        with (folder / f"{action_list}.csv").open(encoding="utf-8-sig", newline="") as handle:
            header, *rows = list(csv.reader(handle))
        assert len(rows) == scalar(warehouse, f"select count(*) from marts.{action_list}"), action_list
        assert {"name_masked", "phone_masked", "email_masked"} <= set(header), action_list
        leaked = {value for row in rows for value in row} & secrets
        assert not leaked, action_list
        # text a spreadsheet would run as a formula (a masked '+86...' phone) carries an apostrophe
        formulas = [cell for row in rows for cell in row if cell.startswith(("=", "+", "-", "@")) and not _is_number(cell)]
        assert not formulas, action_list


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def test_the_model_fits_are_kept_and_give_the_same_scores(built, built_settings):
    """A second run in the same month scores with the stored fits (ml.churn_model_fits, ml.clv_model_fits)
    instead of fitting again, and gives the same numbers."""
    from assets_run import materialize

    def scores():
        with connect_warehouse(built.warehouse_path, read_only=True) as con:
            return con.execute(
                "select (select sum(churn_probability) from ml.customer_churn_scores), "
                "(select sum(expected_value_12m) from ml.customer_clv)"
            ).fetchone()

    before = scores()
    result = materialize(built_settings, selection="group:ml")
    assert result.success
    refitted = {
        event.asset_key.path[-1]: event.step_materialization_data.materialization.metadata["refitted"].value
        for event in result.all_events if event.is_step_materialization
    }
    assert refitted == {"customer_churn_scores": False, "customer_clv": False}
    assert scores() == before
