{#-
    One row per resolved customer (identity stitching: a person's CRM accounts, order accounts,
    interactions, survey responses and social handles are one customer) who has a CRM account, keyed by
    their first CRM account's customer_id. Everything as of int_as_of_date: later orders, interactions,
    responses and mentions are ignored.
    Profile from the first CRM account, a missing phone or e-mail filled from the person's other accounts;
    personal data is masked here and the unmasked profile lives in restricted.customer_profile_unmasked.
    Order figures count paid orders only (a partly refunded order is paid) with revenue net of refunds;
    the lifetime figures and favourites come from int_customer_order_stats (incremental per customer),
    the trailing-12-month ones are counted here because their window moves with as_of.
    Written sorted by customer_id, so the dashboards' profile lookup skips the other row groups by their
    min/max instead of scanning every customer.
-#}
with

crm_customers as (

    select * from {{ ref('stg_crm__customers') }}

),

identities as (

    select * from {{ ref('int_customer_identities_stitched') }}

),

paid_orders as (

    select customer_id, order_date, net_amount_cny from {{ ref('int_paid_orders_resolved') }}

),

order_stats as (

    select * from {{ ref('int_customer_order_stats') }}

),

interactions as (

    select * from {{ ref('int_interactions_resolved') }}
    where opened_date <= (select as_of_date from {{ ref('int_as_of_date') }})

),

survey_responses as (

    select * from {{ ref('int_survey_responses_resolved') }}

),

mentions as (

    select mention_id, {{ normalize_handle('author_handle') }} as author_handle, posted_at
    from {{ ref('stg_social__mentions') }}

),

mention_scores as (

    select record_id as mention_id, sentiment, sentiment_score from {{ ref('stg_text__scores') }}
    where record_kind = 'mention'

),

customer_rfm as (

    select * from {{ ref('customer_rfm') }}

),

lifecycle_monthly as (

    select * from {{ ref('customer_lifecycle_monthly') }}

),

tier_monthly as (

    select * from {{ ref('customer_tier_monthly') }}

),

churn_risk as (

    select * from {{ ref('customer_churn_risk') }}

),

clv as (

    select * from {{ ref('stg_ml__customer_clv') }}

),

as_of as (

    select
        as_of_date,
        cast({{ dbt.dateadd('month', -1 * var('trailing_months'), 'as_of_date') }} as date)
            as trailing_window_start_date,
        cast({{ dbt.dateadd('day', -1 * var('complaints_window_days'), 'as_of_date') }} as date)
            as complaints_window_start_date
    from {{ ref('int_as_of_date') }}

),

accounts as (

    select
        identities.resolved_customer_id as customer_id,
        identities.source_record_id = identities.resolved_customer_id as is_first_account,
        identities.person_crm_accounts,
        crm_customers.*
    from identities
    inner join crm_customers
        on identities.source_record_id = crm_customers.customer_id
    where identities.source_system = 'crm'

),

other_account_contacts as (

    select
        customer_id,
        max(phone) as other_phone,
        max(email) as other_email
    from accounts
    where not is_first_account
    group by customer_id

),

customers as (

    select
        accounts.customer_id,
        accounts.person_crm_accounts,
        accounts.customer_name,
        coalesce(accounts.phone, other_account_contacts.other_phone) as phone,
        coalesce(accounts.email, other_account_contacts.other_email) as email,
        accounts.birth_date,
        accounts.gender,
        accounts.city,
        accounts.region,
        accounts.industry,
        accounts.signup_at,
        accounts.acquisition_channel,
        accounts.crm_member_tier
    from accounts
    left join other_account_contacts
        on accounts.customer_id = other_account_contacts.customer_id
    where accounts.is_first_account

),

trailing_order_stats as (

    select
        paid_orders.customer_id,
        count(*) as orders_12m,
        sum(paid_orders.net_amount_cny) as revenue_12m
    from paid_orders
    cross join as_of
    where paid_orders.order_date > as_of.trailing_window_start_date
    group by paid_orders.customer_id

),

customer_interaction_stats as (

    select
        interactions.customer_id,
        count(*) as interactions_total,
        max(interactions.opened_at) as last_interaction_at,
        sum(case when interactions.is_open then 1 else 0 end) as open_tickets,
        sum(
            case
                when interactions.is_complaint and interactions.opened_date > as_of.complaints_window_start_date then 1
                else 0
            end
        ) as complaints_90d
    from interactions
    cross join as_of
    group by interactions.customer_id

),

last_interactions as (

    select
        customer_id,
        channel as last_interaction_channel
    from interactions
    qualify row_number() over (
        partition by customer_id
        order by opened_at desc, interaction_id desc
    ) = 1

),

contacts as (

    select customer_id, opened_at as contacted_at, channel, 'interaction' as contact_source, interaction_id as contact_id
    from interactions
    union all
    select customer_id, responded_at, channel, 'survey', response_id
    from survey_responses

),

last_contacts as (

    select
        customer_id,
        contacted_at as last_contact_at,
        channel as last_contact_channel,
        contact_source as last_contact_source
    from contacts
    qualify row_number() over (
        partition by customer_id
        order by contacted_at desc, contact_source asc, contact_id desc
    ) = 1

),

latest_responses as (

    select
        customer_id,
        nps_score as latest_nps,
        csat_score as latest_csat,
        responded_at as latest_response_at
    from survey_responses
    qualify row_number() over (
        partition by customer_id
        order by responded_at desc, response_id desc
    ) = 1

),

customer_mentions as (

    select
        identities.resolved_customer_id as customer_id,
        mentions.mention_id,
        mentions.posted_at,
        mention_scores.sentiment,
        mention_scores.sentiment_score
    from mentions
    inner join identities
        on identities.source_system = 'social'
        and mentions.author_handle = identities.source_record_id
    left join mention_scores
        on mentions.mention_id = mention_scores.mention_id
    cross join as_of
    where cast(mentions.posted_at as date) <= as_of.as_of_date

),

customer_mention_stats as (

    select
        customer_id,
        count(*) as social_mentions_total,
        max(posted_at) as last_mention_at,
        avg(sentiment_score) as social_sentiment_score
    from customer_mentions
    group by customer_id

),

latest_mentions as (

    select
        customer_id,
        sentiment as latest_social_sentiment
    from customer_mentions
    qualify row_number() over (partition by customer_id order by posted_at desc, mention_id desc) = 1

),

current_lifecycle as (

    select lifecycle_monthly.*
    from lifecycle_monthly
    inner join as_of
        on lifecycle_monthly.snapshot_date = as_of.as_of_date

),

current_tiers as (

    select tier_monthly.*
    from tier_monthly
    inner join as_of
        on tier_monthly.snapshot_date = as_of.as_of_date

),

joined as (

    select
        customers.*,
        as_of.as_of_date,
        order_stats.lifetime_orders,
        order_stats.lifetime_revenue,
        order_stats.first_order_at,
        order_stats.last_order_at,
        trailing_order_stats.orders_12m,
        trailing_order_stats.revenue_12m,
        order_stats.favourite_category,
        order_stats.favourite_channel,
        customer_interaction_stats.interactions_total,
        customer_interaction_stats.last_interaction_at,
        customer_interaction_stats.open_tickets,
        customer_interaction_stats.complaints_90d,
        last_interactions.last_interaction_channel,
        last_contacts.last_contact_at,
        last_contacts.last_contact_channel,
        last_contacts.last_contact_source,
        latest_responses.latest_nps,
        latest_responses.latest_csat,
        latest_responses.latest_response_at,
        customer_mention_stats.social_mentions_total,
        customer_mention_stats.last_mention_at,
        customer_mention_stats.social_sentiment_score,
        latest_mentions.latest_social_sentiment,
        customer_rfm.recency_days,
        customer_rfm.r_score,
        customer_rfm.f_score,
        customer_rfm.m_score,
        customer_rfm.fm_score,
        customer_rfm.rfm_cell,
        customer_rfm.segment,
        customer_rfm.service_tier,
        current_lifecycle.lifecycle_stage,
        current_tiers.member_tier,
        churn_risk.churn_risk_score,
        churn_risk.churn_risk_reasons,
        churn_risk.churn_probability,
        clv.expected_purchases_12m,
        clv.probability_alive,
        clv.expected_value_12m,
        extract(month from customers.birth_date) = extract(month from as_of.as_of_date) as is_birthday_month,
        coalesce(churn_risk.is_low_nps or churn_risk.is_low_csat, false) as has_low_scores
    from customers
    cross join as_of
    left join order_stats
        on customers.customer_id = order_stats.customer_id
    left join trailing_order_stats
        on customers.customer_id = trailing_order_stats.customer_id
    left join customer_interaction_stats
        on customers.customer_id = customer_interaction_stats.customer_id
    left join last_interactions
        on customers.customer_id = last_interactions.customer_id
    left join last_contacts
        on customers.customer_id = last_contacts.customer_id
    left join latest_responses
        on customers.customer_id = latest_responses.customer_id
    left join customer_mention_stats
        on customers.customer_id = customer_mention_stats.customer_id
    left join latest_mentions
        on customers.customer_id = latest_mentions.customer_id
    left join customer_rfm
        on customers.customer_id = customer_rfm.customer_id
    left join current_lifecycle
        on customers.customer_id = current_lifecycle.customer_id
    left join current_tiers
        on customers.customer_id = current_tiers.customer_id
    left join churn_risk
        on customers.customer_id = churn_risk.customer_id
    left join clv
        on customers.customer_id = clv.customer_id

),

final as (

    select
        ----------  ids
        customer_id,
        cast(person_crm_accounts as integer) as crm_accounts,

        ----------  profile (masked)
        {{ mask_name('customer_name') }} as name_masked,
        {{ mask_phone('phone') }} as phone_masked,
        {{ mask_email('email') }} as email_masked,
        gender,
        city,
        region,
        industry,
        signup_at,
        acquisition_channel,
        crm_member_tier,

        ----------  orders (paid, net of refunds, CNY)
        cast(coalesce(lifetime_orders, 0) as integer) as lifetime_orders,
        cast(coalesce(lifetime_revenue, 0) as decimal(18, 2)) as lifetime_revenue,
        first_order_at,
        last_order_at,
        cast(round(lifetime_revenue / nullif(lifetime_orders, 0), 2) as decimal(18, 2)) as avg_order_value,
        cast(coalesce(orders_12m, 0) as integer) as orders_12m,
        cast(coalesce(revenue_12m, 0) as decimal(18, 2)) as revenue_12m,
        cast(round(revenue_12m / nullif(orders_12m, 0), 2) as decimal(18, 2)) as avg_order_value_12m,
        favourite_category,
        favourite_channel,

        ----------  interactions and contacts
        last_interaction_at,
        last_interaction_channel,
        cast(coalesce(interactions_total, 0) as integer) as interactions_total,
        cast(coalesce(open_tickets, 0) as integer) as open_tickets,
        cast(coalesce(complaints_90d, 0) as integer) as complaints_90d,
        last_contact_at,
        last_contact_channel,
        last_contact_source,
        latest_nps,
        latest_csat,
        latest_response_at,
        cast(coalesce(social_mentions_total, 0) as integer) as social_mentions_total,
        last_mention_at,
        round(social_sentiment_score, 3) as social_sentiment_score,
        latest_social_sentiment,

        ----------  RFM (null when the customer has no paid order)
        recency_days,
        r_score,
        f_score,
        m_score,
        fm_score,
        rfm_cell,
        segment,
        service_tier,

        ----------  lifecycle, tier, churn, value
        lifecycle_stage,
        member_tier,
        churn_risk_score,
        churn_risk_reasons,
        churn_probability,
        expected_purchases_12m,
        probability_alive,
        cast(round(expected_value_12m, 2) as decimal(18, 2)) as predicted_clv_12m,

        ----------  tags
        nullif(concat_ws(', ',
            case when person_crm_accounts > 1 then 'multiple accounts' end,
            case when is_birthday_month then 'birthday this month' end,
            case when complaints_90d > 0 then 'recent complaint' end,
            case when open_tickets > 0 then 'open ticket' end,
            case when has_low_scores then 'low score' end,
            case when social_mentions_total > 0 then 'on social media' end,
            case when churn_risk_score >= {{ var('at_risk_follow_up_score') }} then 'high churn risk' end
        ), '') as tags,

        as_of_date

    from joined

)

select * from final
order by customer_id
