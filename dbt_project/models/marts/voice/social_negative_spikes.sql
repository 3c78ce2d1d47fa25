{#-
    Days whose negative mentions are far above their trailing baseline, per platform and over all
    platforms ('all'). The baseline is the var spike_baseline_days days before the day (days without a
    negative mention count as 0). A spike has at least var spike_min_mentions negatives, more than
    baseline mean + var spike_stddevs standard deviations, and at least var spike_min_ratio times the
    mean; the first spike_baseline_days days of the history are not judged (no full baseline).
-#}
{%- set baseline_days = var('spike_baseline_days') %}
with

mentions as (

    select posted_date, platform, sentiment, topic
    from {{ ref('fct_social_mentions') }}

),

day_numbers as (

    {{ dbt.generate_series(20000) }}

),

history as (

    select min(posted_date) as first_date, max(posted_date) as last_date from mentions

),

days as (

    select cast({{ dbt.dateadd('day', 'day_numbers.generated_number - 1', 'history.first_date') }} as date) as posted_date
    from day_numbers
    cross join history
    where day_numbers.generated_number - 1 <= {{ dbt.datediff('history.first_date', 'history.last_date', 'day') }}

),

platforms as (

    select distinct platform from mentions
    union all
    select 'all'

),

negatives as (

    select
        posted_date,
        case when grouping(platform) = 1 then 'all' else platform end as platform,
        count(*) as negative_mentions
    from mentions
    where sentiment = 'negative'
    group by grouping sets ((posted_date), (posted_date, platform))

),

top_topics as (

    select
        posted_date,
        case when grouping(platform) = 1 then 'all' else platform end as platform,
        topic,
        count(*) as topic_mentions
    from mentions
    where sentiment = 'negative'
    group by grouping sets ((posted_date, topic), (posted_date, platform, topic))
    qualify row_number() over (
        partition by posted_date, case when grouping(platform) = 1 then 'all' else platform end
        order by count(*) desc, topic
    ) = 1

),

daily as (

    select
        days.posted_date,
        platforms.platform,
        coalesce(negatives.negative_mentions, 0) as negative_mentions
    from days
    cross join platforms
    left join negatives
        on days.posted_date = negatives.posted_date
        and platforms.platform = negatives.platform

),

with_baseline as (

    select
        *,
        avg(negative_mentions) over baseline as baseline_mean,
        stddev_samp(negative_mentions) over baseline as baseline_stddev,
        count(*) over baseline as baseline_days
    from daily
    window baseline as (
        partition by platform
        order by posted_date
        rows between {{ baseline_days }} preceding and 1 preceding
    )

),

final as (

    select
        with_baseline.posted_date,
        with_baseline.platform,
        with_baseline.negative_mentions,
        round(with_baseline.baseline_mean, 3) as baseline_mean,
        round(with_baseline.baseline_stddev, 3) as baseline_stddev,
        round(with_baseline.negative_mentions / nullif(with_baseline.baseline_mean, 0), 2) as spike_ratio,
        top_topics.topic as top_topic
    from with_baseline
    left join top_topics
        on with_baseline.posted_date = top_topics.posted_date
        and with_baseline.platform = top_topics.platform
    where with_baseline.baseline_days = {{ baseline_days }}
        and with_baseline.negative_mentions >= {{ var('spike_min_mentions') }}
        and with_baseline.negative_mentions
            > with_baseline.baseline_mean + {{ var('spike_stddevs') }} * coalesce(with_baseline.baseline_stddev, 0)
        and with_baseline.negative_mentions >= {{ var('spike_min_ratio') }} * with_baseline.baseline_mean

)

select * from final
