"""Voice of the customer: survey NPS and CSAT, low scores, social volume, sentiment, topics, keywords and
negative spikes."""

from datetime import date

import pandas as pd

from dashboards.filters import ALL
from dashboards.queries import Query, Reach, fetch

LOW_SCORES_LIMIT = 100
KEYWORDS_LIMIT = 15
SPIKE_EXAMPLES_LIMIT = 5

SURVEY_CHANNELS_SQL = Query(
    """
select distinct channel from marts.survey_scores_monthly where channel <> 'all' order by channel
""",
    Reach.REFERENCE,
)


def survey_channels() -> list[str]:
    """The channels invitations are sent through (the channel filter's options on this page)."""
    return fetch(SURVEY_CHANNELS_SQL)["channel"].tolist()


PLATFORMS_SQL = Query(
    """
select distinct platform from marts.social_mentions_daily order by platform
""",
    Reach.REFERENCE,
)


def platforms() -> list[str]:
    """The social platforms with mentions (the platform filter's options)."""
    return fetch(PLATFORMS_SQL)["platform"].tolist()


SURVEY_TREND_SQL = Query(
    """
select month, invitations_sent, responses, response_rate, nps_responses, nps, csat_mean, csat_satisfied_share
from marts.survey_scores_monthly
where month between $start_month and $end_month and channel = $channel and customer_segment = $segment
order by month
""",
    Reach.COMPANY,
)


def survey_trend(start_month: date, end_month: date, channel: str = ALL, segment: str = ALL) -> pd.DataFrame:
    """Per month sent: invitations, responses, response rate, NPS, CSAT mean and share satisfied."""
    return fetch(SURVEY_TREND_SQL, start_month=start_month, end_month=end_month, channel=channel, segment=segment)


NPS_BREAKDOWN_SQL = Query(
    """
with scores as (
    select * from marts.survey_scores_monthly where month between $start_month and $end_month
),
by_channel as (
    select 'channel' as breakdown, channel as value, sum(promoters) as promoters, sum(detractors) as detractors,
        sum(nps_responses) as nps_responses, sum(csat_mean * csat_responses) as csat_total,
        sum(csat_responses) as csat_responses
    from scores
    where customer_segment = $segment and channel <> 'all'
    group by channel
),
by_segment as (
    select 'segment', customer_segment, sum(promoters), sum(detractors), sum(nps_responses),
        sum(csat_mean * csat_responses), sum(csat_responses)
    from scores
    where channel = $channel and customer_segment <> 'all'
    group by customer_segment
)
select
    breakdown,
    value,
    nps_responses,
    round(100.0 * (promoters - detractors) / nullif(nps_responses, 0), 1) as nps,
    csat_total / nullif(csat_responses, 0) as csat_mean
from (select * from by_channel union all select * from by_segment)
order by breakdown, nps desc nulls last, value
""",
    Reach.COMPANY,
)


def nps_breakdown(start_month: date, end_month: date, channel: str = ALL, segment: str = ALL) -> pd.DataFrame:
    """NPS and CSAT over the months by channel (within the segment) and by segment (within the channel);
    ``breakdown`` says which."""
    return fetch(NPS_BREAKDOWN_SQL, start_month=start_month, end_month=end_month, channel=channel, segment=segment)


DIMENSIONS_SQL = Query(
    """
select
    month,
    dimension,
    answers,
    mean_score,
    satisfied_share,
    target_mean_score::double as target_mean_score,
    target_satisfied_share::double as target_satisfied_share,
    is_below_target
from marts.survey_dimension_scores_monthly
where month between $start_month and $end_month
order by month, dimension
""",
    Reach.COMPANY,
)


def dimension_scores(start_month: date, end_month: date) -> pd.DataFrame:
    """Per month and survey dimension: answers, mean score 1-5, share satisfied, targets, below target."""
    return fetch(DIMENSIONS_SQL, start_month=start_month, end_month=end_month)


# The low answers of the months, each with the respondent's RFM service tier at the end of the month
# the invitation was sent, the segment survey_scores_monthly counts it in.
LOW_SCORES_CTE = """
with low_scores as (
    select responses.*, coalesce(tiers.service_tier, 'unknown') as customer_segment
    from marts.fct_survey_responses as responses
    left join marts.customer_rfm_monthly as tiers
        on responses.customer_id = tiers.customer_id
        and responses.sent_month = tiers.month_start
        and tiers.month_start between $start_month and $end_month
    where responses.sent_month between $start_month and $end_month
        and ($channel = 'all' or responses.channel = $channel)
        and (responses.nps_group = 'detractor' or responses.csat_score <= $low_csat)
)
"""

LOW_SCORE_TOPICS_SQL = Query(
    f"""{LOW_SCORES_CTE}
select coalesce(comment_topic, 'no comment') as topic, count(*) as responses
from low_scores
where $segment = 'all' or customer_segment = $segment
group by all
order by responses desc, topic
""",
    Reach.COMPANY,
)

LOW_SCORES_SQL = Query(
    f"""{LOW_SCORES_CTE}
select
    responded_at,
    customer_id,
    channel,
    customer_segment,
    nps_score,
    csat_score,
    score_product_quality,
    score_service_response,
    score_communication,
    comment_topic,
    comment_sentiment,
    array_to_string(comment_keywords, ', ') as comment_keywords
from low_scores
where $segment = 'all' or customer_segment = $segment
order by responded_at desc, response_id
limit $limit
""",
    Reach.COMPANY,
)

