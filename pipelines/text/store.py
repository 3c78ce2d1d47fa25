"""The score tables in the warehouse (schema ``text``) and the incremental scoring loop over them.

One table per scored text column. A row is scored again only when its text changed (md5) or the
scorer changed (SCORER_VERSION); everything else already scored is left alone.
"""

import time
from collections.abc import Iterator
from dataclasses import dataclass

import duckdb
import polars as pl

from pipelines.text.scoring import SCORER_VERSION, TextScorer
from pipelines.text.tables import SCHEMA, SCORED_TEXTS, ScoredText

BATCH_ROWS = 100_000


def ensure_score_tables(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(f"create schema if not exists {SCHEMA}")
    for scored in SCORED_TEXTS:
        con.execute(
            f"""
            create table if not exists {SCHEMA}.{scored.table} (
                {scored.id_column} varchar primary key,
                text_md5 varchar not null,
                language varchar not null,
                sentiment varchar not null,
                sentiment_score double not null,
                keywords varchar[] not null,
                topic varchar not null,
                scorer_version varchar not null,
                scored_at timestamp not null
            )
            """
        )




def _pending_sql(scored: ScoredText) -> str:
    return f"""
        select source.{scored.id_column} as id, source.{scored.text_column} as text, md5(source.{scored.text_column}) as text_md5
        from staging.{scored.staging_model} as source
        left join {SCHEMA}.{scored.table} as scores
            on source.{scored.id_column} = scores.{scored.id_column}
            and md5(source.{scored.text_column}) = scores.text_md5
            and scores.scorer_version = $version
        where nullif(trim(source.{scored.text_column}), '') is not null
            and scores.{scored.id_column} is null
    """


def _pending_batches(con: duckdb.DuckDBPyConnection, scored: ScoredText) -> Iterator[pl.DataFrame]:
    # Fetched whole (ids and texts only) before the first write: the table written to is part of the query.
    pending = pl.from_arrow(con.sql(_pending_sql(scored), params={"version": SCORER_VERSION}).to_arrow_table())
    yield from pending.iter_slices(BATCH_ROWS)


@dataclass(frozen=True)
class ScoringRun:
    scored_rows: int
    total_rows: int
    seconds: float

    @property
    def rows_per_second(self) -> float:
        return self.scored_rows / self.seconds if self.seconds > 0 else 0.0


def score_new_texts(con: duckdb.DuckDBPyConnection, scored: ScoredText, scorer: TextScorer) -> ScoringRun:
    """Score the texts of ``scored`` not scored yet (or changed since) and upsert them into its table."""
    ensure_score_tables(con)
    started = time.perf_counter()
    done = 0
    for batch in _pending_batches(con, scored):
        scores = pl.concat([batch.select("id", "text_md5"), scorer.score(batch["text"])], how="horizontal")
        con.register("new_scores", scores.to_arrow())
        con.execute(f"delete from {SCHEMA}.{scored.table} where {scored.id_column} in (select id from new_scores)")
        con.execute(
            f"""
            insert into {SCHEMA}.{scored.table}
            select id, text_md5, language, sentiment, sentiment_score, keywords, topic, ?, now()::timestamp
            from new_scores
            """,
            [SCORER_VERSION],
        )
        con.unregister("new_scores")
        done += batch.height
    total = con.execute(f"select count(*) from {SCHEMA}.{scored.table}").fetchone()[0]
    return ScoringRun(done, total, time.perf_counter() - started)
