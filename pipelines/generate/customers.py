"""People of one chunk: who they are (CRM profile, contacts, handle) and how they behave.

Behaviour drawn here (spend level, purchase rate, fussiness, lifetime) drives orders, service contacts
and opinions in the other modules. A few people open a second CRM account with the same phone.
"""

from __future__ import annotations

from dataclasses import dataclass, fields

import numpy as np
import polars as pl

from pipelines.generate import identity
from pipelines.generate.columns import blank, choose, draw, labels, weights, where
from pipelines.generate.timeline import Timeline, calendar_date, local_timestamp
from pipelines.generate.vocab import (
    CATEGORIES, CITIES, COMPANY_SUFFIXES, COMPANY_TRADES, COMPANY_WORDS, EMAIL_DOMAINS, ENGLISH_COMPANIES,
    ENGLISH_FIRST, ENGLISH_LAST, GIVEN_FEMALE, GIVEN_MALE, INDUSTRIES, NO_COMPANY_INDUSTRIES, SURNAMES,
)
from pipelines.generate.sources import CUSTOMERS
from pipelines.sources.canonical import ACQUISITION_CHANNELS, GENDERS, MEMBER_TIERS, PLATFORMS

ENGLISH_NAME_SHARE = 0.07
HANDLE_SHARE = 0.35
DUPLICATE_ACCOUNT_SHARE = 0.015
# How often a person buys, relative to others: a skewed draw capped at a few times its mean, so the busiest
# customers place dozens of orders a year, not hundreds; the heavy tail of spend is in order values.
MAX_PURCHASE_WEIGHT = 1.0
SPEND_LEVEL_SPREAD = 0.85  # standard deviation of a person's log order value
MEAN_LIFETIME_DAYS = 700.0
# Signups grow by this factor per year over the window.
SIGNUP_GROWTH_PER_YEAR = 1.6
ACQUISITION_WEIGHTS = (18, 16, 14, 10, 12, 10, 12, 8)  # order of crm.ACQUISITION_CHANNELS
# Currency mix (canonical.CURRENCIES order: CNY, USD, HKD): English-named customers often pay abroad.
CURRENCY_MIX_ENGLISH = (0.7, 0.15, 0.15)
CURRENCY_MIX_CHINESE = (0.975, 0.01, 0.015)
# Trailing-12-month spend in CNY from which the CRM records silver / gold / diamond.
TIER_THRESHOLDS_CNY = (1_500.0, 6_000.0, 20_000.0)


@dataclass
class People:
    index: np.ndarray  # global person numbers
    english: np.ndarray  # English name (and mostly English text)
    gender: np.ndarray  # code into crm.GENDERS
    name: pl.Series
    phone: pl.Series  # clean 11 digits
    email: pl.Series  # clean, lower case
    city: np.ndarray  # index into vocab.CITIES
    industry: pl.Series
    company: pl.Series
    birthday: np.ndarray  # epoch days, meaningful where has_birthday
    has_birthday: np.ndarray
    signup: np.ndarray  # days into the window
    acquisition: np.ndarray
    writes_english: np.ndarray
    handle: pl.Series  # social handle or null
    handle_platform: np.ndarray  # index into canonical.PLATFORMS, -1 without a handle
    spend_mu: np.ndarray  # log of the typical order value in CNY
    currency: np.ndarray
    favourite: np.ndarray  # index into vocab.CATEGORIES
    purchase_weight: np.ndarray
    fussiness: np.ndarray  # propensity to complain
    mood: np.ndarray  # baseline satisfaction, standard normal
    lifetime_end: np.ndarray  # when they would drift away without bad experiences
    duplicate_of: np.ndarray  # local index of people with a second CRM account
    duplicate_signup: np.ndarray
    churn: np.ndarray | None = None  # set by settle_churn
    return_start: np.ndarray | None = None  # reactivation window, NaN where none
    return_end: np.ndarray | None = None

    @property
    def n(self) -> int:
        return self.index.shape[0]

    @property
    def customer_id(self) -> pl.Series:
        return identity.customer_ids(self.index)

    @property
    def duplicate_id(self) -> pl.Series:
        return identity.customer_ids(identity.DUPLICATE_OFFSET + self.index[self.duplicate_of])


