"""Every user-facing string of the dashboards, in English and Chinese.

The language is chosen in the sidebar and kept in ``st.session_state["lang"]``; its default is English
unless the environment variable ``INSIGHT_LANG`` starts with ``zh``. The names of KPIs and of the labels the
marts write (segments, stages, tiers, channels, topics, regions ...) are not here but in the catalogue of
definitions (pipelines/catalogue.py), which value_label reads; other data values are in VALUE_LABELS.
"""

import os
from functools import cache

import pandas as pd
import streamlit as st

from dashboards.formatting import EMPTY
from pipelines import catalogue

LANGUAGES = ("en", "zh")
LANGUAGE_NAMES = {"en": "English", "zh": "中文"}
SESSION_KEY = "lang"

# key: (English, Chinese)
_TEXTS: dict[str, tuple[str, str]] = {
    # App chrome
    "app.title": ("Customer insight", "客户洞察"),
    "app.language": ("Language · 语言", "语言 · Language"),
    "app.published": (
        "Data as of {as_of} · today {today} · published {published_at} · build {build_id}",
        "数据截至 {as_of} · 今天 {today} · 发布于 {published_at} · 构建 {build_id}",
    ),
    "app.stale": (
        "The data is {days} days old: it runs to {as_of}, today is {today} (stale after {limit} days, setting "
        "INSIGHT_STALE_AFTER_DAYS). Recent orders, tickets and mentions are not in these figures yet.",
        "数据已滞后 {days} 天：截至 {as_of}，今天是 {today}（超过 {limit} 天即视为过期，设置项 "
        "INSIGHT_STALE_AFTER_DAYS）。最近的订单、工单和提及尚未计入。",
    ),
    "app.table": ("Show the table", "查看数据表"),
    "app.no_rows": ("Nothing to show for these filters.", "当前筛选条件下没有数据。"),
    "serving.missing": (
        "No published warehouse yet — run `insight build`.",
        "尚未发布数据仓库 — 请运行 `insight build`。",
    ),
    "serving.looked_for": ("Looked for: `{path}`", "查找路径：`{path}`"),
    # Page titles (navigation)
    "page.overview": ("Overview", "概览"),
    "page.customer": ("Customer 360", "客户 360"),
    "page.segments": ("Segments", "客群分析"),
    "page.voice": ("Voice of the customer", "客户之声"),
    "page.service": ("Service", "客户服务"),
    "page.quality": ("Data quality", "数据质量"),
    "page.actions": ("Action lists", "行动清单"),
    "page.report": ("Monthly report", "月度报告"),
    "page.unmask": ("Personal data", "个人信息查阅"),
    # Sign-in, roles and access
    "auth.title": ("Sign in", "登录"),
    "auth.password_intro": (
        "Sign in with the name and password an administrator gave you (`insight users add`).",
        "请使用管理员为您创建的用户名和密码登录（`insight users add`）。",
    ),
    "auth.provider_intro": (
        "Sign in through your organisation's identity provider.",
        "请通过贵机构的统一身份认证登录。",
    ),
    "auth.name": ("Name", "用户名"),
    "auth.password": ("Password", "密码"),
    "auth.sign_in": ("Sign in", "登录"),
    "auth.sign_in_provider": ("Sign in with the identity provider", "通过统一身份认证登录"),
    "auth.sign_out": ("Sign out", "退出登录"),
    "auth.failed": ("Wrong name or password.", "用户名或密码错误。"),
    "auth.locked": (
        "Too many failed sign-ins for this name: try again in {minutes} minutes.",
        "该用户名登录失败次数过多，请 {minutes} 分钟后再试。",
    ),
    "auth.no_role": (
        "{name} has no role in these dashboards: an administrator gives one with "
        "`insight users add {name} --role ... --no-password`.",
        "{name} 尚未被授予本看板的角色：请管理员运行 `insight users add {name} --role ... --no-password`。",
    ),
    "auth.signed_in_as": ("Signed in as **{name}** · {role} · {regions}", "当前用户 **{name}** · {role} · {regions}"),
    "auth.all_regions": ("all regions", "全部区域"),
    "auth.local_demo": (
        "Open demo: there is no user file, so anyone who reaches this address works as the local user "
        "(manager, all regions). `insight users add` turns sign-in on.",
        "开放演示模式：尚无用户文件，任何能访问此地址的人都以本机用户（经理，全部区域）身份使用。"
        "运行 `insight users add` 即启用登录。",
    ),
    "role.viewer": ("viewer", "查看者"),
    "role.analyst": ("analyst", "分析师"),
    "role.manager": ("manager", "经理"),
    "role.privacy_officer": ("privacy officer", "个人信息保护负责人"),
    "access.page_denied": ("Your role does not open this page.", "您的角色无权打开此页面。"),
    "access.company_wide_hidden": (
        "Company-wide figures (KPIs, trends, cohorts, migration, cross-sell, service, voice of the customer) "
        "are not shown: your access is limited to {regions} and those figures carry no region.",
        "全公司口径的指标（KPI、趋势、同期群、客群迁移、交叉销售、客户服务、客户之声）不予显示："
        "您的权限限于 {regions}，而这些指标没有区域维度。",
    ),
    "access.rows_need_analyst": (
        "The answers behind these topics list customers: analysts and above see them.",
        "这些主题背后的答卷涉及具体客户：分析师及以上角色可见。",
    ),
    # Monthly report
    "report.title": ("Monthly KPI report", "月度 KPI 报告"),
    "report.intro": (
        "The month's KPIs against target and last month, trends, complaints, negative topics and spikes, "
        "survey dimensions and segment migration, rendered from the published copy when you download it.",
        "当月各项 KPI 与目标及上月的对比、趋势、投诉、负面话题与峰值、问卷维度和客群迁移；下载时由已发布数据生成。",
    ),
    "report.month": ("Month", "月份"),
    "report.language": ("Report language", "报告语言"),
    "report.download_pdf": ("PDF", "PDF"),
    "report.download_html": ("HTML", "HTML"),
    "report.download_xlsx": ("Excel", "Excel"),
    # Purpose-bound unmasking
    "unmask.title": ("Personal data", "个人信息查阅"),
    "unmask.intro": (
        "Unmask one customer, or the first {limit} customers of one action list, for a stated purpose. The "
        "values are shown once, not stored and not downloadable; the request (who, when, which customers, "
        "why) goes into the audit trail.",
        "为明确的目的查阅一位客户，或一个行动清单前 {limit} 位客户的未脱敏信息。信息只显示一次，不保存、不可下载；"
        "本次查阅（查阅人、时间、客户、目的）记入审计日志。",
    ),
    "unmask.not_published": (
        "No unmasked profile is published (INSIGHT_SHOW_PII is off), so nothing can be unmasked.",
        "未发布未脱敏的客户资料（INSIGHT_SHOW_PII 未开启），无法查阅。",
    ),
    "unmask.what": ("Unmask", "查阅对象"),
    "unmask.mode.customer": ("One customer", "一位客户"),
    "unmask.mode.list": ("One action list", "一个行动清单"),
    "unmask.customer_id": ("Customer id", "客户编号"),
    "unmask.purpose": ("Purpose", "查阅目的"),
    "unmask.submit": ("Unmask and record", "查阅并记录"),
    "unmask.purpose_needed": (
        "State the purpose in at least {characters} characters.",
        "请填写查阅目的（至少 {characters} 个字符）。",
    ),
    "unmask.nothing_asked": ("Name a customer, or pick a list with customers on it.", "请填写客户编号，或选择一个有客户的清单。"),
    "unmask.none_in_scope": (
        "No such customer within your scope; the request is recorded.",
        "在您的权限范围内没有该客户；本次请求已记录。",
    ),
    "unmask.shown_once": (
        "{count} unmasked profiles, shown this once and recorded in the audit trail.",
        "{count} 位客户的未脱敏信息，仅显示这一次，已记入审计日志。",
    ),
    # Audit trail
    "quality.audit_header": ("Audit trail", "审计日志"),
    "quality.audit_scope": (
        "Sign-ins, customer cards opened, downloads and unmask requests; counts and customer ids, never personal "
        "values. Append-only, kept {days} days.",
        "登录、打开客户卡片、下载与个人信息查阅；只记录数量与客户编号，不含个人信息。只追加，保留 {days} 天。",
    ),
    "quality.audit_days": ("Days shown", "显示天数"),
    "quality.audit_intact": ("Every line of the trail is in its chain: nothing edited or removed.", "日志哈希链完整：没有被修改或删除的记录。"),
    "quality.audit_broken": ("The chain is broken in {files}: lines were edited or removed.", "{files} 的哈希链断裂：有记录被修改或删除。"),
    "audit.sign_in": ("Sign-ins", "登录"),
    "audit.sign_in_failed": ("Failed sign-ins", "登录失败"),
    "audit.sign_out": ("Sign-outs", "退出登录"),
    "audit.customer_card": ("Customer cards opened", "打开客户卡片"),
    "audit.list_download": ("Lists downloaded", "下载清单"),
    "audit.report_download": ("Reports downloaded", "下载报告"),
    "audit.unmask": ("Unmask requests", "个人信息查阅"),
    "audit.unmask_refused": ("Unmask requests outside scope", "超出权限的查阅请求"),
    "audit.user_added": ("Users added", "新增用户"),
    "audit.user_removed": ("Users removed", "删除用户"),
    "col.at": ("When", "时间"),
    "col.user": ("User", "用户"),
    "col.role": ("Role", "角色"),
    "col.action": ("Action", "操作"),
    "col.customer_ids": ("Customer ids", "客户编号"),
    "col.purpose": ("Purpose", "目的"),
    "col.birth_date": ("Birthday", "生日"),
    "col.company": ("Company", "公司"),
    "col.all_phones": ("All phones", "全部电话"),
    "col.all_emails": ("All e-mails", "全部邮箱"),
    # Shared filters (sidebar)
    "filter.header": ("Filters", "筛选"),
    "filter.all": ("All", "全部"),
    "filter.months": ("Months", "月份范围"),
    "filter.months_help": (
        "The months the page's figures cover; kept when you switch pages. The month-end figures (KPIs, alerts, "
        "SLA) are those of the last month.",
        "页面数据统计的月份范围，切换页面时保留。月度指标（KPI、预警、SLA）取所选范围的最后一个月。",
    ),
    "filter.segment": ("Service tier", "服务层级"),
    "filter.segment_help": (
        "The service tier the customers' RFM segment rolls up into (each tier's definition is in the catalogue "
        "of definitions); not the RFM segment itself.",
        "客户的 RFM 客群所归入的服务层级（各层级定义见定义目录）；不是 RFM 客群本身。",
    ),
    "filter.channel": ("Channel", "渠道"),
    "filter.channel_help": (
        "On Service the channel a ticket came through; on Voice of the customer the channel a survey was sent "
        "through. A channel one page does not have is kept for the other.",
        "客户服务页为工单来源渠道；客户之声页为问卷发送渠道。某页没有的渠道会保留给另一页使用。",
    ),
    "filter.region": ("Region", "地区"),
    "filter.region_help": ("The customer's region in the CRM.", "客户在 CRM 中登记的地区。"),
    "filter.platform": ("Platform", "平台"),
    "filter.platform_help": ("The social media platform of the mentions.", "社交媒体提及所在的平台。"),
    # Overview
    "overview.title": ("Customer overview", "客户概览"),
    "overview.no_orders": ("The published warehouse has no orders yet.", "已发布的数据仓库中还没有订单。"),
    "overview.kpis_header": ("KPIs of the month", "本月 KPI"),
    "overview.kpis_scope": (
        "{month}, the last month selected: each KPI against its target and the month before; the small chart is "
        "its course over the months selected.",
        "{month}（所选范围的最后一个月）：各 KPI 与目标及上月对比；小图为所选月份内的走势。",
    ),
    "overview.no_kpis": ("No KPIs for this month.", "本月暂无 KPI。"),
    "overview.vs_last_month": ("vs last month", "较上月"),
    "overview.kpi_help": (
        "{definition}\n\n{rule} This month's target: {target}. Last month: {previous}.",
        "{definition}\n\n{rule}本月目标：{target}。上月：{previous}。",
    ),
    "overview.target_status": ("Target {target}: {status}", "目标 {target}：{status}"),
    "overview.alerts_header": ("Alerts", "预警"),
    "overview.alerts_scope": (
        "{month}: missed targets, negative social spikes and SLA breaches.",
        "{month}：未达标 KPI、社交媒体负面激增和 SLA 超时。",
    ),
    "overview.no_alerts": ("No alerts this month.", "本月没有预警。"),
    "overview.alert_missed_title": ("Missed targets", "未达目标"),
    "overview.alert_missed": ("{kpi}: {value} (target {target})", "{kpi}：{value}（目标 {target}）"),
    "overview.alert_spike_title": ("Negative social spikes", "社交媒体负面激增"),
    "overview.alert_spike": (
        "{day} · {platform}: {mentions} negative mentions, {ratio}× the usual, mostly {topic}",
        "{day} · {platform}：负面提及 {mentions} 条，为平时的 {ratio} 倍，主要话题：{topic}",
    ),
    "overview.alert_sla_title": ("SLA breaches", "SLA 超时"),
    "overview.alert_sla_first_response": (
        "No first response within 1 h: {tickets} tickets ({rate} on time)",
        "1 小时内未首次响应：{tickets} 张工单（达标率 {rate}）",
    ),
    "overview.alert_sla_resolution": (
        "Not resolved within 24 h: {tickets} tickets ({rate} on time)",
        "24 小时内未解决：{tickets} 张工单（达标率 {rate}）",
    ),
    "overview.alert_sla_follow_up": (
        "No follow-up call within 24 h: {tickets} resolved complaints ({rate} on time)",
        "24 小时内未回访：{tickets} 条已解决投诉（达标率 {rate}）",
    ),
    "overview.trend_header": ("Revenue and active customers", "营收与活跃客户"),
    "overview.trend_scope": (
        "Per month: net revenue of paid orders and customers with a paid order in the 90 days to the month end.",
        "按月：已付订单净营收；活跃客户为截至月末 90 天内有已付订单的客户。",
    ),
    "overview.totals_header": ("Totals over the months", "所选月份合计"),
    "overview.totals_scope": ("{start} to {end}", "{start} 至 {end}"),
    "overview.segments_header": ("RFM segment mix", "RFM 客群分布"),
    "overview.tiers_header": ("Service tiers", "服务层级"),
    "overview.rfm_caption": (
        "Snapshot as of {as_of}, not filtered by month. Revenue is each customer's paid amount net of refunds "
        "(RFM monetary).",
        "截至 {as_of} 的快照，不受月份筛选影响。收入为客户扣除退款后的已付金额（RFM 消费金额）。",
    ),
    # Headline numbers
    "metric.customers": ("Customers", "客户数"),
    "metric.customers_help": (
        "All customers in the warehouse, whatever the months selected.",
        "数据仓库中的全部客户，不受月份筛选影响。",
    ),
    "metric.buyers": ("Buyers", "购买客户"),
    "metric.buyers_help": (
        "Customers with at least one paid order in the selected months.",
        "所选月份内至少有一笔已付订单的客户。",
    ),
    "metric.revenue": ("Revenue (net, CNY)", "净收入（人民币）"),
    "metric.revenue_help": (
        "Paid orders in the selected months, net of refunds, in CNY.",
        "所选月份已付订单扣除退款后的金额（人民币）。",
    ),
    "metric.paid_orders": ("Paid orders", "已付订单"),
    "metric.paid_orders_help": ("Orders counted as paid in the selected months.", "所选月份内计为已支付的订单数。"),
    "metric.aov": ("Average order value", "客单价"),
    "metric.aov_help": ("Net revenue divided by paid orders.", "净收入除以已付订单数。"),
    # Customer 360
    "customer.title": ("Customer 360", "客户 360 视图"),
    "customer.search": ("Find a customer", "查找客户"),
    "customer.search_placeholder": (
        "Name, phone, e-mail or customer id — empty: the most valuable customers",
        "姓名、手机、邮箱或客户编号 — 留空：价值最高的客户",
    ),
    "customer.search_help": (
        "Only masked personal data is published, so what you type is masked the same way and compared with the "
        "masked values: a full phone number matches its first three and last four digits, four digits match "
        "the last four, an e-mail matches its first letter and domain ('@qq.com' matches the domain), a name "
        "matches the first character of each word (张三 finds 张*), and an id matches the customer id. Several "
        "customers can share a masked form: check the city and the value before acting.",
        "发布的数据只包含脱敏后的个人信息，因此输入内容会按同样规则脱敏后再与脱敏值比对：完整手机号匹配前三位和后四位，"
        "四位数字匹配后四位，邮箱匹配首字母和域名（“@qq.com”匹配域名），姓名匹配每个词的首字（张三 可找到 张*），"
        "编号匹配客户编号。多位客户可能脱敏后相同：请核对城市和价值后再行动。",
    ),
    "customer.no_match": (
        "No customer matches (within the service tier and region filters).",
        "没有匹配的客户（在服务层级和地区筛选范围内）。",
    ),
    "customer.matches": (
        "Matches: {count} (at most {limit}), the most valuable first.",
        "匹配 {count} 位（最多 {limit} 位），按价值从高到低。",
    ),
    "customer.pick": ("Customer", "客户"),
    "customer.matches_header": ("All matches", "全部匹配结果"),
    "customer.social": ("Social media", "社交媒体"),
    "customer.no_social": ("no posts by linked handles", "无关联账号的帖子"),
    "customer.social_line": (
        "{mentions} post(s) · latest {sentiment} · mean sentiment {score}",
        "{mentions} 条帖子 · 最近一条{sentiment} · 平均情感分 {score}",
    ),
    "customer.standing_header": ("Segment, lifecycle, tier and churn risk", "客群、生命周期、会员等级与流失风险"),
    "customer.rfm_line": (
        "RFM scores: R {r} · F {f} · M {m} (5 = best) · {recency} days since the last paid order ({last_order})",
        "RFM 得分：R {r} · F {f} · M {m}（5 为最佳）· 距上次已付订单 {recency} 天（{last_order}）",
    ),
    "customer.churn_risk": ("Churn warning score (rules, 0-100)", "流失预警分（规则，0-100）"),
    "customer.churn_reasons": (
        "Warning rules that fired (their points add up to the score)",
        "触发的预警规则（其分值之和即预警分）",
    ),
    "customer.no_churn_reasons": ("No warning rule fired.", "没有触发任何预警规则。"),
    "customer.churn_probability": (
        "Churn model: probability of no paid order in the next 180 days: **{probability}**",
        "流失模型：未来 180 天无已付订单的概率：**{probability}**",
    ),
    "customer.churn_how_to_read": (
        "How to read them together: the warning score says which changes in behaviour happened lately (fewer "
        "orders, more complaints), the model probability how likely a customer with this whole history is to stop "
        "ordering, so call first those high on both and read the rules where they disagree.",
        "如何结合来看：预警分说明近期发生了哪些行为变化（下单减少、投诉增加），模型概率说明具有这样完整历史的客户"
        "停止下单的可能性；两者都高的客户优先联系，两者不一致时请看触发的规则。",
    ),
    "customer.timeline_header": ("Timeline", "时间线"),
    "customer.timeline_scope": (
        "Latest 200 events of the person, across every account merged into them: orders (bigger = more "
        "revenue), service interactions, answered surveys, social mentions by their linked handles and "
        "member tier changes.",
        "此人（含合并的所有账号）最近 200 条事件：订单（越大金额越高）、服务互动、已作答问卷、关联社交账号的提及和"
        "会员等级变化。",
    ),
    "customer.no_events": ("No events for this customer.", "该客户暂无事件。"),
    # Segments
    "segments.title": ("Segments", "客群分析"),
    "segments.customer_scope": (
        "As of {as_of}; follows the service tier and region filters.",
        "截至 {as_of}；受服务层级和地区筛选影响。",
    ),
    "segments.sizes_header": ("RFM segment sizes and value", "RFM 客群规模与价值"),
    "segments.migration_header": ("Segment migration", "客群迁移"),
    "segments.migration_scope": (
        "Where the customers of each segment at the first month end were at the second (service tier filter: "
        "customers who started in its segments; not by region).",
        "第一个月末各客群的客户在第二个月末所处的客群（服务层级筛选：起始客群属于该层级的客户；不按地区筛选）。",
    ),
    "segments.from_month": ("From the end of", "起始月末"),
    "segments.to_month": ("To the end of", "结束月末"),
    "segments.from_segment": ("From segment", "原客群"),
    "segments.to_segment": ("To segment", "新客群"),
    "segments.matrix": ("Show as a matrix", "以矩阵查看"),
    "segments.lifecycle_header": ("Lifecycle stages", "生命周期阶段"),
    "segments.active_customers_line": (
        "{kpi} as of the as-of date: {stages} = {customers} (the overview's KPI for the as-of month, without filters).",
        "截至数据日的{kpi}：{stages} = {customers}（无筛选时即概览页数据截止月的 KPI）。",
    ),
    "segments.transitions_scope": (
        "Existing customers moving into each stage per month, over the months selected (all customers).",
        "所选月份内每月进入各阶段的老客户数（全部客户）。",
    ),
    "segments.cohorts_header": ("Cohort retention", "同期群留存"),
    "segments.cohorts_scope": (
        "Cohorts starting in the months selected (all customers); the number beside each cohort is its size.",
        "所选月份内开始的同期群（全部客户）；同期群旁的数字为其人数。",
    ),
    "segments.cohort_basis": ("Cohort by", "同期群依据"),
    "segments.basis.first_order": ("First order month", "首单月份"),
    "segments.basis.signup": ("Signup month", "注册月份"),
    "segments.cohort_measure": ("Share", "比例"),
    "segments.months_since": ("Months since", "间隔月数"),
    "segments.tiers_header": ("Member tier movements", "会员等级变动"),
    "segments.tiers_scope": (
        "Upgrades and downgrades per month selected, for the customers now in the service tier and region.",
        "所选月份内每月的升级与降级，按当前服务层级和地区筛选。",
    ),
    "segments.cross_sell_header": ("Cross-sell pairs", "交叉销售组合"),
    "segments.cross_sell_scope": (
        "Lift of buying the column's category within 30 days of the row's (above 1: bought together more "
        "often than by chance); all customers, as of the last build.",
        "在购买行类目后 30 天内购买列类目的提升度（大于 1：比随机更常一起购买）；全部客户。",
    ),
    "segments.lift_hover": ("%{y} → %{x}: lift %{z:.2f}", "%{y} → %{x}：提升度 %{z:.2f}"),
    # Voice of the customer
    "voice.title": ("Voice of the customer", "客户之声"),
    "voice.surveys_header": ("NPS and CSAT", "NPS 与 CSAT"),
    "voice.surveys_scope": (
        "By month the survey was sent; follows the channel and service tier filters.",
        "按问卷发送月份；受渠道和服务层级筛选影响。",
    ),
    "voice.by_channel": ("NPS by channel", "各渠道 NPS"),
    "voice.by_segment": ("NPS by service tier", "各服务层级 NPS"),
    "voice.dimensions_header": ("Scores by dimension", "各维度评分"),
    "voice.dimensions_scope": (
        "Mean score 1-5 per month; all channels and segments.",
        "每月平均分（1-5）；全部渠道和客群。",
    ),
    "voice.below_target": ("Below target in the last month: {dimensions}", "最近一个月未达目标的维度：{dimensions}"),
    "voice.low_scores_header": ("Low scores", "低分反馈"),
    "voice.low_scores_scope": (
        "Detractors (NPS 0-6) and CSAT 1-2 per topic of their comment; follows the channel and service tier filters.",
        "贬损者（NPS 0-6）及 CSAT 1-2 分反馈按评论话题统计；受渠道和服务层级筛选影响。",
    ),
    "voice.low_scores_table": ("Latest {limit} low scores", "最近 {limit} 条低分反馈"),
    "voice.social_header": ("Social volume and sentiment", "社交媒体声量与情感"),
    "voice.social_scope": (
        "Mentions per month and platform; follows the platform filter.",
        "按月和平台统计提及量；受平台筛选影响。",
    ),
    "voice.topics_header": ("Topics and keywords", "话题与关键词"),
    "voice.topics_scope": (
        "Sentiment per topic and the top keywords in Chinese and English over the months selected, all " "platforms.",
        "所选月份内各话题的情感分布，以及中英文热门关键词；全部平台。",
    ),
    "voice.keywords_zh": ("Chinese keywords", "中文关键词"),
    "voice.keywords_en": ("English keywords", "英文关键词"),
    "voice.spikes_header": ("Negative spikes", "负面激增"),
    "voice.spikes_scope": (
        "Negative mentions per day; a triangle marks a day far above its usual level. Follows the platform "
        "filter (All: spikes over all platforms together).",
        "每日负面提及数；三角形标出远高于平时水平的日期。受平台筛选影响（全部：所有平台合计的激增）。",
    ),
    "voice.spike": ("Spike", "激增"),
    "voice.no_spikes": ("No negative spikes in these months.", "所选月份内没有负面激增。"),
    "voice.spike_day": ("Spike day", "激增日期"),
    "voice.spike_option": ("{day} · {mentions} negative mentions", "{day} · 负面提及 {mentions} 条"),
    "voice.examples_caption": (
        "The most engaged negative posts of the day. The serving copy carries each post's topic, keywords and "
        "score, not its text or author.",
        "当天互动最多的负面帖子。服务数据只包含帖子的话题、关键词和情感分，不含正文和作者。",
    ),
    # Service
    "service.title": ("Service", "客户服务"),
    "service.sla_header": ("SLA attainment", "SLA 达标率"),
    "service.sla_scope": (
        "Tickets by month opened; follows the channel filter. The figures are those of {month}; dashed lines "
        "are the targets.",
        "按工单创建月份；受渠道筛选影响。指标卡为 {month} 的数据；虚线为目标。",
    ),
    "service.first_response": ("First response within 1 h", "1 小时内首次响应"),
    "service.resolution": ("Resolved within 24 h", "24 小时内解决"),
    "service.follow_up": ("Follow-up call within 24 h", "24 小时内回访"),
    "service.sources_header": ("By source", "按数据源"),
    "service.sources_scope": (
        "Several systems send tickets: each one's tickets and SLA over the selected months and channel.",
        "工单来自多个系统：各系统在所选月份和渠道内的工单量与服务达标情况。",
    ),
    "service.sla_unknown": (
        "Not in the rates: {first_response} ticket(s) with an unknown first response and {resolution} with an "
        "unknown resolution (their source records no such time, or the ticket no opening time).",
        "未计入达标率：{first_response} 张工单的首次响应情况未知、{resolution} 张的解决情况未知"
        "（其来源系统未记录该时间，或工单无创建时间）。",
    ),
    "service.sla_help": ("{breaches} tickets missed it · target {target}", "{breaches} 张工单未达标 · 目标 {target}"),
    "service.backlog_header": ("Backlog and ageing", "积压与账龄"),
    "service.backlog_scope": (
        "Open tickets as of {as_of} by the department they are routed to; all channels.",
        "截至 {as_of} 的未结工单，按分派部门统计；全部渠道。",
    ),
    "service.no_backlog": ("No open tickets.", "没有未结工单。"),
    "service.age.1": ("Under 1 day", "不足 1 天"),
    "service.age.2": ("1-3 days", "1-3 天"),
    "service.age.3": ("3-7 days", "3-7 天"),
    "service.age.4": ("7-30 days", "7-30 天"),
    "service.age.5": ("30 days or more", "30 天及以上"),
    "service.complaints_header": ("Complaints by category and department", "按类别和部门统计的投诉"),
    "service.complaints_scope": (
        "Complaints opened in the months selected, coloured by the department their category is routed to; all "
        "channels.",
        "所选月份内创建的投诉，颜色表示其类别分派的部门；全部渠道。",
    ),
    "service.requirements_header": ("Requirement resolution", "需求解决情况"),
    "service.requirements_scope": (
        "Requirement tickets by month opened and the share resolved; follows the channel filter.",
        "按创建月份统计的需求工单及解决比例；受渠道筛选影响。",
    ),
    # Data quality
    "quality.title": ("Data quality", "数据质量"),
    "quality.source": ("Source", "数据源"),
    "quality.source_help": (
        "The landing source to show; checks on marts show with All.",
        "要查看的落地数据源；数仓模型的检查在选择“全部”时显示。",
    ),
    "quality.checks_header": ("Latest checks", "最新检查"),
    "quality.checks_scope": (
        "The latest outcome of every Great Expectations expectation, failures first.",
        "每条 Great Expectations 校验的最新结果，失败的排在前面。",
    ),
    "quality.no_checks": ("No checks recorded yet.", "尚无检查记录。"),
    "quality.passed": ("Passed", "通过"),
    "quality.failed": ("Failed", "失败"),
    "quality.expectations": ("Expectations", "校验项"),
    "quality.all_passed": ("Every check passed.", "全部检查通过。"),
    "quality.some_failed": ("{count} checks failed: see the table.", "{count} 项检查失败：见数据表。"),
    "quality.quarantine_header": ("Quarantined rows", "隔离数据行"),
    "quality.quarantine_scope": (
        "Rows that broke their source's contract, kept in quarantine with the reason, over every load.",
        "违反数据源约定、连同原因一起被隔离的数据行（全部加载）。",
    ),
    "quality.nothing_quarantined": ("Nothing was quarantined.", "没有被隔离的数据。"),
    "quality.freshness_header": ("Freshness", "新鲜度"),
    "quality.freshness_scope": ("When each source table last received rows.", "各数据表最近一次收到数据的时间。"),
    "quality.all_fresh": (
        "Every source received rows within its window, and the data runs to {as_of}.",
        "所有数据源都在时限内收到了数据，数据截至 {as_of}。",
    ),
    "quality.loads_fresh_data_old": (
        "The data runs only to {as_of}, {days} days before today, whenever its files were loaded.",
        "无论文件何时载入，数据只到 {as_of}，比今天早 {days} 天。",
    ),
    "quality.stale": ("Stale: {tables}", "数据过期：{tables}"),
    "quality.linking_header": ("Contacts linked to customers", "互动与客户的关联"),
    "quality.linking_scope": (
        "Calls, chats and e-mailed surveys often arrive without a customer id; identity stitching links them to "
        "a customer through the phone number or e-mail. What stays unlinked comes from people without a CRM "
        "account (prospects, strangers) or without any contact detail.",
        "电话、在线客服和邮件问卷常常不带客户编号；身份识别会通过手机号或邮箱把它们关联到客户。仍未关联的来自没有 CRM "
        "账户的人（潜在客户、陌生人）或没有任何联系方式的记录。",
    ),
    "quality.linking_line": (
        "{table}: {missing} of {records} records arrived without a customer id; {linked} ({share}) are linked to "
        "a customer with a CRM account.",
        "{table}：{records} 条记录中 {missing} 条不带客户编号；{linked} 条（{share}）已关联到有 CRM 账户的客户。",
    ),
    "quality.without_customer_id": ("Without a customer id in the source", "源数据无客户编号"),
    "quality.linked": ("Linked to a CRM customer", "已关联 CRM 客户"),
    "quality.linked_share": ("Share linked", "关联比例"),
    "quality.calibration_header": ("Churn model calibration", "流失模型校准"),
    "quality.calibration_scope": (
        "The churn model checked on month end {holdout}, whose outcome is known: customers in ten equal groups by "
        "predicted probability (1 = lowest). Where the line meets the bars, a predicted 30 % means about 30 in 100 "
        "such customers did not order again within 180 days.",
        "在结果已知的月末 {holdout} 检验流失模型：按预测概率把客户分为十个等量组（1 = 最低）。折线与柱子重合时，"
        "预测 30 % 即约有 100 位此类客户中的 30 位在 180 天内未再下单。",
    ),
    "quality.no_calibration": (
        "The churn model has not been trained yet (too little order history).",
        "流失模型尚未训练（订单历史不足）。",
    ),
    "quality.decile": ("Decile of predicted probability", "预测概率十分位"),
    "quality.mean_predicted": ("Mean predicted churn probability", "平均预测流失概率"),
    "quality.observed_rate": ("Observed churn rate", "实际流失率"),
    "quality.churn_rate": ("Churn within 180 days", "180 天内流失"),
    "quality.calibration_gap": ("Observed minus predicted", "实际减预测"),
    "quality.completeness_header": ("Completeness", "完整性"),
    "quality.completeness_scope": (
        "Share of records missing a key field (contact details, the customer id).",
        "缺少关键字段（联系方式、客户编号）的记录比例。",
    ),
    # Action lists
    "actions.title": ("Action lists", "行动清单"),
    "actions.list": ("List", "清单"),
    "actions.customers": ("Customers on the list", "清单客户数"),
    "actions.no_threshold": ("No limit", "不限"),
    "actions.empty": ("Nobody is on this list with these filters.", "当前筛选条件下清单为空。"),
    "actions.first_rows": (
        "Showing the first {shown} of {total}; the downloads hold all of them.",
        "显示前 {shown} 位，共 {total} 位；下载文件包含全部。",
    ),
    "actions.download_csv": ("Download CSV", "下载 CSV"),
    "actions.download_xlsx": ("Download XLSX", "下载 XLSX"),
    "actions.at_risk.title": ("Churn-risk follow-up", "流失风险跟进"),
    "actions.at_risk.description": (
        "Follow-up calls for the week of {week} (the week of the data's as-of date): customers whose churn warning "
        "score reached the list's threshold, highest score first and, at equal scores, highest churn model "
        "probability first. The score reacts to recent change, so customers of any RFM segment can be on it (a "
        "Loyal customer whose orders drop). Personal data masked.",
        "{week} 当周（数据截止日所在周）的跟进名单：流失预警分达到清单门槛的客户，按预警分从高到低、同分按流失模型"
        "概率从高到低排列。预警分反映近期变化，因此任何 RFM 客群的客户都可能在名单上（例如下单减少的忠诚客户）。"
        "个人信息已脱敏。",
    ),
    "actions.at_risk.threshold": ("Minimum churn warning score", "最低流失预警分"),
    "actions.winback.title": ("Win-back (sleeping 6 months)", "沉睡 6 个月召回"),
    "actions.winback.description": (
        "Customers without a paid order for six months or more, the highest predicted value first. Personal "
        "data masked.",
        "六个月及以上没有已付订单的客户，按预测价值从高到低。个人信息已脱敏。",
    ),
    "actions.winback.threshold": ("Minimum days since the last order", "距上次下单最少天数"),
    "actions.vip_upgrade.title": ("VIP upgrade candidates", "VIP 升级候选"),
    "actions.vip_upgrade.description": (
        "Customers close to the next member tier: the spend and orders still needed. Personal data masked.",
        "接近下一会员等级的客户：还需的消费额和订单数。个人信息已脱敏。",
    ),
    "actions.vip_upgrade.threshold": ("Maximum spend still needed (¥)", "最多还需消费（¥）"),
    "actions.high_value_uncontacted.title": ("High value, not contacted", "高价值未联系"),
    "actions.high_value_uncontacted.description": (
        "High-value customers with no interaction or survey in the last 30 days, or never. Personal data masked.",
        "近 30 天（或从未）没有互动或问卷的高价值客户。个人信息已脱敏。",
    ),
    "actions.high_value_uncontacted.threshold": ("Minimum days without contact", "最少未联系天数"),
    "actions.birthdays.title": ("Birthdays in the as-of month", "数据截止月生日"),
    "actions.birthdays.description": (
        "Customers whose birthday is in {month} (the month of the data's as-of date), for a greeting or an offer. "
        "Only the day is shown; personal data masked.",
        "生日在 {month}（数据截止日所在月）的客户，用于祝福或优惠。仅显示日期；个人信息已脱敏。",
    ),
    "actions.birthdays.threshold": ("Minimum lifetime revenue (¥)", "最低累计消费（¥）"),
    # Column and axis labels
    "col.month": ("Month", "月份"),
    "col.revenue": ("Revenue (net, ¥)", "净收入（¥）"),
    "col.paid_orders": ("Paid orders", "已付订单"),
    "col.active_customers": ("Active customers", "活跃客户"),
    "col.aov": ("Average order value (¥)", "客单价（¥）"),
    "col.segment": ("RFM segment", "RFM 客群"),
    "col.service_tier": ("Service tier", "服务层级"),
    "col.customers": ("Customers", "客户数"),
    "col.customer_share": ("Share of customers", "客户占比"),
    "col.revenue_share": ("Share of revenue", "收入占比"),
    "col.customer_id": ("Customer id", "客户编号"),
    "col.name": ("Name (masked)", "姓名（脱敏）"),
    "col.name_masked": ("Name (masked)", "姓名（脱敏）"),
    "col.phone": ("Phone (masked)", "手机（脱敏）"),
    "col.phone_masked": ("Phone (masked)", "手机（脱敏）"),
    "col.email": ("E-mail (masked)", "邮箱（脱敏）"),
    "col.email_masked": ("E-mail (masked)", "邮箱（脱敏）"),
    "col.gender": ("Gender", "性别"),
    "col.city": ("City", "城市"),
    "col.region": ("Region", "地区"),
    "col.industry": ("Industry", "行业"),
    "col.signup_at": ("Signed up", "注册时间"),
    "col.last_contact_at": ("Last contact", "最近联系"),
    "col.last_contact_channel": ("Last contact channel", "最近联系渠道"),
    "col.days_since_last_contact": ("Days since contact", "未联系天数"),
    "col.open_tickets": ("Open tickets", "未结工单"),
    "col.complaints_90d": ("Complaints (90 days)", "近 90 天投诉"),
    "col.latest_nps": ("Latest NPS", "最近 NPS"),
    "col.latest_csat": ("Latest CSAT", "最近 CSAT"),
    "col.lifetime_revenue": ("Lifetime revenue (¥)", "累计消费（¥）"),
    "col.lifetime_orders": ("Paid orders", "已付订单"),
    "col.revenue_12m": ("Revenue, 12 months (¥)", "近 12 个月消费（¥）"),
    "col.net_revenue_12m": ("Spend, 12 months (¥)", "近 12 个月消费（¥）"),
    "col.paid_orders_12m": ("Orders, 12 months", "近 12 个月订单"),
    "col.predicted_clv_12m": ("Predicted CLV, 12 months (¥)", "预测 12 个月 CLV（¥）"),
    "col.predicted_clv_12m_help": (
        "Net spend expected over the next 12 months (BG/NBD with Gamma-Gamma).",
        "预计未来 12 个月的净消费（BG/NBD 与 Gamma-Gamma 模型）。",
    ),
    "col.probability_alive": ("Value model: probability still a customer", "价值模型：仍为客户的概率"),
    "col.probability_alive_help": (
        "From the purchase-pattern model (BG/NBD) behind the predicted 12-month value, not from the churn model: it "
        "weighs the time since the last order against the customer's usual pace over their whole history.",
        "来自预测 12 个月价值的购买模式模型（BG/NBD），不是流失模型：它把距上次下单的时间与客户一贯的购买节奏相比较。",
    ),
    "col.lifecycle_stage": ("Lifecycle stage", "生命周期阶段"),
    "col.member_tier": ("Member tier", "会员等级"),
    "col.next_member_tier": ("Next tier", "下一等级"),
    "col.spend_needed_cny": ("Spend still needed (¥)", "还需消费（¥）"),
    "col.orders_needed": ("Orders still needed", "还需订单"),
    "col.churn_risk_score": ("Churn warning score", "流失预警分"),
    "col.churn_risk_reasons": ("Reasons", "原因"),
    "col.churn_probability": ("Churn model probability", "流失模型概率"),
    "col.last_order_at": ("Last order", "最近下单"),
    "col.follow_up_week": ("Follow-up week", "跟进周"),
    "col.recency_days": ("Days since last order", "距上次下单天数"),
    "col.favourite_category": ("Favourite category", "偏好品类"),
    "col.birthday_month": ("Birthday month", "生日月份"),
    "col.birthday_day": ("Birthday", "生日"),
    "col.avg_recency_days": ("Mean days since last order", "平均距上次下单天数"),
    "col.avg_orders": ("Mean paid orders", "平均已付订单"),
    "col.event_at": ("When", "时间"),
    "col.event_kind": ("Event", "事件"),
    "col.detail": ("Detail", "详情"),
    "col.channel": ("Channel", "渠道"),
    "col.amount": ("Amount (¥)", "金额（¥）"),
    "col.score": ("Score", "评分"),
    "col.to_stage": ("Moved into", "进入阶段"),
    "col.cohort_month": ("Cohort", "同期群"),
    "col.cohort_customers": ("Cohort size", "同期群人数"),
    "col.ordering_share": ("Ordered in the month", "当月下单比例"),
    "col.active_share": ("Active at the month end", "月末活跃比例"),
    "col.tier_change": ("Change", "变动"),
    "col.from_member_tier": ("From tier", "原等级"),
    "col.to_member_tier": ("To tier", "新等级"),
    "col.antecedent": ("Bought first", "先购类目"),
    "col.consequent": ("Then bought", "后购类目"),
    "col.support": ("Support", "支持度"),
    "col.confidence": ("Confidence", "置信度"),
    "col.lift": ("Lift", "提升度"),
    "col.invitations_sent": ("Invitations", "发送问卷"),
    "col.responses": ("Responses", "回复数"),
    "col.response_rate": ("Response rate", "回复率"),
    "col.nps": ("NPS", "NPS"),
    "col.csat": ("CSAT", "CSAT"),
    "col.csat_mean": ("CSAT (mean 1-5)", "CSAT（1-5 均值）"),
    "col.csat_satisfied_share": ("Satisfied (4-5)", "满意（4-5 分）"),
    "col.dimension": ("Dimension", "维度"),
    "col.mean_score": ("Mean score (1-5)", "平均分（1-5）"),
    "col.target": ("Target", "目标"),
    "col.is_below_target": ("Below target", "未达目标"),
    "col.responded_at": ("Answered", "回复时间"),
    "col.score_product_quality": ("Product quality", "产品质量"),
    "col.score_service_response": ("Service response", "服务响应"),
    "col.score_communication": ("Communication", "沟通效率"),
    "col.topic": ("Topic", "话题"),
    "col.sentiment": ("Sentiment", "情感"),
    "col.sentiment_score": ("Sentiment score (-1..1)", "情感分（-1..1）"),
    "col.keywords": ("Keywords", "关键词"),
    "col.platform": ("Platform", "平台"),
    "col.mentions": ("Mentions", "提及数"),
    "col.positive_mentions": ("Positive", "正面"),
    "col.neutral_mentions": ("Neutral", "中性"),
    "col.negative_mentions": ("Negative mentions", "负面提及"),
    "col.negative_share": ("Negative share", "负面占比"),
    "col.engagements": ("Engagements", "互动量"),
    "col.posted_at": ("Posted", "发布时间"),
    "col.language": ("Language", "语言"),
    "col.tickets": ("Tickets", "工单数"),
    "col.first_response_breaches": ("Missed 1 h response", "1 小时响应超时"),
    "col.first_response_sla_unknown": ("First response unknown", "首次响应未知"),
    "col.source_system": ("Source", "数据源"),
    "col.resolution_sla_unknown": ("Resolution unknown", "解决情况未知"),
    "col.resolution_breaches": ("Missed 24 h resolution", "24 小时解决超时"),
    "col.follow_up_breaches": ("Missed follow-up", "回访超时"),
    "col.median_first_response_minutes": ("Median first response (min)", "首次响应中位数（分钟）"),
    "col.median_resolution_hours": ("Median resolution (h)", "解决时长中位数（小时）"),
    "col.resolution_rate": ("Resolved", "解决率"),
    "col.reopen_rate": ("Reopened", "重开率"),
    "col.mean_satisfaction": ("Satisfaction (1-5)", "满意度（1-5）"),
    "col.department": ("Department", "部门"),
    "col.age": ("Age", "账龄"),
    "col.oldest_age_days": ("Oldest (days)", "最久（天）"),
    "col.category": ("Category", "类别"),
    "col.complaints": ("Complaints", "投诉数"),
    "col.reopened": ("Reopened", "重开"),
    "col.misrouted": ("Misrouted", "分派错误"),
    "col.negative_texts": ("Negative texts", "负面文本"),
    "col.asset": ("Asset", "资产"),
    "col.expectation": ("Expectation", "校验项"),
    "col.column": ("Column", "字段"),
    "col.observed": ("Observed", "观测值"),
    "col.rows": ("Rows", "行数"),
    "col.unexpected": ("Unexpected", "异常行"),
    "col.checked_at": ("Checked", "检查时间"),
    "col.source_table": ("Source table", "数据表"),
    "col.reason_kind": ("Kind of reason", "原因类别"),
    "col.reason": ("Reason", "原因"),
    "col.rows_read": ("Rows read", "读取行数"),
    "col.rows_loaded": ("Rows loaded", "加载行数"),
    "col.rows_quarantined": ("Rows quarantined", "隔离行数"),
    "col.files": ("Files", "文件数"),
    "col.last_loaded_at": ("Last loaded", "最近加载"),
    "col.days_since_last_load": ("Days since", "距今天数"),
    "col.freshness_warn_days": ("Stale after (days)", "过期阈值（天）"),
    "col.is_stale": ("Stale", "已过期"),
    "col.missing": ("Missing", "缺失"),
    "col.missing_share": ("Share missing", "缺失比例"),
    "col.quarantine_share": ("Share of rows quarantined", "隔离行占比"),
}

