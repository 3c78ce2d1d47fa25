"""Customer 360: search, the profile, and the timeline of one customer.

Search never needs unmasked personal data. What the user types is masked the way the marts mask it
(dbt macros mask_name, mask_phone, mask_email) and compared with the masked columns of customer_360:
a full phone number matches its masked form (first three and last four digits), four digits match the
last four, an e-mail matches its first letter and domain, '@domain' matches the domain, a name matches
the first character of every word (in any case), and an id matches the customer id.
"""

import re
from dataclasses import asdict, dataclass

import pandas as pd

from dashboards.filters import ALL
from dashboards.queries import Query, Reach, fetch, in_scope

SEARCH_LIMIT = 50
TIMELINE_LIMIT = 200
PHONE_PATTERN = re.compile(r"^\+?[\d\s\-()]+$")
CUSTOMER_ID_PATTERN = re.compile(r"^[A-Za-z]+\d+$")


@dataclass(frozen=True)
class SearchTerms:
    """The masked forms a typed search text can match; None where the text cannot be that kind."""

    customer_id: str | None = None
    phone_masked: str | None = None
    phone_last4: str | None = None
    email_masked: str | None = None
    email_domain: str | None = None
    name_masked: str | None = None


def mask_name(name: str) -> str:
    """'张三' -> '张*', 'John  Smith' -> 'J*** S****' (dbt macro mask_name)."""
    return " ".join(word[0] + "*" * (len(word) - 1) for word in name.split())


def mask_phone(phone: str) -> str | None:
    """'+86 138-1234-1234' -> '138****1234' (dbt macro mask_phone); None for fewer than 8 digits."""
    digits = re.sub(r"\D", "", phone)
    if phone.strip().startswith("+") and not digits.startswith("86"):
        national = "+" + digits
    elif digits.startswith("86") and len(digits) == 13:
        national = digits[2:]
    else:
        national = digits
    if len(national) < 8:
        return None
    return national[:3] + "*" * (len(national) - 7) + national[-4:]


def search_terms(text: str) -> SearchTerms:
    """What ``text`` can match, by its shape (digits, '@', an id, or a name)."""
    text = text.strip()
    if not text:
        return SearchTerms()
    if PHONE_PATTERN.match(text):
        digits = re.sub(r"\D", "", text)
        if len(digits) == 4:
            return SearchTerms(phone_last4=digits)
        return SearchTerms(phone_masked=mask_phone(text))
    if text.startswith("@"):
        return SearchTerms(email_domain=text.lower())
    if "@" in text:
        local, domain = text.lower().split("@", 1)
        return SearchTerms(email_masked=f"{local[:1]}***@{domain}")
    name = text if "*" in text else mask_name(text)
    if CUSTOMER_ID_PATTERN.match(text):
        return SearchTerms(customer_id=text.upper(), name_masked=name)
    return SearchTerms(name_masked=name)


SEARCH_SQL = Query(
    f"""
select
    customer_id,
    name_masked,
    phone_masked,
    email_masked,
    city,
    region,
    segment,
    lifetime_revenue::double as lifetime_revenue
from marts.customer_360
where ($segment = 'all' or service_tier = $segment)
    and ($region = 'all' or region = $region)
    and {in_scope("region")}
    and (
        $match_all
        or upper(customer_id) = $customer_id
        or phone_masked = $phone_masked
        or right(phone_masked, 4) = $phone_last4
        or email_masked = $email_masked
        or ends_with(email_masked, $email_domain)
        or upper(name_masked) = upper($name_masked)
        or starts_with(upper(name_masked), upper($name_masked) || ' ')
    )
order by lifetime_revenue desc, customer_id
limit $limit
""",
    Reach.REGION,
)


def search(text: str, segment: str = ALL, region: str = ALL) -> pd.DataFrame:
    """Up to SEARCH_LIMIT customers matching ``text`` (all customers when it is empty), in the segment and
    region, the most valuable first."""
    terms = search_terms(text)
    return fetch(
        SEARCH_SQL,
        match_all=terms == SearchTerms(),
        segment=segment,
        region=region,
        limit=SEARCH_LIMIT,
        **asdict(terms),
    )


PROFILE_SQL = Query(
    f"""
select * from marts.customer_360 where customer_id = $customer_id and {in_scope("region")}
""",
    Reach.REGION,
)


def profile(customer_id: str) -> pd.DataFrame:
    """The customer's customer_360 row (personal data masked); no row for an unknown id."""
    return fetch(PROFILE_SQL, customer_id=customer_id)


# customer_timeline has no region: the customer's own customer_360 row answers whether they are in scope.
# Member tier changes are month-end figures that move with as_of: they come from customer_tier_changes,
# in the timeline's shape, beside the stored events.
TIMELINE_SQL = Query(
    f"""
with events as (
    select event_at, event_kind, event_id, detail, null as detail_from, channel, amount_cny, score, sentiment
    from marts.customer_timeline
    where customer_id = $customer_id
    union all
    select
        snapshot_date::timestamp, 'tier', customer_id || ':' || strftime(month_start, '%Y-%m'),
        to_member_tier, from_member_tier, null, net_revenue_12m::double, null, null
    from marts.customer_tier_changes
    where customer_id = $customer_id
)
select
    events.event_at, events.event_kind, events.detail, events.detail_from, events.channel, events.amount_cny,
    events.score, events.sentiment, interactions.source_system
from events
left join marts.fct_interactions as interactions
    on events.event_kind = 'interaction' and interactions.interaction_id = events.event_id
where exists (
    select 1 from marts.customer_360 as customers
    where customers.customer_id = $customer_id and {in_scope("customers.region")}
)
order by events.event_at desc, events.event_kind, events.event_id
limit $limit
""",
    Reach.REGION,
)


def timeline(customer_id: str) -> pd.DataFrame:
    """The customer's latest TIMELINE_LIMIT events, newest first (mart customer_timeline): orders
    (status, channel, net CNY), interactions (category, channel, satisfaction 1-5 as score), answered
    surveys (NPS group, NPS as score, comment sentiment), social mentions (topic, platform, sentiment),
    across every account merged into the person, and member tier changes (mart customer_tier_changes;
    12-month spend as amount). An interaction names the declared source it came from.
    """
    return fetch(TIMELINE_SQL, customer_id=customer_id, limit=TIMELINE_LIMIT)