LOW_CSAT = 2


def low_score_topics(start_month: date, end_month: date, channel: str = ALL, segment: str = ALL) -> pd.DataFrame:
    """Detractors (NPS 0-6) and CSAT 1-2 answers in the months, per topic of their comment."""
    return fetch(
        LOW_SCORE_TOPICS_SQL,
        start_month=start_month,
        end_month=end_month,
        channel=channel,
        segment=segment,
        low_csat=LOW_CSAT,
    )


def low_scores(start_month: date, end_month: date, channel: str = ALL, segment: str = ALL) -> pd.DataFrame:
    """The latest LOW_SCORES_LIMIT of those answers with their scores and comment topic, sentiment and
    keywords (the comment text itself is not in the serving copy)."""
    return fetch(
        LOW_SCORES_SQL,
        start_month=start_month,
        end_month=end_month,
        channel=channel,
        segment=segment,
        low_csat=LOW_CSAT,
        limit=LOW_SCORES_LIMIT,
    )


SOCIAL_VOLUME_SQL = Query(
    """
select
    posted_month as month,
    platform,
    sum(mentions) as mentions,
    sum(positive_mentions) as positive_mentions,
    sum(neutral_mentions) as neutral_mentions,
    sum(negative_mentions) as negative_mentions,
    sum(engagements) as engagements
from marts.social_mentions_daily
where posted_month between $start_month and $end_month and ($platform = 'all' or platform = $platform)
group by posted_month, platform
order by posted_month, platform
""",
    Reach.COMPANY,
)


def social_volume(start_month: date, end_month: date, platform: str = ALL) -> pd.DataFrame:
    """Mentions per month and platform with their sentiment counts and engagements."""
    return fetch(SOCIAL_VOLUME_SQL, start_month=start_month, end_month=end_month, platform=platform)


TOPICS_SQL = Query(
    """
select
    topic,
    sum(mentions) as mentions,
    sum(positive_mentions) as positive_mentions,
    sum(neutral_mentions) as neutral_mentions,
    sum(negative_mentions) as negative_mentions,
    sum(negative_mentions)::double / nullif(sum(mentions), 0) as negative_share
from marts.social_topics_monthly
where month between $start_month and $end_month
group by topic
order by mentions desc, topic
""",
    Reach.COMPANY,
)


def topics(start_month: date, end_month: date) -> pd.DataFrame:
    """Scored mentions per topic over the months, all platforms: volume, sentiment counts, negative share."""
    return fetch(TOPICS_SQL, start_month=start_month, end_month=end_month)


KEYWORDS_SQL = Query(
    """
select keyword, sum(mentions) as mentions, sum(negative_mentions) as negative_mentions
from marts.social_keywords_monthly
where month between $start_month and $end_month and language = $language
group by keyword
order by mentions desc, keyword
limit $limit
""",
    Reach.COMPANY,
)


def keywords(start_month: date, end_month: date, language: str) -> pd.DataFrame:
    """The KEYWORDS_LIMIT keywords of ``language`` ('zh' or 'en') named most over the months, counted in
    the months where they were among the month's top keywords."""
    return fetch(KEYWORDS_SQL, start_month=start_month, end_month=end_month, language=language, limit=KEYWORDS_LIMIT)


NEGATIVE_DAILY_SQL = Query(
    """
select posted_date, sum(negative_mentions) as negative_mentions
from marts.social_mentions_daily
where posted_month between $start_month and $end_month and ($platform = 'all' or platform = $platform)
group by posted_date
order by posted_date
""",
    Reach.COMPANY,
)


def negative_daily(start_month: date, end_month: date, platform: str = ALL) -> pd.DataFrame:
    """Negative mentions per day over the months, on the platform or all of them."""
    return fetch(NEGATIVE_DAILY_SQL, start_month=start_month, end_month=end_month, platform=platform)


SPIKES_SQL = Query(
    """
select posted_date, platform, negative_mentions, baseline_mean, spike_ratio, top_topic
from marts.social_negative_spikes
where posted_date >= $start_month and posted_date < $end_month + interval 1 month and platform = $platform
order by posted_date desc
""",
    Reach.COMPANY,
)


def spikes(start_month: date, end_month: date, platform: str = ALL) -> pd.DataFrame:
    """Negative spike days in the months on the platform ('all': spikes over all platforms together)."""
    return fetch(SPIKES_SQL, start_month=start_month, end_month=end_month, platform=platform)


SPIKE_EXAMPLES_SQL = Query(
    """
select
    posted_at,
    platform,
    language,
    topic,
    array_to_string(keywords, ', ') as keywords,
    sentiment_score,
    like_count + repost_count + comment_count as engagements
from marts.fct_social_mentions
where posted_date = $posted_date and sentiment = 'negative' and ($platform = 'all' or platform = $platform)
order by engagements desc, mention_id
limit $limit
""",
    Reach.COMPANY,
)


def spike_examples(posted_date: date, platform: str) -> pd.DataFrame:
    """The most engaged negative posts of a spike day: platform, language, topic, keywords, score."""
    return fetch(SPIKE_EXAMPLES_SQL, posted_date=posted_date, platform=platform, limit=SPIKE_EXAMPLES_LIMIT)
