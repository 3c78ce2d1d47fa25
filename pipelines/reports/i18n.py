"""Every word of the report in Chinese and English; the names and definitions of KPIs and labels (categories,
topics, platforms, segments ...) come from the catalogue of definitions (pipelines/catalogue.py)."""

TEXT = {
    "zh": {
        "title": "月度 KPI 报告",
        "subtitle": "{month} · 数据截至 {as_of} · 生成于 {rendered} · 发布批次 {build_id}",
        "stale": "注意：数据截至 {as_of}，比生成日期 {rendered} 早 {days} 天（超过 {limit} 天）；最近的数据尚未载入。",
        "summary": "本月 {kpis} 项指标中 {met} 项达标，{missed} 项未达标。",
        "kpi_table": "KPI 一览（目标与环比）",
        "kpi": "指标",
        "value": "本月",
        "previous": "上月",
        "change": "环比",
        "month": "月份",
        "pp": "个百分点",
        "target": "目标",
        "status": "状态",
        "trends": "近 13 个月趋势",
        "missed_title": "未达标指标（按与目标的标准化差距排序）",
        "movers_title": "变动最大的指标",
        "standardised_move": "标准化变动",
        "movers_note": "按各指标在自身单位下的环比变动除以该单位的“显著变动”排序：金额和数量 {relative:.0%}，"
                       "占比 {share_pp:g} 个百分点，NPS {points:g} 分，满意度评分 {score:g} 分（1 = 一个显著变动）。"
                       "不按百分比排序：百分比会混合不同单位，并在数值接近零时失真。",
        "none_missed": "本月所有指标均达标。",
        "complaints_title": "投诉类别 Top 5",
        "category": "类别",
        "department": "负责部门",
        "complaints": "投诉量",
        "share": "占比",
        "resolved_24h": "24 小时内解决率",
        "resolution_unknown": "解决情况未知",
        "sla_unknown_note": "服务达标率不含 {first_response} 张首次响应情况未知、{resolution} 张解决情况未知的工单"
                            "（其来源系统未记录该时间，或工单无创建时间）。",
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
        "target_mean_score": "目标平均分",
        "target_satisfied": "目标满意占比",
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
        "sheet_movers": "变动最大的指标",
        "sheet_definitions": "指标定义",
        "definitions_title": "指标定义与目标规则",
        "definition": "定义",
        "target_rule": "目标规则",
        "target_value": "目标参数",
        "all_platforms": "全部平台",
        "change_pct": "环比 %",
        "footer": "数据来源：发布的服务副本（marts）。个人信息已脱敏，本报告不含姓名、电话或邮箱。",
    },
    "en": {
        "title": "Monthly KPI report",
        "subtitle": "{month} · data as of {as_of} · rendered {rendered} · build {build_id}",
        "stale": "Note: the data is as of {as_of}, {days} days before this report was rendered on {rendered} "
                 "(more than {limit}); the latest data is not loaded yet.",
        "summary": "{met} of {kpis} KPIs met their target this month; {missed} missed.",
        "kpi_table": "KPIs against target and last month",
        "kpi": "KPI",
        "value": "This month",
        "previous": "Last month",
        "change": "Change",
        "month": "Month",
        "pp": "pp",
        "target": "Target",
        "status": "Status",
        "trends": "Trends, last 13 months",
        "missed_title": "KPIs that missed target (furthest from target first, standardised)",
        "movers_title": "Biggest movers",
        "standardised_move": "Standardised move",
        "movers_note": "Ranked by each KPI's month-on-month change in its own unit, divided by a notable move in that "
                       "unit: {relative:.0%} for amounts and counts, {share_pp:g} percentage points for shares, "
                       "{points:g} points for NPS, {score:g} on the satisfaction score (1 = one notable move). Not by "
                       "percent change, which mixes units and blows up near zero.",
        "none_missed": "Every KPI met its target this month.",
        "complaints_title": "Top 5 complaint categories",
        "category": "Category",
        "department": "Department",
        "complaints": "Complaints",
        "share": "Share",
        "resolved_24h": "Resolved within 24 h",
        "resolution_unknown": "Resolution unknown",
        "sla_unknown_note": "The service rates leave out {first_response} ticket(s) with an unknown first response and "
                            "{resolution} with an unknown resolution (their source records no such time, or the "
                            "ticket no opening time).",
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
        "target_mean_score": "Target mean score",
        "target_satisfied": "Target satisfied share",
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
        "sheet_movers": "Biggest movers",
        "sheet_definitions": "Definitions",
        "definitions_title": "What the KPIs count and how their targets are set",
        "definition": "Definition",
        "target_rule": "Target rule",
        "target_value": "Target parameter",
        "all_platforms": "All platforms",
        "change_pct": "Change %",
        "footer": "Source: the published serving copy (marts). Personal data is masked: no names, phones or e-mails.",
    },
}


MISSING = "—"  # an em dash wherever a value is missing


def format_value(value: float | None, unit: str, lang: str) -> str:
    """A KPI value as a manager reads it: money with thousands separators, shares as percentages."""
    if value is None:
        return MISSING
    if unit == "cny":
        return f"¥{value:,.0f}" if abs(value) >= 1000 else f"¥{value:,.2f}"
    if unit == "count":
        return f"{value:,.0f}"
    if unit == "share":
        return f"{value:.1%}"
    if unit == "points":
        return f"{value:+.1f}"
    return f"{value:.2f}"
