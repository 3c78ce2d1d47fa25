"""Voice of the customer: survey invitations and answers, and social media mentions.

Both follow experience: someone who complained about a product or got poor service in the past year
scores low and posts negatively. Social authors are known only by handle; the handles of customers
appear in the service desk or survey exports, which is the only link back to them.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import polars as pl

from pipelines.generate import identity, text
from pipelines.generate.columns import blank, categorical, choose, draw, integers, labels, weights, where
from pipelines.generate.customers import People, social_handles
from pipelines.generate.service import Experience
from pipelines.generate.vocab import CATEGORIES as PRODUCT_CATEGORIES
from pipelines.generate.timeline import SOCIAL_HOURS, Timeline, iso_timestamp, local_timestamp
from pipelines.generate.vocab import ENGLISH_FIRST, NICK_ADJECTIVES, NICK_NOUNS
from pipelines.generate.world import World
from pipelines.generate.sources import MENTIONS, RESPONSES
from pipelines.sources.canonical import PLATFORMS, SURVEY_CHANNELS

INVITATIONS_PER_CUSTOMER = 1.5
SURVEY_CHANNEL_WEIGHTS = (0.3, 0.25, 0.3, 0.15)  # sms, email, wechat, app
RESPONSE_RATE = np.array([0.42, 0.38, 0.55, 0.6])  # per survey channel
EXPERIENCE_MEMORY_DAYS = 365  # how long a bad experience colours survey answers

MENTIONS_PER_CUSTOMER = 2.0
KNOWN_AUTHOR_SHARE = 0.3  # of mentions, written by customers whose handle we can link
POSTS_PER_ANONYMOUS_AUTHOR = 3
ANONYMOUS_PLATFORM_WEIGHTS = (0.3, 0.15, 0.25, 0.2, 0.1)  # canonical.PLATFORMS order
TOPIC_WEIGHTS = (0.25, 0.2, 0.2, 0.15, 0.2)  # text.SOCIAL_TOPICS order
SENTIMENT_AFTER_BAD = (0.1, 0.3, 0.6)  # text.MOODS order: positive, neutral, negative
SENTIMENT_USUAL = (0.45, 0.4, 0.15)
SENTIMENT_ANONYMOUS = (0.33, 0.45, 0.22)
SOCIAL_MEMORY_DAYS = 180

SMS, EMAIL, WECHAT, APP = (SURVEY_CHANNELS.index(c) for c in ("sms", "email", "wechat", "app"))
WEIBO, WECHAT_PLATFORM, XIAOHONGSHU, DOUYIN, TWITTER = (
    PLATFORMS.index(p) for p in ("weibo", "wechat", "xiaohongshu", "douyin", "twitter"))
NEGATIVE = text.MOODS.index("negative")
PRODUCT_QUALITY, DELIVERY, SERVICE_ATTITUDE = (
    text.SOCIAL_TOPICS.index(t) for t in ("product_quality", "delivery", "service_attitude"))

_COMMENTS = text.nested_bank(text.SURVEY, text.LANGS, text.SURVEY_DIMENSIONS, text.MOODS)
_POSTS = text.nested_bank(text.SOCIAL, text.LANGS, text.SOCIAL_TOPICS, text.MOODS)
_TAGS = text.nested_bank(text.SOCIAL_TAGS, text.LANGS)
URL_PREFIXES = ("https://weibo.com/", "https://mp.weixin.qq.com/s/", "https://www.xiaohongshu.com/explore/",
                "https://www.douyin.com/video/", "https://twitter.com/")


def survey_responses(rng: np.random.Generator, timeline: Timeline, people: People, experience: Experience,
                     first_number: int) -> tuple[pl.DataFrame, np.ndarray]:
    """Monthly NPS waves: one row per invitation, scores where answered; and whose handle was recorded."""
    wave_day, wave_label = _monthly_waves(timeline)
    last = timeline.last_second
    until = np.minimum(people.churn + 120, last)
    back_start = np.nan_to_num(people.return_start, nan=np.inf)
    back_end = np.nan_to_num(people.return_end, nan=-np.inf) + 120
    w = wave_day[None, :]
    active = (w <= until[:, None]) | ((w >= back_start[:, None]) & (w <= back_end[:, None]))
    eligible = (w >= people.signup[:, None] + 7) & active
    share = min(0.9, INVITATIONS_PER_CUSTOMER * people.n / max(int(eligible.sum()), 1))
    owner, wave = np.nonzero(eligible & (rng.random(eligible.shape) < share))
    sent = wave_day[wave] + rng.integers(0, 3, size=owner.shape[0]) + (10 + 10 * rng.random(owner.shape[0])) / 24
    chronological = np.argsort(sent, kind="stable")
    owner, wave, sent = owner[chronological], wave[chronological], np.minimum(sent[chronological], last)
    survey_id = pl.Series(wave_label, dtype=pl.Utf8).gather(wave)
    return survey_rows(rng, timeline, people, experience, owner, sent, survey_id, first_number)


def survey_rows(rng: np.random.Generator, timeline: Timeline, people: People, experience: Experience,
                owner: np.ndarray, sent: np.ndarray, survey_id: pl.Series,
                first_number: int) -> tuple[pl.DataFrame, np.ndarray]:
    """Invitations to ``owner`` sent at ``sent`` (in time order), scores where answered; and whose handle was recorded."""
    last = timeline.last_second
    m = owner.shape[0]

    channel = rng.choice(len(SURVEY_CHANNELS), size=m, p=weights(SURVEY_CHANNEL_WEIGHTS))
    bad_product, bad_service = experience.recent(owner, sent, EXPERIENCE_MEMORY_DAYS)
    answered_at = sent + rng.lognormal(np.log(5.0), 1.3, size=m) / 24
    # Angry customers answer more often.
    answered = (rng.random(m) < RESPONSE_RATE[channel] + 0.08 * (bad_product | bad_service)) & (answered_at <= last)

    mood = people.mood[owner]
    nps = _score(8.4 + 1.2 * mood - 3.0 * bad_product - 3.5 * bad_service + rng.normal(0, 1.3, size=m), 0, 10)
    csat = _score(4.3 + 0.5 * mood - 1.2 * bad_product - 1.4 * bad_service + rng.normal(0, 0.6, size=m), 1, 5)
    dims = np.stack([
        4.2 + 0.45 * mood - 1.8 * bad_product + rng.normal(0, 0.6, size=m),
        4.1 + 0.45 * mood - 1.9 * bad_service + rng.normal(0, 0.6, size=m),
        4.1 + 0.4 * mood - 1.3 * bad_service - 0.4 * bad_product + rng.normal(0, 0.6, size=m),
    ], axis=1)
    scores = _score(dims, 1, 5)
    rated_dims = answered & (rng.random(m) < 0.9)
    commented = answered & (rng.random(m) < np.where(nps <= 6, 0.6, 0.4))
    comment_mood = np.where(nps >= 9, 0, np.where(nps >= 7, 1, 2))
    weakest = np.argmin(dims + rng.normal(0, 0.05, size=dims.shape), axis=1)
    strongest = np.argmax(dims, axis=1)
    topic = np.where(comment_mood == 0, strongest, weakest)
    comment = _COMMENTS.pick(rng, people.writes_english[owner].astype(np.int64), topic, comment_mood)

    by_id = (channel == APP) | ((channel == WECHAT) & (rng.random(m) < 0.7)) | (rng.random(m) < 0.4)
    by_email = channel == EMAIL
    by_phone = (channel == SMS) | ~(by_id | by_email)
    has_handle = people.handle_platform[owner] >= 0
    by_handle = has_handle & (rng.random(m) < np.where(channel == WECHAT, 0.5, 0.1))
    handles_written = np.zeros(people.n, dtype=bool)
    handles_written[owner[by_handle]] = True

    frame = pl.DataFrame({
        "response_id": "R" + identity.padded(first_number + np.arange(m), 9),
        "survey_id": survey_id,
        "customer_id": where(by_id, people.customer_id.gather(owner)),
        "email": where(by_email, identity.present_emails(rng, people.email.gather(owner), clean_share=0.5)),
        "phone": where(by_phone, identity.present_phones(rng, people.phone.gather(owner), clean_share=0.4)),
        "social_handle": where(by_handle, people.handle.gather(owner)),
        # the survey tool asks about the customer, not an order
        "order_id": pl.repeat(None, m, dtype=pl.String, eager=True),
        "channel": labels(SURVEY_CHANNELS, channel),
        "sent_at": local_timestamp(timeline, sent),
        "responded_at": local_timestamp(timeline, answered_at, answered),
        "nps": where(answered, integers(nps)),
        "csat": where(answered, integers(csat)),
        "score_product_quality": where(rated_dims, integers(scores[:, 0])),
        "score_service_response": where(rated_dims, integers(scores[:, 1])),
        "score_communication": where(rated_dims, integers(scores[:, 2])),
        "comment": where(commented, comment),
    })
    return frame.select(RESPONSES.field_names), handles_written


def _monthly_waves(timeline: Timeline) -> tuple[np.ndarray, list[str]]:
    """Day (into the window) and survey id of every monthly wave sent inside the window."""
    months = np.arange(np.datetime64(timeline.start, "M"), np.datetime64(timeline.end, "M") + 1)
    first_days = months.astype("datetime64[D]")
    first_days = first_days[first_days >= np.datetime64(timeline.start)]
    day = (first_days - np.datetime64(timeline.start)).astype(np.int64).astype(np.float64)
    return day, [f"NPS-{str(d)[:7]}" for d in first_days]


def _score(latent: np.ndarray, low: int, high: int) -> np.ndarray:
    return np.clip(np.round(latent), low, high).astype(np.int64)


def mentions(rng: np.random.Generator, world: World, people: People, experience: Experience, linked: np.ndarray,
             chunk_no: int, first_number: int) -> pl.DataFrame:
    """Public posts about the brand: by linkable customers, by anonymous authors, and negative storms."""
    timeline = world.timeline
    known = _known_posts(rng, timeline, people, experience, linked)
    anonymous, spikes = _anonymous_posts(rng, world, people.n, chunk_no)
    return mention_rows(rng, timeline, [known, anonymous, spikes], first_number)


def mention_rows(rng: np.random.Generator, timeline: Timeline, groups: list[dict], first_number: int) -> pl.DataFrame:
    """The listening tool's export of the posts in ``groups`` (dicts of post features), in time order."""
    posts = {k: np.concatenate([group[k] for group in groups]) for k in groups[0] if k != "handle"}
    handle = pl.concat([group["handle"] for group in groups])
    order = np.argsort(posts["t"], kind="stable")
    posts = {k: v[order] for k, v in posts.items()}
    handle = handle.gather(order)
    m = order.shape[0]

    lang = posts["lang"]
    body = text.fill_items(rng, _POSTS.pick(rng, lang, posts["topic"], posts["sentiment"]), lang, posts["goods"])
    post_text = _TAGS.pick(rng, lang) + body

    reach = rng.lognormal(1.2, 1.5, size=m) * posts["boost"] * np.where(posts["platform"] == TWITTER, 0.4, 1.0)
    likes = np.floor(reach).astype(np.int64)
    reposts = np.floor(reach * rng.beta(1, 6, size=m)).astype(np.int64)
    comments = np.floor(reach * rng.beta(1, 4, size=m)).astype(np.int64)

    number = first_number + np.arange(m)
    post_ref = pl.Series(identity.scramble(number, salt=6, digits=10) + 4_000_000_000).cast(pl.Utf8)
    platform = posts["platform"]
    bare_handle = handle.str.strip_prefix("@")
    url = (labels(URL_PREFIXES, platform)
           + choose(platform == TWITTER, bare_handle + "/status/", blank(m))
           + post_ref)
    utc = rng.random(m) < np.where(platform == TWITTER, 0.8, 0.25)

    frame = pl.DataFrame({
        "mention_id": "M" + identity.padded(number, 10),
        "platform": labels(PLATFORMS, platform),
        "author_handle": handle,
        "posted_at": iso_timestamp(timeline, posts["t"], utc),
        "text": post_text,
        "likes": integers(likes),
        "reposts": integers(reposts),
        "comments": integers(comments),
        "url": where(rng.random(m) < 0.9, url),
    })
    return frame.select(MENTIONS.field_names)


