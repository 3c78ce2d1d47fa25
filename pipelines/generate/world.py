"""What all chunks share: the timeline, the service desk's agents and the days social media blew up.

Drawn once from the seed alone, so every chunk sees the same agents and the same negative spikes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np
import polars as pl

from pipelines.generate.customers import person_names
from pipelines.generate.text import SOCIAL_TOPICS
from pipelines.generate.timeline import Timeline
from pipelines.generate.vocab import AGENTS_PER_DEPARTMENT, DEPARTMENTS
from pipelines.settings import DEFAULT_UNLINKED_SHARE
from pipelines.sources.canonical import PLATFORMS

GLOBAL_STREAM = 0  # chunk numbers start at 1
SPIKES_PER_YEAR = 2
# Extra negative posts on a spike day per 10,000 customers (a normal day has about 20 posts).
SPIKE_POSTS_PER_10K = (120.0, 320.0)


@dataclass(frozen=True)
class Spikes:
    day: np.ndarray  # day into the window
    topic: np.ndarray  # index into text.SOCIAL_TOPICS
    platform: np.ndarray  # index into canonical.PLATFORMS where the storm happens
    posts_per_10k: np.ndarray


@dataclass(frozen=True)
class World:
    seed: int
    timeline: Timeline
    agents: pl.Series  # AGENTS_PER_DEPARTMENT names per department, in DEPARTMENTS order
    spikes: Spikes
    unlinked_share: float = DEFAULT_UNLINKED_SHARE

    @classmethod
    def create(cls, seed: int, end: date, years: int, unlinked_share: float = DEFAULT_UNLINKED_SHARE) -> World:
        rng = np.random.default_rng([seed, GLOBAL_STREAM])
        timeline = Timeline.create(end, years)
        n_agents = len(DEPARTMENTS) * AGENTS_PER_DEPARTMENT
        agents, _ = person_names(rng, np.zeros(n_agents, dtype=bool), rng.choice(2, size=n_agents))
        n_spikes = max(1, SPIKES_PER_YEAR * years)
        # Complaint storms are about quality, delivery, price or service, not "other".
        spikes = Spikes(
            day=np.sort(rng.integers(min(30, timeline.n_days - 1), timeline.n_days, size=n_spikes)).astype(np.float64),
            topic=rng.integers(len(SOCIAL_TOPICS) - 1, size=n_spikes),
            platform=rng.choice([PLATFORMS.index(p) for p in ("weibo", "xiaohongshu", "douyin")], size=n_spikes),
            posts_per_10k=rng.uniform(*SPIKE_POSTS_PER_10K, size=n_spikes),
        )
        return cls(seed=seed, timeline=timeline, agents=agents, spikes=spikes, unlinked_share=unlinked_share)

    def rng(self, chunk_no: int, stream: int) -> np.random.Generator:
        """The random stream of one part of one chunk: independent of the other parts and chunks."""
        return np.random.default_rng([self.seed, chunk_no, stream])
