"""A daily drop: the landing files of the day after the latest data, on top of an existing landing folder.

``generate_day_drop`` reads ``<landing>/_manifest.json`` (parameters, seed, scale, rows per table, next
ids) and writes one new file per entity, ``<entity>_day<NNNN>.<ext>`` beside the part files (the name
sorts after them, so the loader reads the drop last). A drop holds:

- new rows at about one day of the base data's rate (orders follow the calendar, so Double-11 is busy):
  customers who sign up, orders and their lines of new and existing customers, service interactions,
  social mentions and survey invitations;
- late rows: a share of the new rows is dated LATE_DAYS days before the drop's day, as an export that
  arrives late;
- corrections: existing orders re-sent with a refund (in full: status refunded; or in part) and existing
  customers re-sent with another member tier or city. The keys stay the same, so the latest load per
  key (staging) replaces the old version.

Existing people are rebuilt from the seed exactly as the base run and the earlier drops drew them, so a
returning customer keeps their currency, spending level and contact details. Their past is not
replayed: who is still around follows their natural lifetime, and earlier complaints leave no mark on
the drop. Rows to correct are read back from landing files (one base part, a different one each day,
and the earlier drops: for orders only those of the refund window) and only rows the contract accepts
are re-sent, in the version the warehouse holds. Every drop holds at least MIN_ROWS
rows of each kind, so a tiny landing folder exercises every path; damage follows the manifest's rate.

A drop depends only on the manifest and its day number: drop N of folders made alike is the same bytes.
The manifest's totals (rows, files, damage and paid orders per table) grow with every drop, and
``day_drops`` records each drop: its date, new people, and per table its new, late and corrected rows.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, replace
from datetime import date, timedelta
from pathlib import Path

import duckdb
import numpy as np
import polars as pl

from pipelines.generate import core, identity
from pipelines.generate.columns import labels, money
from pipelines.generate.customers import MEAN_LIFETIME_DAYS, People, concat_people, crm_customers, make_people
from pipelines.generate.damage import damage
from pipelines.generate.orders import FIRST_ORDER_SHARE, OrderBatch, orders_placed
from pipelines.generate.service import STRANGER_SHARE, Experience, describe_contacts, interactions
from pipelines.generate.timeline import (
    ORDER_HOURS, SECONDS_PER_DAY, SERVICE_HOURS, SOCIAL_HOURS, Timeline, order_seasonality,
)
from pipelines.generate.vocab import CITIES
from pipelines.generate.voice import (
    KNOWN_AUTHOR_SHARE, anonymous_authors, everyday_posts, known_posts, mention_rows, survey_rows,
)
from pipelines.generate.world import World
from pipelines.settings import DEFAULT_UNLINKED_SHARE
from pipelines.generate.writers import day_drop_name, part_name, write_file
from pipelines.ingest.contract import checked_rows_sql, text_column
from pipelines.sources.base import EntitySpec
from pipelines.generate.sources import CUSTOMERS, INTERACTIONS, MENTIONS, ORDER_ITEMS, ORDERS, RESPONSES
from pipelines.sources.canonical import CURRENCIES, MEMBER_TIERS

# Separates a drop's random streams ([seed, DROP_ENTROPY, day, stream]) from a chunk's ([seed, chunk, stream]).
DROP_ENTROPY = 1_000_003
# Random streams of a drop.
NEWCOMERS, PEOPLE, ORDER_TIMES, ORDER_ROWS, CONTACTS, SERVICE_ROWS, SURVEY_ROWS, SOCIAL_ROWS, CRM_ROWS = range(1, 10)
ORDER_CORRECTIONS, CUSTOMER_CORRECTIONS = 10, 11
DAMAGE = 100  # + position of the spec in core.SPECS

MIN_ROWS = 2  # of every kind (new rows per table, corrections per kind), whatever the scale
LATE_SHARE = 0.05  # of the new rows; at least one per table
LATE_DAYS = (2, 5)  # a late row is dated this many days before the drop's day (both included)
ORDER_CORRECTION_SHARE = 0.03  # re-sent orders, per new order of the day
CUSTOMER_CORRECTIONS_PER_10K = 5.0  # re-sent customers a day, per 10,000 people
FULL_REFUND_SHARE = 0.5  # of the corrected orders; the others are refunded in part
REFUND_WINDOW_DAYS = 30  # only orders this recent are refunded
SURVEY_AFTER_SIGNUP_DAYS = 7
SURVEY_HOURS = (10.0, 20.0)  # invitations go out between these local hours


@dataclass(frozen=True)
class DropDay:
    """One daily drop: its day number and date, the world it happens in, its random streams."""

    seed: int
    day: int  # 1 for the first drop after the base data
    date: date
    world: World  # the base run's world, its timeline stretched to the drop's day
    rotating_chunk: int  # the base chunk whose part files and strangers this day draws on

    @property
    def timeline(self) -> Timeline:
        return self.world.timeline

    @property
    def start(self) -> float:
        """The drop's day, in days into the window."""
        return float(self.timeline.n_days - 1)

    @property
    def base_days(self) -> int:
        """Days of the base run's window."""
        return self.timeline.n_days - self.day

    def rng(self, stream: int) -> np.random.Generator:
        return np.random.default_rng([self.seed, DROP_ENTROPY, self.day, stream])


