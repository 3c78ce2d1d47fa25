"""CRM: the customer master, exported as CSV in local (Asia/Shanghai) time."""

from pipelines.sources.base import EntitySpec, Field

GENDERS = ("M", "F", "U")
ACQUISITION_CHANNELS = ("organic", "search", "social", "referral", "store", "ads", "wechat", "marketplace")
MEMBER_TIERS = ("silver", "gold", "diamond")

CUSTOMERS = EntitySpec(
    source="crm",
    entity="customers",
    file_format="csv",
    key=("customer_id",),
    description="One row per customer account in the CRM.",
    fields=(
        Field("customer_id", "VARCHAR", required=True, description="CRM customer id"),
        Field("name", "VARCHAR", pii=True),
        Field("phone", "VARCHAR", pii=True, digit_code=True, description="as typed: +86, spaces, dashes, full-width digits"),
        Field("email", "VARCHAR", pii=True, description="as typed: any case, stray spaces"),
        Field("gender", "VARCHAR", allowed=GENDERS),
        Field("birthday", "DATE", not_future=True, pii=True),
        Field("city", "VARCHAR"),
        Field("region", "VARCHAR"),
        Field("industry", "VARCHAR"),
        Field("company", "VARCHAR"),
        Field("signup_at", "TIMESTAMPTZ", required=True, not_future=True),
        Field("acquisition_channel", "VARCHAR", allowed=ACQUISITION_CHANNELS),
        Field("member_tier", "VARCHAR", allowed=MEMBER_TIERS, description="tier as recorded in the CRM"),
    ),
)

SPECS = (CUSTOMERS,)
