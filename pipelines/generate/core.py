"""Generate the landing files of every source, chunk by chunk, and the manifest that describes them.

A chunk holds CHUNK_CUSTOMERS people and everything they do, so memory stays flat at any scale and
each chunk becomes one part file per entity. Every chunk draws from its own random streams
(seed, chunk number, stream), so the output depends only on the arguments.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import Path

import numpy as np
import polars as pl
from tqdm import tqdm

from pipelines.generate import identity
from pipelines.generate.customers import crm_customers, make_people, settle_churn
from pipelines.generate.damage import damage
from pipelines.generate.orders import PAID, OrderBatch, make_orders
from pipelines.generate.service import experience_of, interactions, simulate_contacts
from pipelines.generate.voice import mentions, survey_responses
from pipelines.generate.world import World
from pipelines.settings import DEFAULT_UNLINKED_SHARE
from pipelines.generate.writers import remove_generated, write_part
from pipelines.generate.sources import CUSTOMERS, INTERACTIONS, MENTIONS, ORDER_ITEMS, ORDERS, RESPONSES
from pipelines.sources.canonical import CURRENCIES

BASE_CUSTOMERS = 10_000  # at scale factor 1
CHUNK_CUSTOMERS = 25_000
MANIFEST_NAME = "_manifest.json"
SPECS = (CUSTOMERS, ORDERS, ORDER_ITEMS, INTERACTIONS, MENTIONS, RESPONSES)
MAX_CHUNKS = (10**8 - identity.STRANGER_OFFSET) // identity.STRANGERS_PER_CHUNK

# Random streams of a chunk.
PEOPLE, CONTACTS, CHURN, SERVICE_ROWS, ORDER_ROWS, CRM_ROWS, SURVEY_ROWS, SOCIAL_ROWS = range(1, 9)
DAMAGE = 100  # + position of the spec in SPECS


@dataclass
class Numbering:
    """Next sequence number of each id, carried from chunk to chunk."""

    order: int = 1
    interaction: int = 1
    response: int = 1
    mention: int = 1


@dataclass
class Tally:
    """What was written for one table."""

    rows: int = 0
    files: list[dict] = field(default_factory=list)
    damaged: dict[str, int] = field(default_factory=dict)


@dataclass
class PaidOrders:
    """Undamaged, non-duplicate paid orders: what the warehouse must add up to."""

    count: int = 0
    cents_by_currency: dict[str, int] = field(default_factory=dict)

    @classmethod
    def from_manifest(cls, orders: dict) -> PaidOrders:
        """The tally as a manifest's orders entry records it."""
        cents = {currency: int(round(amount * 100)) for currency, amount in orders["paid_amount_by_currency"].items()}
        return cls(orders["paid_orders"], cents)

    def add(self, batch: OrderBatch, damaged: np.ndarray) -> None:
        self._count_in((batch.status == PAID) & ~damaged, batch.currency, batch.amount_cents, +1)

    def remove(self, currency: np.ndarray, amount_cents: np.ndarray) -> None:
        """Paid orders that a correction turned into refunded ones."""
        self._count_in(np.ones(currency.shape[0], dtype=bool), currency, amount_cents, -1)

    def manifest_fields(self) -> dict:
        return {
            "paid_orders": self.count,
            "paid_amount_by_currency": {c: round(cents / 100, 2) for c, cents in sorted(self.cents_by_currency.items())},
            # The plain sum of the amounts as written, whatever their currency; compare money per currency.
            "paid_amount_total": round(sum(self.cents_by_currency.values()) / 100, 2),
        }

    def _count_in(self, rows: np.ndarray, currency: np.ndarray, amount_cents: np.ndarray, sign: int) -> None:
        self.count += sign * int(rows.sum())
        cents = np.bincount(currency[rows], weights=amount_cents[rows], minlength=len(CURRENCIES))
        for code, name in enumerate(CURRENCIES):
            if cents[code]:
                self.cents_by_currency[name] = self.cents_by_currency.get(name, 0) + sign * int(round(cents[code]))