def generate_day_drop(landing_root: Path) -> dict:
    """Write the next daily drop into ``landing_root`` and record it in the manifest; returns the drop's entry."""
    landing_root = Path(landing_root)
    manifest_path = landing_root / core.MANIFEST_NAME
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    if "next_ids" not in manifest:
        raise ValueError(f"{manifest_path} has no next_ids (written by an older generator): "
                         "regenerate the landing folder with `insight generate --overwrite`")
    params = manifest["params"]
    earlier = manifest.get("day_drops", [])
    drop = _drop_day(params, len(earlier) + 1)
    targets = [spec.landing_dir(landing_root) / day_drop_name(spec, drop.day) for spec in core.SPECS]
    existing_files = [str(path) for path in targets if path.exists()]
    if existing_files:
        raise FileExistsError(f"day {drop.day} is not in the manifest but its files exist: {existing_files}")

    next_ids = manifest["next_ids"]
    n_new = _count(drop.rng(NEWCOMERS), params["people"] / drop.base_days)
    if next_ids["person"] + n_new > identity.DUPLICATE_OFFSET:
        raise ValueError("no person numbers left for new customers")
    returning = _people_so_far(params, earlier)
    newcomers = _newcomers(drop, next_ids["person"], n_new)
    people = concat_people([returning, newcomers])
    is_new = np.arange(people.n) >= returning.n
    rates = {spec.table: _base_rows(manifest, spec) / drop.base_days for spec in core.SPECS}

    batch, late_orders = _orders(drop, people, is_new, rates[ORDERS.table], next_ids["order"])
    refunds = _order_corrections(drop, landing_root, earlier, batch.orders.height)
    service, late_service = _interactions(drop, people, is_new, rates[INTERACTIONS.table], next_ids["interaction"])
    surveys, late_surveys = _surveys(drop, people, is_new, rates[RESPONSES.table], next_ids["response"])
    social, late_social = _mentions(drop, people, is_new, rates[MENTIONS.table], next_ids["mention"])
    customers = crm_customers(drop.rng(CRM_ROWS), newcomers, drop.timeline, np.zeros(n_new))
    changed_customers = _customer_corrections(drop, landing_root, earlier, people.n)

    late_ids = batch.orders["order_id"].filter(pl.Series(late_orders))
    parts = {  # new rows, corrections, late rows among the new ones
        CUSTOMERS.table: (customers, changed_customers, int((newcomers.signup < drop.start).sum())),
        ORDERS.table: (batch.orders, refunds.orders, int(late_orders.sum())),
        ORDER_ITEMS.table: (batch.items, None, batch.items.filter(pl.col("order_id").is_in(late_ids.implode())).height),
        INTERACTIONS.table: (service, None, late_service),
        MENTIONS.table: (social, None, late_social),
        RESPONSES.table: (surveys, None, late_surveys),
    }

    paid = core.PaidOrders.from_manifest(manifest["tables"][ORDERS.table])
    tables = _write_drop(drop, landing_root, parts, params["damage_rate"], batch, refunds, paid)

    entry = {"day": drop.day, "date": drop.date.isoformat(), "people": {"first": next_ids["person"], "count": n_new},
             "tables": tables}
    _record(manifest, entry, paid)
    manifest["next_ids"] = {
        "person": next_ids["person"] + n_new,
        "order": next_ids["order"] + batch.orders.height,
        "interaction": next_ids["interaction"] + service.height,
        "response": next_ids["response"] + surveys.height,
        "mention": next_ids["mention"] + social.height,
    }
    temporary = manifest_path.with_name(manifest_path.name + ".tmp")
    temporary.write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    os.replace(temporary, manifest_path)
    return entry