def concat_people(groups: list[People]) -> People:
    """Several groups of people as one; local indices (``duplicate_of``) follow their people."""
    offsets = np.cumsum([0] + [group.n for group in groups[:-1]])
    values = {}
    for f in fields(People):
        parts = [getattr(group, f.name) for group in groups]
        if f.name == "duplicate_of":
            values[f.name] = np.concatenate([part + offset for part, offset in zip(parts, offsets)])
        elif parts[0] is None:
            values[f.name] = None
        elif isinstance(parts[0], pl.Series):
            values[f.name] = pl.concat(parts)
        else:
            values[f.name] = np.concatenate(parts)
    return People(**values)


def make_people(rng: np.random.Generator, timeline: Timeline, first: int, n: int) -> People:
    index = np.arange(first, first + n, dtype=np.int64)
    english = rng.random(n) < ENGLISH_NAME_SHARE
    gender = rng.choice(3, size=n, p=[0.47, 0.47, 0.06])
    name, local_part = person_names(rng, english, gender)
    domain_code = rng.choice(len(EMAIL_DOMAINS), size=n, p=weights([w for _, w in EMAIL_DOMAINS]))
    domain = labels([d for d, _ in EMAIL_DOMAINS], domain_code)
    number = pl.Series(identity.scramble(index, salt=3)).cast(pl.Utf8)
    qq = pl.Series(identity.scramble(index, salt=4, digits=9) + 100_000_000).cast(pl.Utf8)
    qq_style = (~english) & (rng.random(n) < 0.25)
    email = choose(qq_style, qq + "@qq.com", local_part + number + "@" + domain).alias("email")

    city = rng.choice(len(CITIES), size=n, p=weights([c[3] for c in CITIES]))
    industry_code = rng.choice(len(INDUSTRIES), size=n, p=weights([w for _, w in INDUSTRIES]))
    industry_names = [i for i, _ in INDUSTRIES]
    has_industry = rng.random(n) < 0.85
    industry = where(has_industry, labels(industry_names, industry_code)).alias("industry")
    without_company = np.array([name in NO_COMPANY_INDUSTRIES for name in industry_names])[industry_code]
    no_company = without_company | ~has_industry | (rng.random(n) < 0.2)
    company = _companies(rng, english, city)
    company = where(~no_company, company).alias("company")

    end_epoch_day = (timeline.end.toordinal() - 719_163)  # days since 1970-01-01
    age_years = np.clip(rng.normal(34, 10, size=n), 18, 75)
    birthday = (end_epoch_day - age_years * 365.25 - rng.random(n) * 365).astype(np.int64)

    growth = np.log(SIGNUP_GROWTH_PER_YEAR) / 365.0
    span = timeline.last_second
    signup = np.log1p(rng.random(n) * np.expm1(growth * span)) / growth

    writes_english = np.where(english, rng.random(n) < 0.85, rng.random(n) < 0.04)
    handle_platform = _handle_platforms(rng, english)
    handle = social_handles(index, handle_platform, local_part)

    currency = np.where(
        english,
        rng.choice(3, size=n, p=CURRENCY_MIX_ENGLISH),
        rng.choice(3, size=n, p=CURRENCY_MIX_CHINESE),
    )
    b2b = company.is_not_null().to_numpy()
    lifetime_end = signup + rng.exponential(MEAN_LIFETIME_DAYS, size=n)

    duplicate_of = np.flatnonzero(rng.random(n) < DUPLICATE_ACCOUNT_SHARE)
    duplicate_signup = signup[duplicate_of] + rng.random(duplicate_of.shape[0]) * (span - signup[duplicate_of])

    return People(
        index=index,
        english=english,
        gender=gender,
        name=name,
        phone=identity.mobile_numbers(index).alias("phone"),
        email=email,
        city=city,
        industry=industry,
        company=company,
        birthday=birthday,
        has_birthday=rng.random(n) < 0.85,
        signup=signup,
        acquisition=rng.choice(len(ACQUISITION_CHANNELS), size=n, p=weights(ACQUISITION_WEIGHTS)),
        writes_english=writes_english,
        handle=handle,
        handle_platform=handle_platform,
        spend_mu=np.log(150.0) + SPEND_LEVEL_SPREAD * rng.standard_normal(n) + 0.35 * b2b,
        currency=currency,
        favourite=rng.choice(len(CATEGORIES), size=n, p=weights([c[3] for c in CATEGORIES])),
        purchase_weight=np.minimum(rng.gamma(0.45, 1.0, size=n), MAX_PURCHASE_WEIGHT),
        fussiness=rng.lognormal(0.0, 0.6, size=n),
        mood=rng.standard_normal(n),
        lifetime_end=lifetime_end,
        duplicate_of=duplicate_of,
        duplicate_signup=duplicate_signup,
    )