def _known_posts(rng: np.random.Generator, timeline: Timeline, people: People, experience: Experience,
                 linked: np.ndarray) -> dict:
    authors = np.flatnonzero(linked)
    until = np.minimum(people.churn + 120, timeline.last_second)
    activity = rng.gamma(0.8, size=authors.shape[0])
    exposure = timeline.exposure(timeline.social_cum, people.signup[authors], until[authors])
    total = float((activity * exposure).sum())
    rate = KNOWN_AUTHOR_SHARE * MENTIONS_PER_CUSTOMER * people.n / total if total > 0 else 0.0
    owner = np.repeat(authors, rng.poisson(rate * activity * exposure))
    t = timeline.sample(rng, timeline.social_cum, people.signup[owner], until[owner], SOCIAL_HOURS)
    return known_posts(rng, people, experience, owner, t)


def known_posts(rng: np.random.Generator, people: People, experience: Experience, owner: np.ndarray,
                t: np.ndarray) -> dict:
    """Features of posts by customers ``owner`` (whose handle we know) at times ``t``."""
    k = owner.shape[0]
    bad_product, bad_service = experience.recent(owner, t, SOCIAL_MEMORY_DAYS)
    bad = bad_product | bad_service
    sentiment = categorical(rng, np.where(bad[:, None], SENTIMENT_AFTER_BAD, SENTIMENT_USUAL))
    topic = rng.choice(len(TOPIC_WEIGHTS), size=k, p=weights(TOPIC_WEIGHTS))
    # Negative posts after a bad experience are about what went wrong.
    angry = (sentiment == NEGATIVE) & bad
    topic = np.where(angry & bad_product, np.where(rng.random(k) < 0.5, PRODUCT_QUALITY, DELIVERY), topic)
    topic = np.where(angry & ~bad_product, SERVICE_ATTITUDE, topic)
    platform = people.handle_platform[owner]
    english = people.writes_english[owner]
    lang = np.where(platform == TWITTER, english | (rng.random(k) < 0.5), english & (rng.random(k) < 0.5))
    return {
        "t": t, "platform": platform, "sentiment": sentiment, "topic": topic, "lang": lang.astype(np.int64),
        "goods": people.favourite[owner], "boost": np.ones(k), "handle": people.handle.gather(owner),
    }