def _write_drop(drop: DropDay, landing_root: Path, parts: dict, damage_rate: float, batch: OrderBatch,
                refunds: Refunds, paid: core.PaidOrders) -> dict:
    """Damage and write each table's file; returns the manifest entries per table and updates ``paid``."""
    tables = {}
    for position, spec in enumerate(core.SPECS):
        new_rows, corrections, late = parts[spec.table]
        frame = new_rows if corrections is None else pl.concat([new_rows, corrections])
        result = damage(drop.rng(DAMAGE + position), frame, spec, damage_rate)
        path = write_file(result.frame, spec, landing_root, day_drop_name(spec, drop.day))
        tables[spec.table] = {
            "rows": result.frame.height,
            "new": new_rows.height,
            "late": late,
            "corrections": 0 if corrections is None else corrections.height,
            "damaged": result.counts,
            "files": [{"path": path.relative_to(landing_root).as_posix(), "rows": result.frame.height, "day": drop.day}],
        }
        if spec is ORDERS:
            paid.add(batch, result.damaged[: new_rows.height])
            became_refunded = refunds.full & ~result.damaged[new_rows.height:]
            paid.remove(refunds.currency[became_refunded], refunds.amount_cents[became_refunded])
    return tables


def _drop_day(params: dict, day: int) -> DropDay:
    base = World.create(params["seed"], date.fromisoformat(params["end_date"]), params["years"],
                        params.get("unlinked_share", DEFAULT_UNLINKED_SHARE))
    when = base.timeline.end + timedelta(days=day)
    return DropDay(
        seed=params["seed"],
        day=day,
        date=when,
        world=replace(base, timeline=Timeline.between(base.timeline.start, when)),
        rotating_chunk=(day - 1) % params["chunks"] + 1,
    )


def _base_rows(manifest: dict, spec: EntitySpec) -> int:
    """Rows the base run wrote for ``spec`` (daily drops' files carry their day)."""
    return sum(f["rows"] for f in manifest["tables"][spec.table]["files"] if "day" not in f)


def _record(manifest: dict, entry: dict, paid: core.PaidOrders) -> None:
    """Add a drop to the manifest's totals and to its list of drops."""
    for table, drop_table in entry["tables"].items():
        total = manifest["tables"][table]
        total["rows"] += drop_table["rows"]
        total["files"].extend(drop_table["files"])
        for kind, count in drop_table["damaged"].items():
            total["damaged"][kind] = total["damaged"].get(kind, 0) + count
    manifest["tables"][ORDERS.table].update(paid.manifest_fields())
    manifest.setdefault("day_drops", []).append(entry)


# --- people ---------------------------------------------------------------------------------------

def _people_so_far(params: dict, earlier: list[dict]) -> People:
    """Everyone of the base run and of the earlier drops, drawn again from the seed."""
    base = World.create(params["seed"], date.fromisoformat(params["end_date"]), params["years"],
                        params.get("unlinked_share", DEFAULT_UNLINKED_SHARE))
    groups = [make_people(base.rng(chunk_no, core.PEOPLE), base.timeline, first, size)
              for chunk_no, (first, size) in enumerate(core.chunk_bounds(params["people"]), start=1)]
    groups += [_newcomers(_drop_day(params, e["day"]), e["people"]["first"], e["people"]["count"]) for e in earlier]
    return concat_people(groups)