STRINGS: dict[str, dict[str, str]] = {key: dict(zip(LANGUAGES, texts, strict=True)) for key, texts in _TEXTS.items()}

# Data values that arrive in one language only, keyed by the value as the marts write it: (English, Chinese).
# A value missing here shows as it is.
# Data values that are no label of the catalogue of definitions (pipelines/catalogue.py: segments, stages,
# tiers, channels, topics, regions, cities ... live there), keyed by the value as the marts write it:
# (English, Chinese).
_VALUES: dict[str, tuple[str, str]] = {
    "all": ("All", "全部"),  # the roll-up marts' total over a dimension
    "no comment": ("No comment", "无评论"),
    "zh": ("Chinese", "中文"),
    "en": ("English", "英文"),
    # timeline events
    "order": ("Order", "订单"),
    "interaction": ("Interaction", "服务互动"),
    "survey": ("Survey", "问卷"),
    "tier": ("Member tier", "会员等级"),
    "mention": ("Social mention", "社交提及"),
    "sent": ("Survey sent", "已发送问卷"),
    "latest mention": ("Latest social mention", "最近社交媒体提及"),
    # reasons for quarantine (the data sources are named by the catalogue: concept source_system)
    "missing key": ("Missing key", "缺少主键"),
    "wrong type": ("Wrong type", "类型错误"),
    "out of range": ("Out of range", "超出范围"),
    "future date": ("Future date", "未来日期"),
    "unknown value": ("Unknown value", "未知取值"),
    "duplicate key in file": ("Duplicate key in file", "文件内主键重复"),
}

