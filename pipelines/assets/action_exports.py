"""Action lists exported as CSV files for the teams that work them (one file per list).

Personal data stays masked, as in the marts. With INSIGHT_SHOW_PII=1 the export adds the unmasked
name, phone and e-mail from restricted.customer_profile_unmasked, for those allowed to call customers.
"""

from pathlib import Path

import dagster as dg

from pipelines.exports import write_csv
from pipelines.resources import WarehouseResource
from pipelines.settings import Settings

ACTION_LISTS = {
    "action_birthdays_this_month": "birthday_month, birthday_day, customer_id",
    "action_winback_sleeping": "lifetime_revenue desc, customer_id",
    "action_vip_upgrade_candidates": "spend_needed_cny, customer_id",
    "action_high_value_uncontacted": "days_since_last_contact desc nulls first, customer_id",
    "action_at_risk_follow_up": "churn_risk_score desc, lifetime_revenue desc, customer_id",
}
UNMASKED_COLUMNS = "profile.customer_name, profile.phone, profile.email"


def export_dir(settings: Settings) -> Path:
    return settings.data_dir / "exports" / "action_lists"


def export_query(action_list: str, order_by: str, show_pii: bool) -> str:
    if not show_pii:
        return f"select * from marts.{action_list} order by {order_by}"
    return (
        f"select actions.*, {UNMASKED_COLUMNS} from marts.{action_list} as actions "
        "left join restricted.customer_profile_unmasked as profile using (customer_id) "
        f"order by {order_by}"
    )


@dg.asset(
    key=["exports", "action_lists"],
    group_name="exports",
    kinds={"duckdb", "csv"},
    deps=[dg.AssetKey(["marts", name]) for name in ACTION_LISTS],
    description="The action lists as CSV files (UTF-8 with BOM, for Excel) under "
    "$INSIGHT_DATA_DIR/exports/action_lists; personal data masked unless INSIGHT_SHOW_PII=1.",
)
def action_list_exports(context: dg.AssetExecutionContext, warehouse: WarehouseResource) -> dg.MaterializeResult:
    settings = Settings.from_env()
    folder = export_dir(settings)
    folder.mkdir(parents=True, exist_ok=True)
    rows: dict[str, int] = {}
    with warehouse.get_connection() as con:
        for action_list, order_by in ACTION_LISTS.items():
            # UTF-8 with BOM for Excel; a masked name or a tag that starts like a formula is neutralised
            frame = con.sql(export_query(action_list, order_by, settings.show_pii)).pl()
            write_csv(frame, folder / f"{action_list}.csv")
            rows[action_list] = frame.height
    context.log.info(f"exported {len(rows)} action lists to {folder} (personal data {'shown' if settings.show_pii else 'masked'})")
    return dg.MaterializeResult(
        metadata={
            "folder": str(folder),
            "personal_data": "unmasked" if settings.show_pii else "masked",
            "rows": dg.MetadataValue.json(rows),
        }
    )
