"""Every user-facing string of the dashboards, in English and Chinese.

The language is chosen in the sidebar and kept in ``st.session_state["lang"]``; its default is English
unless the environment variable ``INSIGHT_LANG`` starts with ``zh``. Segment and service-tier names are
not here: they arrive bilingual from the marts (``segment`` / ``segment_zh``).
"""

import os

import streamlit as st

LANGUAGES = ("en", "zh")
LANGUAGE_NAMES = {"en": "English", "zh": "中文"}
SESSION_KEY = "lang"

STRINGS: dict[str, dict[str, str]] = {
    # App chrome
    "app.title": {"en": "Customer insight", "zh": "客户洞察"},
    "app.language": {"en": "Language · 语言", "zh": "语言 · Language"},
    "serving.missing": {
        "en": "No published warehouse yet — run `insight build`.",
        "zh": "尚未发布数据仓库 — 请运行 `insight build`。",
    },
    "serving.looked_for": {"en": "Looked for: `{path}`", "zh": "查找路径：`{path}`"},
    # Page titles (navigation)
    "page.overview": {"en": "Overview", "zh": "概览"},
    # Overview page
    "overview.title": {"en": "Customer overview", "zh": "客户概览"},
    "overview.published": {
        "en": "Data as of {as_of} · published {published_at} · build {build_id}",
        "zh": "数据截至 {as_of} · 发布于 {published_at} · 构建 {build_id}",
    },
    "overview.months": {"en": "Order months", "zh": "订单月份"},
    "overview.months_help": {
        "en": "Limits revenue, buyers, paid orders and the monthly chart to these months.",
        "zh": "收入、购买客户、已付订单及月度图表仅统计所选月份。",
    },
    "overview.no_orders": {
        "en": "The published warehouse has no orders yet.",
        "zh": "已发布的数据仓库中还没有订单。",
    },
    "overview.monthly_header": {"en": "Revenue and paid orders by month", "zh": "月度收入与已付订单"},
    "overview.segments_header": {"en": "RFM segment mix", "zh": "RFM 客群分布"},
    "overview.tiers_header": {"en": "Service tiers", "zh": "服务层级"},
    "overview.rfm_caption": {
        "en": "Snapshot as of {as_of}, not filtered by month. Revenue is each customer's paid amount net of "
        "refunds (RFM monetary).",
        "zh": "截至 {as_of} 的快照，不受月份筛选影响。收入为客户扣除退款后的已付金额（RFM 消费金额）。",
    },
    "overview.table": {"en": "Show the table", "zh": "查看数据表"},
    # Headline numbers
    "metric.customers": {"en": "Customers", "zh": "客户数"},
    "metric.customers_help": {
        "en": "All customers in the warehouse, whatever the months selected.",
        "zh": "数据仓库中的全部客户，不受月份筛选影响。",
    },
    "metric.buyers": {"en": "Buyers", "zh": "购买客户"},
    "metric.buyers_help": {
        "en": "Customers with at least one paid order in the selected months.",
        "zh": "所选月份内至少有一笔已付订单的客户。",
    },
    "metric.revenue": {"en": "Revenue (net, CNY)", "zh": "净收入（人民币）"},
    "metric.revenue_help": {
        "en": "Paid orders in the selected months, net of refunds, in CNY.",
        "zh": "所选月份已付订单扣除退款后的金额（人民币）。",
    },
    "metric.paid_orders": {"en": "Paid orders", "zh": "已付订单"},
    "metric.paid_orders_help": {
        "en": "Orders counted as paid in the selected months.",
        "zh": "所选月份内计为已支付的订单数。",
    },
    "metric.aov": {"en": "Average order value", "zh": "客单价"},
    "metric.aov_help": {
        "en": "Net revenue divided by paid orders.",
        "zh": "净收入除以已付订单数。",
    },
    # Column and axis labels
    "col.month": {"en": "Month", "zh": "月份"},
    "col.revenue": {"en": "Revenue (net, ¥)", "zh": "净收入（¥）"},
    "col.paid_orders": {"en": "Paid orders", "zh": "已付订单"},
    "col.aov": {"en": "Average order value (¥)", "zh": "客单价（¥）"},
    "col.segment": {"en": "Segment", "zh": "客群"},
    "col.service_tier": {"en": "Service tier", "zh": "服务层级"},
    "col.customers": {"en": "Customers", "zh": "客户数"},
    "col.customer_share": {"en": "Share of customers", "zh": "客户占比"},
    "col.revenue_share": {"en": "Share of revenue", "zh": "收入占比"},
    "label.unclassified": {"en": "Unclassified", "zh": "未分类"},
}


def default_lang() -> str:
    """The language a new session starts in: INSIGHT_LANG=zh* gives Chinese, anything else English."""
    return "zh" if os.environ.get("INSIGHT_LANG", "").lower().startswith("zh") else "en"


def current_lang() -> str:
    """The language picked in this session's sidebar switch."""
    return st.session_state.get(SESSION_KEY, default_lang())


def t(key: str, lang: str | None = None, **values: object) -> str:
    """The string for ``key`` in ``lang`` (default: the session's language), with ``values`` filled in."""
    text = STRINGS[key][lang or current_lang()]
    return text.format(**values) if values else text


def both(key: str, **values: object) -> str:
    """English and Chinese together, for messages that must be readable before a language is chosen."""
    return "\n\n".join(t(key, lang, **values) for lang in LANGUAGES)


def localized_column(lang: str, english_column: str) -> str:
    """The name of the bilingual data column to show: ``segment`` in English, ``segment_zh`` in Chinese."""
    return f"{english_column}_zh" if lang == "zh" else english_column