def settle_churn(rng: np.random.Generator, people: People, timeline: Timeline, bad_since: np.ndarray) -> None:
    """Churn time and reactivation window, given when each person first had a bad experience.

    A bad experience (a complaint, slow or poor service) makes many people leave within weeks, earlier
    than their natural lifetime. Some of those who left come back after a long pause.
    """
    n = people.n
    leaves_early = (bad_since < people.lifetime_end) & (rng.random(n) < 0.6)
    people.churn = np.where(
        leaves_early,
        np.minimum(people.lifetime_end, bad_since + rng.exponential(45.0, size=n)),
        people.lifetime_end,
    )
    comes_back = (people.churn < timeline.last_second - 120) & (rng.random(n) < 0.22)
    start = people.churn + 120 + rng.exponential(150.0, size=n)
    end = start + rng.exponential(300.0, size=n)
    comes_back &= start < timeline.last_second
    people.return_start = np.where(comes_back, start, np.nan)
    people.return_end = np.where(comes_back, end, np.nan)


def crm_customers(rng: np.random.Generator, people: People, timeline: Timeline, spend_12m_cny: np.ndarray) -> pl.DataFrame:
    """The CRM export: one row per account (a few people have two), ordered by signup."""
    n = people.n
    tier = np.searchsorted(np.array(TIER_THRESHOLDS_CNY), spend_12m_cny, side="right") - 1
    # The CRM lags reality: some tiers are a level off.
    stale = rng.random(n) < 0.1
    tier = np.where(stale, np.clip(tier + rng.choice([-1, 1], size=n), -1, 2), tier)

    main = pl.DataFrame({
        "customer_id": people.customer_id,
        "name": people.name,
        "phone": where(rng.random(n) >= 0.04, identity.present_phones(rng, people.phone, clean_share=0.85)),
        "email": where(rng.random(n) >= 0.2, identity.present_emails(rng, people.email, clean_share=0.9)),
        "gender": labels(GENDERS, people.gender),
        "birthday": calendar_date(people.birthday, people.has_birthday),
        "city": labels([c[0] for c in CITIES], people.city),
        "region": labels([c[1] for c in CITIES], people.city),
        "industry": people.industry,
        "company": people.company,
        "signup_at": local_timestamp(timeline, people.signup),
        "acquisition_channel": labels(ACQUISITION_CHANNELS, people.acquisition),
        "member_tier": where(tier >= 0, labels(MEMBER_TIERS, np.maximum(tier, 0))),
    })
    main = main.with_columns(_sort=pl.Series(people.signup))

    d = people.duplicate_of
    m = d.shape[0]
    # A second account: same person and phone (typed differently), often a new e-mail, opened later in a store.
    new_email = pl.Series(identity.scramble(identity.DUPLICATE_OFFSET + people.index[d], salt=3)).cast(pl.Utf8) + "@163.com"
    duplicates = main[d].with_columns(
        customer_id=people.duplicate_id,
        phone=identity.present_phones(rng, people.phone[d], clean_share=0.3),
        email=choose(rng.random(m) < 0.5, people.email[d], new_email),
        birthday=where(rng.random(m) < 0.5, main["birthday"][d]),
        signup_at=local_timestamp(timeline, people.duplicate_signup),
        acquisition_channel=pl.lit("store"),
        member_tier=pl.lit(None, dtype=pl.Utf8),
        _sort=pl.Series(people.duplicate_signup),
    )
    return pl.concat([main, duplicates]).sort("_sort", maintain_order=True).select(CUSTOMERS.field_names)


