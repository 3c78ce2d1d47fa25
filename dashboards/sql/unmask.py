"""Purpose-bound unmasking: the unmasked profile of one customer or one action list, for a privacy officer.

The customers asked for are first narrowed to those the officer's scope reaches, in the serving copy
(customer_360 carries the region); only their ids reach the restricted profile file. Nothing here is
cached: the unmasked values live only in the one run that shows them.
"""

import pandas as pd

from dashboards.access import Permission
from dashboards.queries import Query, Reach, current_user, fetch_download, fetch_restricted, in_scope
from dashboards.sql import actions

# An action list is unmasked in one go up to this many customers (its first rows in the list's order).
LIST_LIMIT = 200

IN_SCOPE_SQL = Query(
    f"""
select customer_id
from marts.customer_360
where list_contains($customer_ids::varchar[], customer_id) and {in_scope("region")}
order by customer_id
""",
    Reach.REGION,
)

UNMASKED_SQL = """
select customer_id, customer_name, phone, email, birth_date, company_name, all_phones, all_emails
from restricted.customer_profile_unmasked
where list_contains($customer_ids::varchar[], customer_id)
order by customer_id
"""


class UnmaskDenied(PermissionError):
    """The signed-in user may not unmask."""


def reachable(customer_ids: list[str]) -> list[str]:
    """Those of ``customer_ids`` that exist and lie in the user's scope (uncached: it guards unmasking)."""
    return fetch_download(IN_SCOPE_SQL, customer_ids=customer_ids)["customer_id"].astype(str).tolist()


def list_customer_ids(key: str, segment: str, region: str, threshold: float | None) -> list[str]:
    """The first LIST_LIMIT customers of an action list, as the actions page filters it (scoped)."""
    rows = actions.rows(key, segment, region, threshold, limit=LIST_LIMIT)
    return rows["customer_id"].astype(str).tolist()


def unmasked_profiles(customer_ids: list[str]) -> pd.DataFrame:
    """The unmasked profile of those of ``customer_ids`` in the user's scope; UnmaskDenied for other roles."""
    if not current_user().allows(Permission.UNMASK):
        raise UnmaskDenied("only a privacy officer may unmask personal data")
    return fetch_restricted(UNMASKED_SQL, customer_ids=reachable(customer_ids))