def _newcomers(drop: DropDay, first: int, n: int) -> People:
    """The people who sign up on the drop's day (late rows: a few days earlier), with no second account yet."""
    rng = drop.rng(PEOPLE)
    people = make_people(rng, drop.timeline, first, n)
    people.signup = drop.start - _days_back(rng, n) + rng.random(n)
    people.lifetime_end = people.signup + rng.exponential(MEAN_LIFETIME_DAYS, size=n)
    people.duplicate_of = np.zeros(0, dtype=np.int64)
    people.duplicate_signup = np.zeros(0)
    return people


def _around(drop: DropDay, people: People, is_new: np.ndarray) -> np.ndarray:
    """Who is still a customer on the drop's day: newcomers, and the others within their natural lifetime."""
    return is_new | ((people.signup <= drop.start) & (people.lifetime_end >= drop.start))


def _no_history(people: People) -> Experience:
    return Experience(np.full(people.n, np.inf), np.full(people.n, np.inf))


def _pick(rng: np.random.Generator, weight: np.ndarray, n: int) -> np.ndarray:
    """``n`` indices drawn in proportion to ``weight`` (uniformly when every weight is zero)."""
    total = weight.sum()
    return rng.choice(weight.shape[0], size=n, p=weight / total if total > 0 else None)


def _days_back(rng: np.random.Generator, n: int) -> np.ndarray:
    """How many days before the drop's day each of ``n`` rows is dated: 0, or LATE_DAYS for a late row."""
    late = rng.random(n) < LATE_SHARE
    if n and not late.any():
        late[rng.integers(n)] = True
    return np.where(late, rng.integers(LATE_DAYS[0], LATE_DAYS[1] + 1, size=n), 0)


def _times(rng: np.random.Generator, drop: DropDay, cum: np.ndarray, n: int, hours: np.ndarray) -> np.ndarray:
    """``n`` times on the drop's day (late rows: on their earlier day), following ``cum`` and ``hours``."""
    day = drop.start - _days_back(rng, n)
    return drop.timeline.sample(rng, cum, day, day + 1 - 1 / SECONDS_PER_DAY, hours)


def _count(rng: np.random.Generator, expected: float) -> int:
    return max(MIN_ROWS, int(rng.poisson(expected)))


# --- new rows -------------------------------------------------------------------------------------

def _orders(drop: DropDay, people: People, is_new: np.ndarray, per_day: float,
            first_number: int) -> tuple[OrderBatch, np.ndarray]:
    """The day's orders, and which of them are late; most newcomers buy on the day they sign up."""
    rng = drop.rng(ORDER_TIMES)
    timeline = drop.timeline
    newcomers = np.flatnonzero(is_new)
    buyers = newcomers[rng.random(newcomers.shape[0]) < FIRST_ORDER_SHARE]
    signup = people.signup[buyers]
    first_t = signup + rng.random(buyers.shape[0]) * (np.floor(signup) + 1 - 1 / SECONDS_PER_DAY - signup)
    base_days = np.datetime64(timeline.start) + np.arange(drop.base_days)
    season = order_seasonality(np.array([drop.date], dtype="datetime64[D]"))[0] / order_seasonality(base_days).mean()
    n_repeat = max(MIN_ROWS, int(rng.poisson(per_day * season)) - buyers.shape[0])
    repeat_owner = _pick(rng, people.purchase_weight * (_around(drop, people, is_new) & ~is_new), n_repeat)
    repeat_t = _times(rng, drop, timeline.order_cum, n_repeat, ORDER_HOURS)
    owner, t = np.concatenate([buyers, repeat_owner]), np.concatenate([first_t, repeat_t])
    chronological = np.argsort(t, kind="stable")
    owner, t = owner[chronological], t[chronological]
    batch = orders_placed(drop.rng(ORDER_ROWS), timeline, people, _no_history(people), owner, t, first_number)
    return batch, t < drop.start


