"""The built-in sources the generator writes landing files for, as their declarations define them
(pipelines/sources/declared/)."""

from pipelines.sources import spec_for

CUSTOMERS = spec_for("crm__customers")
ORDERS = spec_for("orders__orders")
ORDER_ITEMS = spec_for("orders__order_items")
INTERACTIONS = spec_for("interactions__interactions")
MENTIONS = spec_for("social__mentions")
RESPONSES = spec_for("surveys__responses")
