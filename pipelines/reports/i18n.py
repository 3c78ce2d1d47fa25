"""Every word of the report in Chinese and English; KPI, category and dimension names come from the marts."""

TEXT = {
    "zh": {
        "title": "月度 KPI 报告",
        "subtitle": "{month} · 数据截至 {as_of} · 发布批次 {build_id}",
        "summary": "本月 {kpis} 项指标中 {met} 项达标，{missed} 项未达标。",
        "kpi_table": "KPI 一览（目标与环比）",
        "kpi": "指标",
        "value": "本月",
        "previous": "上月",
        "change": "环比",
        "target": "目标",
        "status": "状态",
        "met": "达标",
        "missed": "未达标",
        "no target": "无目标",
        "no data": "无数据",
        "trends": "近 13 个月趋势",
        "missed_title": "未达标指标（按变动幅度排序）",
        "movers_title": "变动最大的指标",
        "none_missed": "本月所有指标均达标。",
        "complaints_title": "投诉类别 Top 5",
        "category": "类别",
        "department": "负责部门",
        "complaints": "投诉量",
        "share": "占比",
        "resolved_24h": "24 小时内解决率",
        "topics_title": "社交媒体负面话题",
        "topic": "话题",
        "mentions": "提及量",
        "negative": "负面",
        "negative_share": "负面占比",
        "spikes_title": "本月负面舆情高峰",
        "platform": "平台",
        "day": "日期",
        "baseline": "基线均值",
        "no_spikes": "本月没有负面舆情高峰。",
        "migration_title": "客户分群迁移（上月末 → 本月末）",
        "from_segment": "原分群",
        "to_segment": "新分群",
        "customers": "客户数",
        "dimensions_title": "满意度维度（低于目标的标红）",
        "dimension": "维度",
        "mean_score": "平均分",
        "satisfied": "满意占比",
        "below_target": "低于目标",
        "answers": "答卷数",
        "yes": "是",
        "no": "否",
        "sheet_kpis": "KPI",
        "sheet_trends": "趋势",
        "sheet_complaints": "投诉类别",
        "sheet_topics": "负面话题",
        "sheet_dimensions": "满意度维度",
        "sheet_migration": "分群迁移",
        "footer": "数据来源：发布的服务副本（marts）。个人信息已脱敏，本报告不含姓名、电话或邮箱。",
        "topics": {
            "product_quality": "产品质量", "delivery": "物流配送", "price": "价格",
            "service_attitude": "服务态度", "other": "其他",
        },
        "platforms": {
            "all": "全部平台", "weibo": "微博", "wechat": "微信", "xiaohongshu": "小红书", "douyin": "抖音",
            "twitter": "Twitter",
        },
    },
    "en": {
        "title": "Monthly KPI report",
        "subtitle": "{month} · data as of {as_of} · build {build_id}",
        "summary": "{met} of {kpis} KPIs met their target this month; {missed} missed.",
        "kpi_table": "KPIs against target and last month",
        "kpi": "KPI",
        "value": "This month",
        "previous": "Last month",
        "change": "Change",
        "target": "Target",
        "status": "Status",
        "met": "met",
        "missed": "missed",
        "no target": "no target",
        "no data": "no data",
        "trends": "Trends, last 13 months",
        "missed_title": "KPIs that missed target (biggest moves first)",
        "movers_title": "Biggest movers",
        "none_missed": "Every KPI met its target this month.",
        "complaints_title": "Top 5 complaint categories",
        "category": "Category",
        "department": "Department",
        "complaints": "Complaints",
        "share": "Share",
        "resolved_24h": "Resolved within 24 h",
        "topics_title": "Negative topics on social media",
        "topic": "Topic",
        "mentions": "Mentions",
        "negative": "Negative",
        "negative_share": "Negative share",
        "spikes_title": "Negative spikes this month",
        "platform": "Platform",
        "day": "Day",
        "baseline": "Baseline mean",
        "no_spikes": "No negative spike this month.",
        "migration_title": "Segment migration (last month end -> this month end)",
        "from_segment": "From",
        "to_segment": "To",
        "customers": "Customers",
        "dimensions_title": "Satisfaction dimensions (below target in red)",
        "dimension": "Dimension",
        "mean_score": "Mean score",
        "satisfied": "Satisfied share",
        "below_target": "Below target",
        "answers": "Answers",
        "yes": "yes",
        "no": "no",
        "sheet_kpis": "KPI",
        "sheet_trends": "Trends",
        "sheet_complaints": "Complaint categories",
        "sheet_topics": "Negative topics",
        "sheet_dimensions": "Dimensions",
        "sheet_migration": "Segment migration",
        "footer": "Source: the published serving copy (marts). Personal data is masked: no names, phones or e-mails.",
        "topics": {
            "product_quality": "Product quality", "delivery": "Delivery", "price": "Price",
            "service_attitude": "Service attitude", "other": "Other",
        },
        "platforms": {
            "all": "All platforms", "weibo": "Weibo", "wechat": "WeChat", "xiaohongshu": "Xiaohongshu",
            "douyin": "Douyin", "twitter": "Twitter",
        },
    },
}


def format_value(value: float | None, unit: str, lang: str) -> str:
    """A KPI value as a manager reads it: money with thousands separators, shares as percentages."""
    if value is None:
        return "–"
    if unit == "cny":
        return f"¥{value:,.0f}" if abs(value) >= 1000 else f"¥{value:,.2f}"
    if unit == "count":
        return f"{value:,.0f}"
    if unit == "share":
        return f"{value:.1%}"
    if unit == "points":
        return f"{value:+.1f}"
    return f"{value:.2f}"


def format_change(change: float | None, change_pct: float | None, unit: str, lang: str) -> str:
    if change is None:
        return "–"
    if unit == "share":
        return f"{change * 100:+.1f} 个百分点" if lang == "zh" else f"{change * 100:+.1f} pp"
    if unit in ("points", "score"):
        return f"{change:+.2f}"
    return f"{change_pct:+.1%}" if change_pct is not None else f"{change:+,.0f}"
