"""Page-query latency of the dashboards against a serving copy: p50 and p95 per query, per page.

Every query runs through the dashboards' own query layer with the parameters a page sends when it opens
(the last 12 months, no filter) and, for the heavier ones, with a filter or a search as well. The query
cache is cleared before each call, so each timing is what a page's first visit waits for: a cursor on
the reader of the published copy, the query, and the frame. Attaching the copy happens once per publish
(in the warm-up run here) and is timed on its own as ``attach_ms``.

    python -m bench.dashboard_queries --serving PATH [--repeats 20] [--out FILE]

``run_dashboard_benchmark(serving, repeats)`` returns the same report for `insight bench` to include.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

import duckdb
import numpy as np
import streamlit.logger

RESULTS_DIR = Path(__file__).resolve().parent / "results"
DEFAULT_REPEATS = 20
PAGE_MONTHS = 12


@dataclass(frozen=True)
class PageQuery:
    page: str
    name: str
    run: Callable[[], object]


def _sample(serving: Path) -> dict:
    """Parameters taken from the serving copy: the months a page opens on, the most valuable customer
    (the longest timeline), a region, the latest spike day and the latest two migration months."""
    with duckdb.connect() as connection:
        connection.execute("attach ? as serving (read_only)", [str(serving)])
        top_customer, region = connection.execute(
            "select customer_id, region from serving.marts.customer_360 order by lifetime_revenue desc limit 1"
        ).fetchone()
        spike = connection.execute(
            "select posted_date, platform from serving.marts.social_negative_spikes order by posted_date desc limit 1"
        ).fetchone()
    from dashboards import queries
    from dashboards.sql import segments

    months = queries.order_months()
    migration_months = segments.migration_months()
    return {
        "start": months[max(0, len(months) - PAGE_MONTHS)],
        "end": months[-1],
        "customer": top_customer,
        "region": region,
        "spike": spike or (months[-1], "all"),
        "migration": (migration_months[-2], migration_months[-1]),
    }


def page_queries(serving: Path) -> list[PageQuery]:
    """Every query of every page, with the parameters a page sends."""
    from dashboards import queries
    from dashboards.access import Role, User
    from dashboards.sql import actions, customer, quality, segments, service, voice

    s = _sample(serving)
    start, end = s["start"], s["end"]
    spike_day, spike_platform = s["spike"]
    spike_day = spike_day if isinstance(spike_day, date) else spike_day.date()
    listed = [
        ("overview", "published", queries.published),
        ("overview", "order_months", queries.order_months),
        ("overview", "kpis", lambda: queries.kpis(start, end)),
        ("overview", "negative_spikes", lambda: queries.negative_spikes(end)),
        ("overview", "sla_breaches", lambda: queries.sla_breaches(end)),
        ("overview", "monthly_trend", lambda: queries.monthly_trend(start, end)),
        ("overview", "headline", lambda: queries.headline(start, end)),
        ("overview", "segment_mix", queries.segment_mix),
        ("overview", "tier_mix", queries.tier_mix),
        ("filters", "service_tiers", queries.service_tiers),
        ("filters", "regions", queries.regions),
        ("customer", "search (empty)", lambda: customer.search("")),
        ("customer", "search (name)", lambda: customer.search("张三")),
        ("customer", "search (phone, last 4)", lambda: customer.search("1234")),
        ("customer", "search (tier + region)", lambda: customer.search("", "high value", s["region"])),
        ("customer", "profile", lambda: customer.profile(s["customer"])),
        ("customer", "timeline", lambda: customer.timeline(s["customer"])),
        ("segments", "segment_sizes", segments.segment_sizes),
        ("segments", "segment_sizes (tier + region)", lambda: segments.segment_sizes("high value", s["region"])),
        ("segments", "migration_months", segments.migration_months),
        ("segments", "migration", lambda: segments.migration(*s["migration"])),
        ("segments", "lifecycle_stages", segments.lifecycle_stages),
        ("segments", "lifecycle_transitions", lambda: segments.lifecycle_transitions(start, end)),
        ("segments", "cohort_retention", lambda: segments.cohort_retention("first_order", start, end)),
        ("segments", "tier_changes", lambda: segments.tier_changes(start, end)),
        (
            "segments",
            "tier_changes (tier + region)",
            lambda: segments.tier_changes(start, end, "high value", s["region"]),
        ),
        ("segments", "cross_sell", segments.cross_sell),
        ("voice", "survey_channels", voice.survey_channels),
        ("voice", "platforms", voice.platforms),
        ("voice", "survey_trend", lambda: voice.survey_trend(start, end)),
        ("voice", "nps_breakdown", lambda: voice.nps_breakdown(start, end)),
        ("voice", "dimension_scores", lambda: voice.dimension_scores(start, end)),
        ("voice", "low_score_topics", lambda: voice.low_score_topics(start, end)),
        ("voice", "low_scores", lambda: voice.low_scores(start, end)),
        ("voice", "social_volume", lambda: voice.social_volume(start, end)),
        ("voice", "topics", lambda: voice.topics(start, end)),
        ("voice", "keywords (zh)", lambda: voice.keywords(start, end, "zh")),
        ("voice", "keywords (en)", lambda: voice.keywords(start, end, "en")),
        ("voice", "negative_daily", lambda: voice.negative_daily(start, end)),
        ("voice", "spikes", lambda: voice.spikes(start, end)),
        ("voice", "spike_examples", lambda: voice.spike_examples(spike_day, spike_platform)),
        ("service", "service_channels", service.service_channels),
        ("service", "sla_monthly", lambda: service.sla_monthly(start, end)),
        ("service", "sla_targets", lambda: service.sla_targets(end)),
        ("service", "backlog", service.backlog),
        ("service", "complaints", lambda: service.complaints(start, end)),
        ("service", "requirements", lambda: service.sla_monthly(start, end, kind="requirement")),
        ("quality", "sources", quality.sources),
        ("quality", "latest_checks", quality.latest_checks),
        ("quality", "quarantine", quality.quarantine),
        ("quality", "freshness", quality.freshness),
        ("quality", "completeness", quality.completeness),
        ("quality", "loads", quality.loads),
    ]
    for key in actions.ACTION_LISTS:
        listed.append(("actions", f"{key} summary", lambda key=key: actions.summary(key)))
        listed.append(("actions", f"{key} rows", lambda key=key: actions.rows(key)))
    listed.append(("actions", "at_risk export (all rows)", lambda: actions.download_rows("at_risk")))
    # The same page queries for a manager limited to one region: the scope predicate on the marts' region.
    scoped = User(name="bench-scoped", role=Role.MANAGER, regions=(s["region"],))
    for name, run in (
        ("regions", queries.regions),
        ("segment_mix", queries.segment_mix),
        ("customer search (empty)", lambda: customer.search("")),
        ("customer timeline", lambda: customer.timeline(s["customer"])),
        ("segment_sizes", segments.segment_sizes),
        ("lifecycle_stages", segments.lifecycle_stages),
        ("at_risk rows", lambda: actions.rows("at_risk")),
        ("at_risk export (all rows)", lambda: actions.download_rows("at_risk")),
    ):
        listed.append(("scoped", name, lambda run=run: _as(scoped, run)))
    return [PageQuery(page, name, run) for page, name, run in listed]


def _as(user, run: Callable[[], object]) -> object:
    from dashboards import queries

    with queries.acting_as(user):
        return run()


def _timed_ms(run: Callable[[], object], repeats: int, before: Callable[[], None] = lambda: None) -> dict:
    """p50, p95 and max of ``repeats`` calls of ``run`` in milliseconds; ``before`` runs untimed before each."""
    timings = []
    for _ in range(repeats):
        before()
        started = time.perf_counter()
        run()
        timings.append((time.perf_counter() - started) * 1000)
    return {
        "p50_ms": round(float(np.percentile(timings, 50)), 1),
        "p95_ms": round(float(np.percentile(timings, 95)), 1),
        "max_ms": round(max(timings), 1),
    }


def _time(query: PageQuery, repeats: int) -> dict:
    from dashboards import queries

    queries._cached_run.clear()
    result = query.run()  # warm-up: the operating system's file cache, DuckDB's extension loading
    return {
        "page": query.page,
        "query": query.name,
        "rows": len(result) if hasattr(result, "__len__") else None,
        **_timed_ms(query.run, repeats, before=queries._cached_run.clear),
    }


def _attach_ms(serving: Path, repeats: int) -> dict:
    """What the dashboards pay once per published copy: a new reader attaching the file."""
    from dashboards import queries

    return _timed_ms(lambda: queries._attach(str(serving)).close(), repeats)


def run_dashboard_benchmark(serving: Path, repeats: int = DEFAULT_REPEATS) -> dict:
    """Time every page query against ``serving``; the report holds one row per query."""
    serving = serving.resolve()
    if not serving.exists():
        raise SystemExit(f"bench: no serving copy at {serving}")
    saved = os.environ.get("INSIGHT_SERVING_PATH")
    os.environ["INSIGHT_SERVING_PATH"] = str(serving)
    # st.cache_data outside `streamlit run` warns on every call that it has no runtime.
    streamlit.logger.set_log_level("error")
    from dashboards import queries
    from dashboards.access import Role, User

    company_wide = User(name="bench", role=Role.MANAGER)
    try:
        with duckdb.connect() as connection:
            connection.execute("attach ? as serving (read_only)", [str(serving)])
            counts = connection.execute(
                "select (select count(*) from serving.marts.customer_360), "
                "(select count(*) from serving.marts.fct_orders)"
            ).fetchone()
        attach_ms = _attach_ms(serving, repeats)
        with queries.acting_as(company_wide):
            results = [_time(query, repeats) for query in page_queries(serving)]
    finally:
        if saved is None:
            os.environ.pop("INSIGHT_SERVING_PATH", None)
        else:
            os.environ["INSIGHT_SERVING_PATH"] = saved
    return {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "serving": str(serving),
        "serving_mib": round(serving.stat().st_size / 2**20, 1),
        "customers": counts[0],
        "orders": counts[1],
        "repeats": repeats,
        "attach_ms": attach_ms,
        "machine": {"python": platform.python_version(), "cpus": os.cpu_count(), "duckdb": duckdb.__version__},
        "results": results,
    }


def format_table(report: dict) -> str:
    """One line per query, then each page's total of medians (its queries run one after another)."""
    lines = [
        f"{report['customers']:,} customers, {report['orders']:,} orders; {report['repeats']} runs per query; "
        f"attaching a new copy (once per publish) p50 {report['attach_ms']['p50_ms']} ms, "
        f"p95 {report['attach_ms']['p95_ms']} ms",
        f"{'page':<10}{'query':<34}{'rows':>9}{'p50 ms':>9}{'p95 ms':>9}",
    ]
    totals: dict[str, float] = {}
    for row in report["results"]:
        rows = "" if row["rows"] is None else f"{row['rows']:,}"
        lines.append(f"{row['page']:<10}{row['query']:<34}{rows:>9}{row['p50_ms']:>9.1f}{row['p95_ms']:>9.1f}")
        totals[row["page"]] = totals.get(row["page"], 0.0) + row["p50_ms"]
    lines.append("page totals (sum of p50): " + ", ".join(f"{page} {ms:,.0f} ms" for page, ms in totals.items()))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--serving", type=Path, required=True, help="the serving copy to query")
    parser.add_argument("--repeats", type=int, default=DEFAULT_REPEATS, help="timed runs per query")
    parser.add_argument("--out", type=Path, help="JSON report (default: bench/results/<time>-dashboard-queries.json)")
    args = parser.parse_args(argv)
    report = run_dashboard_benchmark(args.serving, args.repeats)
    out = args.out or RESULTS_DIR / f"{datetime.now(UTC):%Y%m%dT%H%M%SZ}-dashboard-queries.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, indent=2, default=str) + "\n")
    print(format_table(report))
    print(f"Results written to {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
