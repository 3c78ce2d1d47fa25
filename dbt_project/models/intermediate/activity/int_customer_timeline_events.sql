{#-
    Every event of a resolved customer that carries its own date: orders, interactions (opened on or
    before as_of), answered survey invitations (sent on or before as_of) and social mentions (posted on or
    before as_of, matched to the person by handle), the events of every account identity stitching merged
    into the person included. No personal data and no free text. Built below the marts from the same
    pieces the marts publish (fct_orders, fct_interactions, fct_survey_responses, fct_social_mentions).
    A view: the rows of customer_timeline, which stores them per customer. Member tier changes are not
    here: they are month-end figures that move with as_of, and the dashboards read them from
    customer_tier_changes beside the stored events.
-#}
{{ config(materialized='view') }}

with

identities as (

    select source_system, source_record_id, resolved_customer_id
    from {{ ref('int_customer_identities_stitched') }}

),

as_of as (

    select as_of_date from {{ ref('int_as_of_date') }}

),

routing as (

    select category, category_zh from {{ ref('complaint_routing') }}

),

comment_scores as (

    select record_id as response_id, sentiment from {{ ref('stg_text__scores') }}
    where record_kind = 'survey_comment'

),

mention_scores as (

    select record_id as mention_id, sentiment, topic from {{ ref('stg_text__scores') }}
    where record_kind = 'mention'

),

orders as (

    select
        identities.resolved_customer_id as customer_id,
        converted.ordered_at as event_at,
        'order' as event_kind,
        converted.order_id as event_id,
        converted.status as detail,
        case converted.status
            when 'paid' then '已支付'
            when 'refunded' then '已退款'
            when 'cancelled' then '已取消'
            else converted.status
        end as detail_zh,
        converted.channel,
        converted.net_amount_cny::double as amount_cny,
        null::integer as score,
        null::varchar as sentiment
    from {{ ref('int_orders_converted') }} as converted
    inner join identities
        on identities.source_system = 'orders'
        and converted.customer_id = identities.source_record_id

),

interactions as (

    select
        resolved.customer_id,
        resolved.opened_at,
        'interaction',
        resolved.interaction_id,
        coalesce(resolved.category, resolved.kind),
        coalesce(routing.category_zh, resolved.kind),
        resolved.channel,
        null::double,
        resolved.satisfaction_score,
        null::varchar
    from {{ ref('int_interactions_resolved') }} as resolved
    cross join as_of
    left join routing
        on resolved.category = routing.category
    where resolved.customer_id is not null
        and resolved.opened_date <= as_of.as_of_date

),

surveys as (

    select
        identities.resolved_customer_id,
        responses.responded_at,
        'survey',
        responses.response_id,
        coalesce({{ nps_group('responses.nps_score') }}, 'answered'),
        case {{ nps_group('responses.nps_score') }}
            when 'promoter' then '推荐者'
            when 'passive' then '被动者'
            when 'detractor' then '贬损者'
            else '已作答'
        end,
        coalesce(responses.channel, 'unknown'),
        null::double,
        responses.nps_score,
        comment_scores.sentiment
    from {{ ref('stg_surveys__responses') }} as responses
    cross join as_of
    inner join identities
        on identities.source_system = 'surveys'
        and responses.response_id = identities.source_record_id
    left join comment_scores
        on responses.response_id = comment_scores.response_id
    where responses.is_responded
        and cast(responses.sent_at as date) <= as_of.as_of_date

),

mentions as (

    select
        identities.resolved_customer_id,
        mentions.posted_at,
        'mention',
        mentions.mention_id,
        coalesce(mention_scores.topic, 'other'),
        case mention_scores.topic
            when 'product_quality' then '产品质量'
            when 'delivery' then '物流配送'
            when 'price' then '价格'
            when 'service_attitude' then '服务态度'
            else '其他'
        end,
        mentions.platform,
        null::double,
        null::integer,
        mention_scores.sentiment
    from {{ ref('stg_social__mentions') }} as mentions
    cross join as_of
    inner join identities
        on identities.source_system = 'social'
        and {{ normalize_handle('mentions.author_handle') }} = identities.source_record_id
    left join mention_scores
        on mentions.mention_id = mention_scores.mention_id
    where cast(mentions.posted_at as date) <= as_of.as_of_date

),

events as (

    select * from orders
    union all
    select * from interactions
    union all
    select * from surveys
    union all
    select * from mentions

)

select * from events
