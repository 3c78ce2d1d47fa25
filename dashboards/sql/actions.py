"""Action lists: each list mart (masked personal data only), filtered by the customer's service tier and
region (columns of every list mart) and by the list's own threshold, for the table and the download."""

from dataclasses import dataclass

import pandas as pd

from dashboards.filters import ALL
from dashboards.queries import Query, Reach, fetch, fetch_download, in_scope

TABLE_LIMIT = 500
EXPORT_LIMIT = 1_048_575  # an XLSX sheet's rows below its header

@dataclass(frozen=True)
class ActionList:
    """One list: its mart, the columns shown and exported (their labels named through the catalogue), the
    condition its threshold filter adds (``$threshold`` null = no threshold), and its order."""

    key: str
    mart: str
    columns: tuple[str, ...]
    threshold_condition: str
    order_by: str

    def _select(self, what: str, tail: str) -> Query:
        # Built from the constants below only: user input reaches these queries as parameters.
        return Query(
            f"""
            select {what}
            from marts.{self.mart} as list
            where ($segment = 'all' or list.service_tier = $segment)
                and ($region = 'all' or list.region = $region)
                and {in_scope("list.region")}
                and ($threshold is null or {self.threshold_condition})
            {tail}
            """,
            Reach.REGION,
        )

    @property
    def rows_sql(self) -> Query:
        return self._select(
            "list.*",
            f"order by {self.order_by}, list.customer_id limit $limit",
        )

    @property
    def summary_sql(self) -> Query:
        return self._select(
            "list.segment, count(*) as customers",
            "group by list.segment order by customers desc, list.segment",
        )


CONTACT = ("customer_id", "name_masked", "phone_masked", "email_masked")

ACTION_LISTS = {
    spec.key: spec
    for spec in (
        ActionList(
            key="at_risk",
            mart="action_at_risk_follow_up",
            columns=(
                *CONTACT,
                "churn_risk_score",
                "churn_risk_reasons",
                "churn_probability",
                "segment",
                "lifecycle_stage",
                "lifetime_revenue",
                "last_order_at",
                "last_contact_at",
                "open_tickets",
                "complaints_90d",
                "follow_up_week",
                "region",
            ),
            threshold_condition="list.churn_risk_score >= $threshold",
            order_by="list.churn_risk_score desc, list.churn_probability desc nulls last",
        ),
        ActionList(
            key="winback",
            mart="action_winback_sleeping",
            columns=(
                *CONTACT,
                "recency_days",
                "last_order_at",
                "lifetime_orders",
                "lifetime_revenue",
                "favourite_category",
                "segment",
                "probability_alive",
                "predicted_clv_12m",
                "region",
            ),
            threshold_condition="list.recency_days >= $threshold",
            order_by="list.predicted_clv_12m desc nulls last, list.lifetime_revenue desc",
        ),
        ActionList(
            key="vip_upgrade",
            mart="action_vip_upgrade_candidates",
            columns=(
                *CONTACT,
                "member_tier",
                "next_member_tier",
                "net_revenue_12m",
                "paid_orders_12m",
                "spend_needed_cny",
                "orders_needed",
                "segment",
                "region",
            ),
            threshold_condition="list.spend_needed_cny <= $threshold",
            order_by="list.spend_needed_cny",
        ),
        ActionList(
            key="high_value_uncontacted",
            mart="action_high_value_uncontacted",
            columns=(
                *CONTACT,
                "segment",
                "member_tier",
                "lifetime_revenue",
                "revenue_12m",
                "last_contact_at",
                "last_contact_channel",
                "days_since_last_contact",
                "region",
            ),
            threshold_condition="(list.days_since_last_contact is null or list.days_since_last_contact >= $threshold)",
            order_by="list.days_since_last_contact desc nulls first, list.lifetime_revenue desc",
        ),
        ActionList(
            key="birthdays",
            mart="action_birthdays_this_month",
            columns=(
                *CONTACT,
                "birthday_month",
                "birthday_day",
                "member_tier",
                "segment",
                "lifecycle_stage",
                "lifetime_revenue",
                "region",
            ),
            threshold_condition="list.lifetime_revenue >= $threshold",
            order_by="list.birthday_day, list.lifetime_revenue desc",
        ),
    )
}


def rows(
    key: str, segment: str = ALL, region: str = ALL, threshold: float | None = None, limit: int = TABLE_LIMIT
) -> pd.DataFrame:
    """The list's customers in its order, at most ``limit``, with their region and service tier."""
    spec = ACTION_LISTS[key]
    return fetch(spec.rows_sql, segment=segment, region=region, threshold=threshold, limit=limit)


def download_rows(key: str, segment: str = ALL, region: str = ALL, threshold: float | None = None) -> pd.DataFrame:
    """The whole list (up to an XLSX sheet's rows) for a download, uncached (``fetch_download``)."""
    spec = ACTION_LISTS[key]
    return fetch_download(spec.rows_sql, segment=segment, region=region, threshold=threshold, limit=EXPORT_LIMIT)


def summary(key: str, segment: str = ALL, region: str = ALL, threshold: float | None = None) -> pd.DataFrame:
    """The list's customers per RFM segment (their sum is the list's length)."""
    spec = ACTION_LISTS[key]
    return fetch(spec.summary_sql, segment=segment, region=region, threshold=threshold)
