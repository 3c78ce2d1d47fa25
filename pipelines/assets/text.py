"""Text scoring assets: mentions, survey comments and interaction texts scored into schema ``text``.

Each asset reads its staging model from the warehouse and the topic keyword seed file, scores only the
texts not scored yet, and writes back; dbt's voice and service marts read the tables as sources.
"""

import dagster as dg

from pipelines.resources import WarehouseResource
from pipelines.settings import Settings
from pipelines.text.tables import SCHEMA, SCORED_TEXTS, ScoredText

TEXT_GROUP = "text"


def build_text_scores_asset(scored: ScoredText) -> dg.AssetsDefinition:
    @dg.asset(
        key=[SCHEMA, scored.table],
        group_name=TEXT_GROUP,
        kinds={"python", "duckdb"},
        deps=[dg.AssetKey(["staging", scored.staging_model])],
        description=f"{scored.description} Incremental: only new or changed texts are scored "
        f"(staging.{scored.staging_model}.{scored.text_column} -> {SCHEMA}.{scored.table}).",
    )
    def _scores(context: dg.AssetExecutionContext, warehouse: WarehouseResource) -> dg.MaterializeResult:
        # Imported here: scikit-learn, jieba and VADER would slow down loading the code location.
        from pipelines.text.scoring import TextScorer
        from pipelines.text.store import score_new_texts
        from pipelines.text.topics import read_topic_keywords

        scorer = TextScorer(read_topic_keywords(), model_cache_dir=Settings.from_env().data_dir / "models")
        with warehouse.get_connection() as con:
            run = score_new_texts(con, scored, scorer)
        context.log.info(
            f"{SCHEMA}.{scored.table}: scored {run.scored_rows} new text(s) in {run.seconds:.1f} s "
            f"({run.rows_per_second:,.0f}/s); {run.total_rows} scored in all"
        )
        metadata = {}
        if run.total_rows == 0:
            metadata["note"] = f"no texts to score: staging.{scored.staging_model} has none (no source data yet)"
            context.log.warning(f"{SCHEMA}.{scored.table}: {metadata['note']}")
        return dg.MaterializeResult(
            metadata={
                **metadata,
                "rows_scored": run.scored_rows,
                "rows_total": run.total_rows,
                "seconds": round(run.seconds, 2),
                "rows_per_second": round(run.rows_per_second, 1),
            }
        )

    return _scores


text_score_assets = [build_text_scores_asset(scored) for scored in SCORED_TEXTS]