def _interactions(drop: DropDay, people: People, is_new: np.ndarray, per_day: float,
                  first_number: int) -> tuple[pl.DataFrame, int]:
    """The day's service desk export (prospects are the rotating chunk's strangers), and how many rows are late."""
    rng = drop.rng(CONTACTS)
    n = _count(rng, per_day)
    weight = np.sqrt(people.fussiness) * _around(drop, people, is_new)
    owner = np.where(rng.random(n) < STRANGER_SHARE, -1, _pick(rng, weight, n))
    opened = _times(rng, drop, drop.timeline.service_cum, n, SERVICE_HOURS)
    contacts = describe_contacts(rng, people, owner, opened)
    frame, _ = interactions(drop.rng(SERVICE_ROWS), drop.world, people, contacts, drop.rotating_chunk, first_number)
    return frame, int((opened < drop.start).sum())


def _surveys(drop: DropDay, people: People, is_new: np.ndarray, per_day: float,
             first_number: int) -> tuple[pl.DataFrame, int]:
    """The day's survey invitations (of this month's NPS survey), answered where the answer came in time."""
    rng = drop.rng(SURVEY_ROWS)
    n = _count(rng, per_day)
    settled = people.signup <= drop.start - SURVEY_AFTER_SIGNUP_DAYS
    owner = _pick(rng, (_around(drop, people, is_new) & settled).astype(np.float64), n)
    low, high = SURVEY_HOURS
    sent = drop.start - _days_back(rng, n) + (low + (high - low) * rng.random(n)) / 24
    chronological = np.argsort(sent, kind="stable")
    owner, sent = owner[chronological], sent[chronological]
    sent_day = np.datetime64(drop.timeline.start) + np.floor(sent).astype(np.int64)
    survey_id = "NPS-" + pl.Series(sent_day.astype("datetime64[M]").astype(str))
    frame, _ = survey_rows(rng, drop.timeline, people, _no_history(people), owner, sent, survey_id, first_number)
    return frame, int((sent < drop.start).sum())


def _mentions(drop: DropDay, people: People, is_new: np.ndarray, per_day: float,
              first_number: int) -> tuple[pl.DataFrame, int]:
    """The day's posts: by customers with a handle, and by anonymous authors (the rotating chunk's strangers)."""
    rng = drop.rng(SOCIAL_ROWS)
    n = _count(rng, per_day)
    t = _times(rng, drop, drop.timeline.chatter_cum, n, SOCIAL_HOURS)
    authors_known = (_around(drop, people, is_new) & (people.handle_platform >= 0)).astype(np.float64)
    known = (rng.random(n) < KNOWN_AUTHOR_SHARE) & (authors_known.sum() > 0)
    owner = _pick(rng, authors_known, int(known.sum()))
    anonymous = anonymous_authors(rng, int((~known).sum()), drop.rotating_chunk)
    groups = [
        known_posts(rng, people, _no_history(people), owner, t[known]),
        everyday_posts(rng, anonymous, np.arange(int((~known).sum())), t[~known]),
    ]
    return mention_rows(rng, drop.timeline, groups, first_number), int((t < drop.start).sum())


# --- corrections ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class Refunds:
    """Paid orders re-sent with a refund."""

    orders: pl.DataFrame  # the re-sent rows
    full: np.ndarray  # refunded in full (status refunded) rather than in part (still paid)
    currency: np.ndarray  # codes into canonical.CURRENCIES
    amount_cents: np.ndarray


def _order_corrections(drop: DropDay, landing_root: Path, earlier: list[dict], n_orders: int) -> Refunds:
    """Recent paid orders, as the warehouse holds them, re-sent with a refund in full or in part."""
    rng = drop.rng(ORDER_CORRECTIONS)
    window_start = (drop.date - timedelta(days=REFUND_WINDOW_DAYS)).isoformat()
    recent_drops = [e for e in earlier if e["date"] >= window_start]
    rows = _accepted_rows(ORDERS, _sources(ORDERS, landing_root, drop, recent_drops))
    candidates = rows.filter((pl.col("status") == "paid") & pl.col("refund_amount").is_null()
                             & (pl.col("ordered_at") >= window_start))
    n = min(candidates.height, _count(rng, ORDER_CORRECTION_SHARE * n_orders))
    chosen = candidates[np.sort(rng.choice(candidates.height, size=n, replace=False))]
    amount = chosen["amount"].str.replace(".", "", literal=True).cast(pl.Int64).to_numpy()
    full = rng.random(n) < FULL_REFUND_SHARE
    partial = np.maximum(1, np.floor(amount * rng.uniform(0.05, 0.6, size=n))).astype(np.int64)
    resent = chosen.with_columns(
        status=labels(("paid", "refunded"), full.astype(np.int64)),
        refund_amount=money(np.where(full, amount, partial)),
    )
    currency = chosen["currency"].replace_strict(list(CURRENCIES), list(range(len(CURRENCIES))),
                                                 return_dtype=pl.Int64).to_numpy()
    return Refunds(resent, full, currency, amount)