@dataclass(frozen=True)
class AnonymousAuthors:
    """Social media authors we cannot link to a customer."""

    platform: np.ndarray  # index into canonical.PLATFORMS
    english: np.ndarray
    handle: pl.Series


def anonymous_authors(rng: np.random.Generator, n_authors: int, chunk_no: int) -> AnonymousAuthors:
    """``n_authors`` anonymous authors, numbered among the strangers of chunk ``chunk_no``."""
    platform = rng.choice(len(PLATFORMS), size=n_authors, p=weights(ANONYMOUS_PLATFORM_WEIGHTS))
    english = (platform == TWITTER) & (rng.random(n_authors) < 0.85)
    nick = draw(rng, NICK_ADJECTIVES, n_authors) + draw(rng, NICK_NOUNS, n_authors)
    latin = draw(rng, ENGLISH_FIRST, n_authors).str.to_lowercase()
    stem = choose(platform == TWITTER, latin, nick)
    index = identity.strangers(chunk_no, identity.SOCIAL_STRANGERS, np.arange(n_authors))
    return AnonymousAuthors(platform, english, social_handles(index, platform, stem))


def everyday_posts(rng: np.random.Generator, authors: AnonymousAuthors, author: np.ndarray, t: np.ndarray) -> dict:
    """Features of everyday posts by anonymous ``author`` (indices into ``authors``) at times ``t``."""
    return _anonymous(rng, authors, author, t, categorical(rng, np.tile(SENTIMENT_ANONYMOUS, (t.shape[0], 1))),
                      rng.choice(len(TOPIC_WEIGHTS), size=t.shape[0], p=weights(TOPIC_WEIGHTS)), 1.0)


