{#-
    Every event of a resolved customer that carries its own date: orders, interactions (opened on or
    before as_of), answered survey invitations (sent on or before as_of) and social mentions (posted on or
    before as_of, matched to the person by handle), the events of every account identity stitching merged
    into the person included. No personal data and no free text: detail is a code the catalogue of
    definitions names (order status, interaction category or else kind, NPS group, mention topic). Built below the marts from the same
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
        resolved.channel,
        null::double,
        resolved.satisfaction_score,
        null::varchar
    from {{ ref('int_interactions_resolved') }} as resolved
    cross join as_of
    where resolved.customer_id is not null
        and resolved.opened_date <= as_of.as_of_date

),

surveys as (

    select
        identities.resolved_customer_id,
        responses.responded_at,
        'survey',
        responses.response_id,
        coalesce({{ nps_group('responses.nps_score') }}, '(no score)'),
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
