"""Survey invitations and responses (NPS, CSAT, dimension scores), exported as CSV by the survey tool."""

from pipelines.sources.base import EntitySpec, Field, RowRule

CHANNELS = ("sms", "email", "wechat", "app")

RESPONSES = EntitySpec(
    source="surveys",
    entity="responses",
    file_format="csv",
    key=("response_id",),
    description="One row per survey invitation; responded_at and the scores are empty when nobody answered.",
    fields=(
        Field("response_id", "VARCHAR", required=True),
        Field("survey_id", "VARCHAR", required=True),
        Field("customer_id", "VARCHAR"),
        Field("email", "VARCHAR", pii=True),
        Field("phone", "VARCHAR", pii=True, digit_code=True),
        Field("social_handle", "VARCHAR"),
        Field("channel", "VARCHAR", allowed=CHANNELS),
        Field("sent_at", "TIMESTAMPTZ", required=True, not_future=True),
        Field("responded_at", "TIMESTAMPTZ", not_future=True),
        Field("nps", "INTEGER", min_value=0, max_value=10),
        Field("csat", "INTEGER", min_value=1, max_value=5),
        Field("score_product_quality", "INTEGER", min_value=1, max_value=5),
        Field("score_service_response", "INTEGER", min_value=1, max_value=5),
        Field("score_communication", "INTEGER", min_value=1, max_value=5),
        Field("comment", "VARCHAR"),
    ),
    rules=(
        RowRule("responded before sent", "responded_at < sent_at"),
        RowRule("no way to identify the respondent", "customer_id is null and email is null and phone is null"),
    ),
)

SPECS = (RESPONSES,)