def _anonymous_posts(rng: np.random.Generator, world: World, n_people: int, chunk_no: int) -> tuple[dict, dict]:
    """Everyday posts by people we cannot link, and this chunk's share of the negative storms."""
    timeline = world.timeline
    count = rng.poisson((1 - KNOWN_AUTHOR_SHARE) * MENTIONS_PER_CUSTOMER * n_people)
    n_authors = max(1, count // POSTS_PER_ANONYMOUS_AUTHOR)
    authors = anonymous_authors(rng, n_authors, chunk_no)

    # A few authors post a lot.
    author = rng.choice(n_authors, size=count, p=weights(rng.lognormal(0.0, 1.3, size=n_authors)))
    t = timeline.sample(rng, timeline.chatter_cum, np.zeros(count), np.full(count, timeline.last_second), SOCIAL_HOURS)
    everyday = everyday_posts(rng, authors, author, t)

    spikes = world.spikes
    storm_author, storm_t, storm_topic = [], [], []
    for day, topic, platform, size in zip(spikes.day, spikes.topic, spikes.platform, spikes.posts_per_10k):
        posts = rng.poisson(size * n_people / 10_000)
        on_platform = np.flatnonzero(authors.platform == platform)
        pool = on_platform if on_platform.size else np.arange(n_authors)
        storm_author.append(rng.choice(pool, size=posts))
        storm_t.append(np.minimum(day + np.clip(rng.normal(0.75, 0.12, size=posts), 0.3, 0.99), timeline.last_second))
        storm_topic.append(np.full(posts, topic))
    storm_author, storm_t = np.concatenate(storm_author), np.concatenate(storm_t)
    storms = _anonymous(rng, authors, storm_author, storm_t, np.full(storm_t.shape[0], NEGATIVE),
                        np.concatenate(storm_topic).astype(np.int64), 4.0)
    return everyday, storms


def _anonymous(rng: np.random.Generator, authors: AnonymousAuthors, author: np.ndarray, t: np.ndarray,
               sentiment: np.ndarray, topic: np.ndarray, boost: float) -> dict:
    k = t.shape[0]
    return {
        "t": t, "platform": authors.platform[author], "sentiment": sentiment, "topic": topic,
        "lang": authors.english[author].astype(np.int64), "goods": rng.integers(len(PRODUCT_CATEGORIES), size=k),
        "boost": np.full(k, boost), "handle": authors.handle.gather(author),
    }
