{#-
    Every dated event of a resolved customer: orders, interactions, survey responses, social mentions
    (matched to the person by handle) and member tier changes, the events of every account identity
    stitching merged into the person included. No personal data and no free text. A view: the rows of
    customer_timeline, which stores them per customer (int_customer_timeline_fingerprints says whose
    changed).
-#}
{{ config(materialized='view') }}

with

identities as (

    select source_system, source_record_id, resolved_customer_id
    from {{ ref('int_customer_identities_stitched') }}

),

orders as (

    select
        identities.resolved_customer_id as customer_id,
        fct_orders.ordered_at as event_at,
        'order' as event_kind,
        fct_orders.order_id as event_id,
        fct_orders.status as detail,
        case fct_orders.status
            when 'paid' then '已支付'
            when 'refunded' then '已退款'
            when 'cancelled' then '已取消'
            else fct_orders.status
        end as detail_zh,
        fct_orders.channel,
        fct_orders.net_amount_cny::double as amount_cny,
        null::integer as score,
        null::varchar as sentiment
    from {{ ref('fct_orders') }} as fct_orders
    inner join identities
        on identities.source_system = 'orders'
        and fct_orders.customer_id = identities.source_record_id

),

interactions as (

    select
        identities.resolved_customer_id,
        fct_interactions.opened_at,
        'interaction',
        fct_interactions.interaction_id,
        coalesce(fct_interactions.category, fct_interactions.kind),
        coalesce(fct_interactions.category_zh, fct_interactions.kind),
        fct_interactions.channel,
        null::double,
        fct_interactions.satisfaction_score,
        null::varchar
    from {{ ref('fct_interactions') }} as fct_interactions
    inner join identities
        on identities.source_system = 'interactions'
        and fct_interactions.interaction_id = identities.source_record_id

),

surveys as (

    select
        customer_id,
        responded_at,
        'survey',
        response_id,
        coalesce(nps_group, 'answered'),
        case nps_group
            when 'promoter' then '推荐者'
            when 'passive' then '被动者'
            when 'detractor' then '贬损者'
            else '已作答'
        end,
        channel,
        null::double,
        nps_score,
        comment_sentiment
    from {{ ref('fct_survey_responses') }}
    where is_responded and customer_id is not null

),

mention_authors as (

    select mention_id, {{ normalize_handle('author_handle') }} as author_handle
    from {{ ref('stg_social__mentions') }}

),

mentions as (

    select
        identities.resolved_customer_id,
        fct_social_mentions.posted_at,
        'mention',
        fct_social_mentions.mention_id,
        coalesce(fct_social_mentions.topic, 'other'),
        case fct_social_mentions.topic
            when 'product_quality' then '产品质量'
            when 'delivery' then '物流配送'
            when 'price' then '价格'
            when 'service_attitude' then '服务态度'
            else '其他'
        end,
        fct_social_mentions.platform,
        null::double,
        null::integer,
        fct_social_mentions.sentiment
    from {{ ref('fct_social_mentions') }} as fct_social_mentions
    inner join mention_authors
        on fct_social_mentions.mention_id = mention_authors.mention_id
    inner join identities
        on identities.source_system = 'social'
        and mention_authors.author_handle = identities.source_record_id

),

tier_changes as (

    select
        customer_id,
        snapshot_date::timestamp,
        'tier',
        customer_id || ':' || strftime(month_start, '%Y-%m'),
        coalesce(from_member_tier, '-') || ' → ' || coalesce(to_member_tier, '-'),
        coalesce(from_member_tier_zh, '-') || ' → ' || coalesce(to_member_tier_zh, '-'),
        null::varchar,
        net_revenue_12m::double,
        null::integer,
        null::varchar
    from {{ ref('customer_tier_changes') }}

),

events as (

    select * from orders
    union all
    select * from interactions
    union all
    select * from surveys
    union all
    select * from mentions
    union all
    select * from tier_changes

)

select * from events