def social_handles(index: np.ndarray, platform: np.ndarray, local_part: pl.Series) -> pl.Series:
    """Platform-style handles ('@小红薯_123', 'weibo_user_88', '@john_smith_42', ...), null where platform < 0."""
    number = pl.Series(identity.scramble(index, salt=5)).cast(pl.Utf8)
    local_part = local_part.str.replace_all(".", "_", literal=True).str.strip_chars_end("_")
    code = pl.Series(platform)
    weibo, wechat, xhs, douyin, twitter = (PLATFORMS.index(p) for p in ("weibo", "wechat", "xiaohongshu", "douyin", "twitter"))
    parity = pl.Series(index % 2 == 0)
    expr = (
        pl.when(code == weibo).then(pl.when(parity).then("weibo_user_" + number).otherwise(local_part + "_" + number))
        .when(code == wechat).then("wxid_" + number)
        .when(code == xhs).then("@小红薯_" + number)
        .when(code == douyin).then(pl.when(parity).then("dy" + number).otherwise("抖音用户" + number))
        .when(code == twitter).then("@" + local_part + "_" + number)
        .otherwise(None)
    )
    return pl.select(expr.alias("social_handle")).to_series()


def _handle_platforms(rng: np.random.Generator, english: np.ndarray) -> np.ndarray:
    n = english.shape[0]
    # PLATFORMS order: weibo, wechat, xiaohongshu, douyin, twitter
    chinese = rng.choice(5, size=n, p=[0.3, 0.15, 0.3, 0.2, 0.05])
    western = rng.choice(5, size=n, p=[0.1, 0.2, 0.1, 0.0, 0.6])
    platform = np.where(english, western, chinese)
    return np.where(rng.random(n) < HANDLE_SHARE, platform, -1)


def person_names(rng: np.random.Generator, english: np.ndarray, gender: np.ndarray) -> tuple[pl.Series, pl.Series]:
    """Display names and the pinyin / English stem of their e-mail addresses."""
    n = english.shape[0]
    surname_w = 1.0 / (np.arange(len(SURNAMES)) + 4.0)
    s = rng.choice(len(SURNAMES), size=n, p=surname_w / surname_w.sum())
    surname = labels([x for x, _ in SURNAMES], s)
    py = labels([p for _, p in SURNAMES], s)
    female = (gender == 1) | ((gender == 2) & (rng.random(n) < 0.5))
    # Given names of one or two characters from a list per sex; characters and pinyin share the code.
    chars = [c for c, _ in GIVEN_MALE] + [c for c, _ in GIVEN_FEMALE]
    pinyin = [p for _, p in GIVEN_MALE] + [p for _, p in GIVEN_FEMALE]
    code = np.where(female[:, None], len(GIVEN_MALE) + rng.integers(len(GIVEN_FEMALE), size=(n, 2)),
                    rng.integers(len(GIVEN_MALE), size=(n, 2)))
    two_chars = rng.random(n) < 0.65
    first = labels(chars, code[:, 0]) + choose(two_chars, labels(chars, code[:, 1]), blank(n))
    first_py = labels(pinyin, code[:, 0]) + choose(two_chars, labels(pinyin, code[:, 1]), blank(n))
    zh_name = surname + first
    style = rng.integers(3, size=n)
    zh_local = choose(style == 0, first_py + py, choose(style == 1, py + "." + first_py, py + first_py + "_"))

    en_first = draw(rng, ENGLISH_FIRST, n)
    en_last = draw(rng, ENGLISH_LAST, n)
    en_name = en_first + " " + en_last
    en_local = en_first.str.to_lowercase() + "." + en_last.str.to_lowercase()

    return choose(english, en_name, zh_name).alias("name"), choose(english, en_local, zh_local).alias("local")


def _companies(rng: np.random.Generator, english: np.ndarray, city: np.ndarray) -> pl.Series:
    n = english.shape[0]
    # Half the companies carry their city in the name, as registered Chinese company names do.
    prefix = choose(rng.random(n) < 0.5, labels([c[0] for c in CITIES], city), blank(n))
    zh = prefix + draw(rng, COMPANY_WORDS, n) + draw(rng, COMPANY_TRADES, n) + draw(rng, COMPANY_SUFFIXES, n)
    return choose(english, draw(rng, ENGLISH_COMPANIES, n), zh)