def generate(landing_root: Path, scale: float, seed: int = 42, damage_rate: float = 0.01,
             end_date: date = date(2026, 10, 31), years: int = 3, progress: bool = True,
             unlinked_share: float = DEFAULT_UNLINKED_SHARE) -> dict:
    """Write synthetic landing files for every source under ``landing_root`` and return the manifest.

    Scale factor 1 is 10,000 customers and about 200,000 orders. The manifest (also written to
    ``<landing_root>/_manifest.json``) lists per table the rows and files written, the damaged rows per
    damage kind and, for orders, the count and amount of undamaged paid orders per currency; ``next_ids``
    holds the next person number and id sequence numbers, where a daily drop (``day_drop``) carries on.
    """
    if scale <= 0:
        raise ValueError("scale must be positive")
    if not 0 <= damage_rate <= 0.5:
        raise ValueError("damage_rate must be between 0 and 0.5")
    if years < 1:
        raise ValueError("years must be at least 1")
    if not 0 <= unlinked_share <= 1:
        raise ValueError("unlinked_share must be between 0 and 1")
    landing_root = Path(landing_root)
    n_customers = max(1, round(BASE_CUSTOMERS * scale))
    chunks = chunk_bounds(n_customers)
    if len(chunks) > MAX_CHUNKS:
        raise ValueError(f"scale {scale} needs {len(chunks)} chunks; at most {MAX_CHUNKS} are supported")

    world = World.create(seed, end_date, years, unlinked_share)
    numbering = Numbering()
    tallies = {spec.table: Tally() for spec in SPECS}
    paid = PaidOrders()
    for spec in SPECS:
        remove_generated(spec, landing_root)

    for chunk_no, (first, size) in enumerate(tqdm(chunks, desc="generate", unit="chunk", disable=not progress), start=1):
        frames, batch = _chunk(world, chunk_no, first, size, numbering)
        for position, spec in enumerate(SPECS):
            result = damage(world.rng(chunk_no, DAMAGE + position), frames[spec.table], spec, damage_rate)
            path = write_part(result.frame, spec, landing_root, chunk_no)
            tally = tallies[spec.table]
            tally.rows += result.frame.height
            tally.files.append({"path": path.relative_to(landing_root).as_posix(), "rows": result.frame.height})
            for kind, count in result.counts.items():
                tally.damaged[kind] = tally.damaged.get(kind, 0) + count
            if spec is ORDERS:
                paid.add(batch, result.damaged)

    summary = _summary(scale, seed, damage_rate, unlinked_share, end_date, years, n_customers, len(chunks), tallies,
                       paid)
    summary["next_ids"] = {"person": n_customers, **asdict(numbering)}
    landing_root.mkdir(parents=True, exist_ok=True)
    (landing_root / MANIFEST_NAME).write_text(json.dumps(summary, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return summary


def chunk_bounds(n_customers: int) -> list[tuple[int, int]]:
    """First person and size of every chunk."""
    return [(first, min(CHUNK_CUSTOMERS, n_customers - first)) for first in range(0, n_customers, CHUNK_CUSTOMERS)]


def _chunk(world: World, chunk_no: int, first: int, size: int,
           numbering: Numbering) -> tuple[dict[str, pl.DataFrame], OrderBatch]:
    """All rows of one chunk of people, before damage; advances ``numbering``."""
    timeline = world.timeline
    people = make_people(world.rng(chunk_no, PEOPLE), timeline, first, size)
    contacts = simulate_contacts(world.rng(chunk_no, CONTACTS), timeline, people)
    settle_churn(world.rng(chunk_no, CHURN), people, timeline, experience_of(contacts, people.n).bad_since)
    # People who left stop calling a month later; experience is re-read from what remains.
    owner = np.maximum(contacts.owner, 0)
    contacts = contacts.subset((contacts.owner < 0) | (contacts.opened <= people.churn[owner] + 30))
    experience = experience_of(contacts, people.n)

    service, handles_at_desk = interactions(world.rng(chunk_no, SERVICE_ROWS), world, people, contacts, chunk_no,
                                            numbering.interaction)
    batch = make_orders(world.rng(chunk_no, ORDER_ROWS), timeline, people, experience, numbering.order)
    customers = crm_customers(world.rng(chunk_no, CRM_ROWS), people, timeline, batch.spend_12m_cny)
    surveys, handles_in_surveys = survey_responses(world.rng(chunk_no, SURVEY_ROWS), timeline, people, experience,
                                                   numbering.response)
    social = mentions(world.rng(chunk_no, SOCIAL_ROWS), world, people, experience, handles_at_desk | handles_in_surveys,
                      chunk_no, numbering.mention)

    numbering.order += batch.orders.height
    numbering.interaction += service.height
    numbering.response += surveys.height
    numbering.mention += social.height
    frames = {
        CUSTOMERS.table: customers,
        ORDERS.table: batch.orders,
        ORDER_ITEMS.table: batch.items,
        INTERACTIONS.table: service,
        MENTIONS.table: social,
        RESPONSES.table: surveys,
    }
    return frames, batch


def _summary(scale: float, seed: int, damage_rate: float, unlinked_share: float, end_date: date, years: int,
             n_customers: int, n_chunks: int, tallies: dict[str, Tally], paid: PaidOrders) -> dict:
    tables = {}
    for spec in SPECS:
        tally = tallies[spec.table]
        entry = {"rows": tally.rows, "files": tally.files, "damaged": tally.damaged}
        if spec is ORDERS:
            entry.update(paid.manifest_fields())
        tables[spec.table] = entry
    return {
        "params": {
            "scale": scale, "seed": seed, "damage_rate": damage_rate, "unlinked_share": unlinked_share,
            "end_date": end_date.isoformat(),
            "years": years, "people": n_customers, "chunks": n_chunks,
        },
        "tables": tables,
    }