VALUE_LABELS: dict[str, dict[str, str]] = {
    value: dict(zip(LANGUAGES, texts, strict=True)) for value, texts in _VALUES.items()
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


@cache
def _shared_catalogue_name(code: str, lang: str) -> str | None:
    """The catalogue's name of ``code`` when every concept that has the code names it alike, else None."""
    names = {entry.name(lang) for (_, entry_code), entry in catalogue.entries().items() if entry_code == code}
    return names.pop() if len(names) == 1 else None


def value_label(value: object, lang: str | None = None, concept: str | None = None) -> str:
    """A data value in ``lang`` (default: the session's language): a code of ``concept`` by its name in
    the catalogue of definitions ('at risk' as a lifecycle stage -> 'Lapsing (91-180 days)'), another
    value through VALUE_LABELS or, when all its catalogue entries agree, the catalogue ('wechat' -> '微信');
    a value without a label shows as it is, in English as words: 'quality_control' -> 'Quality control'.
    A missing value is its concept's missing code (no RFM segment: 'No order yet'), else an em dash."""
    lang = lang or current_lang()
    if not isinstance(value, str) and pd.isna(value):
        missing = catalogue.MISSING_CODES.get(concept or "")
        return catalogue.label(concept, missing, lang) if missing else EMPTY
    text = str(value)
    named = catalogue.label(concept, text, lang) if concept else None
    if named is None and text in VALUE_LABELS:
        named = VALUE_LABELS[text][lang]
    if named is None:
        named = _shared_catalogue_name(text, lang)
    if named is not None:
        return named
    return text.replace("_", " ").capitalize() if lang == "en" and text.isascii() and text.islower() else text


def column_value_label(column: str, value: object, lang: str | None = None) -> str:
    """A value of the mart column ``column`` in ``lang``, named through the concept the column holds."""
    return value_label(value, lang, catalogue.concept_of(column))


def column_value_labels(column: str, value: object, lang: str | None = None) -> list[str]:
    """The names of the codes a list column (a customer's churn rules or tags) holds, in ``lang``."""
    concept = catalogue.list_concept_of(column)
    return [value_label(code, lang, concept) for code in catalogue.split_codes(value)]


def joined_labels(labels: list[str], lang: str | None = None) -> str:
    """Several names in one cell: 'a; b' in English, 'a；b' in Chinese; an em dash for none."""
    return ("；" if (lang or current_lang()) == "zh" else "; ").join(labels) or EMPTY


def detail_label(event_kind: str, code: object, lang: str | None = None) -> str:
    """A timeline event's detail code named by the concept its event kind gives it (an order's status, an
    interaction's category or kind, a survey's NPS group, a mention's topic, a tier's member tier)."""
    if not isinstance(code, str) and pd.isna(code):
        return value_label(code, lang, catalogue.TIMELINE_DETAIL_CONCEPTS.get(event_kind, ("",))[0])
    found = catalogue.detail_entry(event_kind, code)
    return found.name(lang or current_lang()) if found else value_label(code, lang)


def definition(concept: str, code: object, lang: str | None = None) -> str:
    """The catalogue's one-sentence definition of ``code`` in ``concept``; empty when it has none."""
    entry = catalogue.entry(concept, code)
    return entry.definition(lang or current_lang()) if entry else ""
