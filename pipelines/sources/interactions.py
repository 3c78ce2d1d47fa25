"""Customer interactions (calls, chats, e-mails, WeChat, store visits) as JSONL from the service desk."""

from pipelines.sources.base import EntitySpec, Field, RowRule

CHANNELS = ("phone", "online_chat", "email", "wechat", "store_visit")
KINDS = ("inquiry", "complaint", "requirement", "callback", "visit")
CATEGORIES = ("product_quality", "delivery", "price", "service_attitude", "billing", "account", "other")
STATUSES = ("open", "in_progress", "resolved", "closed", "reopened")

INTERACTIONS = EntitySpec(
    source="interactions",
    entity="interactions",
    file_format="jsonl",
    key=("interaction_id",),
    description="One row per interaction; the customer is known by id, or only by phone, e-mail or social handle.",
    fields=(
        Field("interaction_id", "VARCHAR", required=True),
        Field("customer_id", "VARCHAR"),
        Field("phone", "VARCHAR", pii=True, digit_code=True),
        Field("email", "VARCHAR", pii=True),
        Field("social_handle", "VARCHAR"),
        Field("channel", "VARCHAR", required=True, allowed=CHANNELS),
        Field("kind", "VARCHAR", required=True, allowed=KINDS),
        Field("category", "VARCHAR", allowed=CATEGORIES),
        Field("opened_at", "TIMESTAMPTZ", required=True, not_future=True),
        Field("first_response_at", "TIMESTAMPTZ", not_future=True),
        Field("resolved_at", "TIMESTAMPTZ", not_future=True),
        Field("followed_up_at", "TIMESTAMPTZ", not_future=True),
        Field("status", "VARCHAR", required=True, allowed=STATUSES),
        Field("agent", "VARCHAR"),
        Field("department", "VARCHAR"),
        Field("satisfaction", "INTEGER", min_value=1, max_value=5),
        Field("text", "VARCHAR"),
    ),
    rules=(
        RowRule(
            "no way to identify the customer",
            "customer_id is null and phone is null and email is null and social_handle is null",
        ),
    ),
)

SPECS = (INTERACTIONS,)