def _customer_corrections(drop: DropDay, landing_root: Path, earlier: list[dict], n_people: int) -> pl.DataFrame:
    """Customers, as the warehouse holds them, re-sent after a move to another city or a new member tier."""
    rng = drop.rng(CUSTOMER_CORRECTIONS)
    rows = _accepted_rows(CUSTOMERS, _sources(CUSTOMERS, landing_root, drop, earlier))
    n = min(rows.height, _count(rng, CUSTOMER_CORRECTIONS_PER_10K * n_people / 10_000))
    chosen = rows[np.sort(rng.choice(rows.height, size=n, replace=False))]
    moved = rng.random(n) < 0.5
    city_code = {city[0]: code for code, city in enumerate(CITIES)}
    old_city = np.array([city_code.get(c, 0) for c in chosen["city"].to_list()], dtype=np.int64)
    new_city = (old_city + rng.integers(1, len(CITIES), size=n)) % len(CITIES)
    tier_code = {tier: code for code, tier in enumerate(MEMBER_TIERS)}
    old_tier = np.array([tier_code.get(t, -1) for t in chosen["member_tier"].to_list()], dtype=np.int64)
    new_tier = np.where(old_tier >= 0, old_tier + rng.integers(1, len(MEMBER_TIERS), size=n),
                        rng.integers(len(MEMBER_TIERS), size=n)) % len(MEMBER_TIERS)
    return chosen.with_columns(
        city=pl.when(pl.Series(moved)).then(labels([c[0] for c in CITIES], new_city)).otherwise(pl.col("city")),
        region=pl.when(pl.Series(moved)).then(labels([c[1] for c in CITIES], new_city)).otherwise(pl.col("region")),
        member_tier=pl.when(pl.Series(moved)).then(pl.col("member_tier")).otherwise(labels(MEMBER_TIERS, new_tier)),
    )


def _sources(spec: EntitySpec, landing_root: Path, drop: DropDay, drops: list[dict]) -> list[Path]:
    """The rotating chunk's part file and the files of ``drops``, in load order."""
    paths = [spec.landing_dir(landing_root) / part_name(spec, drop.rotating_chunk)]
    return paths + [landing_root / f["path"] for e in drops for f in e["tables"][spec.table]["files"]]


def _accepted_rows(spec: EntitySpec, paths: list[Path]) -> pl.DataFrame:
    """The rows of CSV landing files that the loader puts into raw, the latest per key (as staging keeps it)."""
    accepted = []
    with duckdb.connect() as con:
        con.execute(f"set TimeZone = '{spec.naive_timezone}'")
        for path in paths:
            frame = pl.read_csv(path, infer_schema=False).select(spec.field_names)
            landed = frame.select(
                pl.int_range(1, pl.len() + 1, dtype=pl.Int64).alias("_row_number"),
                pl.lit(None, dtype=pl.Utf8).alias("_raw_record"),
                pl.lit(None, dtype=pl.Utf8).alias("_parse_error"),
                *[pl.col(name).alias(text_column(name).strip('"')) for name in spec.field_names],
            )
            con.register("landed", landed)
            numbers = con.execute(
                f"select _row_number from ({checked_rows_sql(spec, 'landed')}) where _reason = '' order by 1"
            ).fetchnumpy()["_row_number"]
            con.unregister("landed")
            accepted.append(frame[np.asarray(numbers, dtype=np.int64) - 1])
    return pl.concat(accepted).unique(subset=list(spec.key), keep="last", maintain_order=True)
