"""The `insight` command: generate, build, replay, source, demo, serve, report, bench, users."""

from __future__ import annotations

import argparse
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

from pipelines.settings import DEFAULT_UNLINKED_SHARE, Settings, environment_help

DASHBOARD_APP = Path(__file__).resolve().parents[1] / "dashboards" / "app.py"


class UsageError(Exception):
    """A setting or an argument the command cannot work with; main prints it as one line."""


def _settings() -> Settings:
    settings = Settings.from_env()
    try:
        settings.prepare_dirs()
        # mkdir succeeds on a folder that exists but is read-only: try to write into it.
        with tempfile.TemporaryFile(dir=settings.data_dir):
            pass
    except OSError as error:
        reason = error.strerror or str(error)
        raise UsageError(f"INSIGHT_DATA_DIR={settings.data_dir} cannot be used ({reason}: "
                         f"{error.filename or settings.data_dir}); point it at a writable folder") from None
    settings.export()
    return settings


def _has_landing_files(settings: Settings) -> bool:
    from pipelines.sources import all_specs

    return any(spec.landing_files(settings.landing_dir) for spec in all_specs())


def cmd_generate(args: argparse.Namespace) -> int:
    from pipelines.generate import generate

    settings = _settings()
    if args.day_drop:
        return _generate_day_drop(settings)
    if _has_landing_files(settings) and not args.overwrite:
        print(
            f"Landing files already exist in {settings.landing_dir}; pass --overwrite to replace them.",
            file=sys.stderr,
        )
        return 2
    started = time.perf_counter()
    summary = generate(settings.landing_dir, scale=args.scale, seed=args.seed, damage_rate=args.damage_rate,
                       unlinked_share=args.unlinked_share)
    rows = {table: info["rows"] for table, info in summary["tables"].items()}
    print(f"Generated scale {args.scale} (seed {args.seed}) into {settings.landing_dir} in "
          f"{time.perf_counter() - started:.1f} s: " + ", ".join(f"{t} {n:,}" for t, n in rows.items()))
    return 0


def _generate_day_drop(settings: Settings) -> int:
    from pipelines.generate.core import MANIFEST_NAME
    from pipelines.generate.day_drop import generate_day_drop

    if not (settings.landing_dir / MANIFEST_NAME).exists():
        print(f"No generated landing folder in {settings.landing_dir}: run `insight generate` first.", file=sys.stderr)
        return 2
    started = time.perf_counter()
    drop = generate_day_drop(settings.landing_dir)
    counts = ", ".join(f"{table} {info['new']:,} new ({info['late']:,} late) + {info['corrections']:,} corrected"
                       for table, info in drop["tables"].items())
    print(f"Day {drop['day']} ({drop['date']}) added to {settings.landing_dir} in "
          f"{time.perf_counter() - started:.1f} s: {counts}")
    return 0


def _load_summary(settings: Settings) -> str:
    import duckdb

    with duckdb.connect(str(settings.warehouse_path), read_only=True) as con:
        rows = con.execute(
            "select source || '__' || entity, sum(rows_read), sum(rows_loaded), sum(rows_quarantined), count(*) "
            "from meta.load_log group by all order by 1"
        ).fetchall()
    lines = [f"{'table':<28}{'files':>7}{'read':>12}{'loaded':>12}{'quarantined':>13}"]
    lines += [f"{t:<28}{files:>7}{read:>12,}{loaded:>12,}{quarantined:>13,}" for t, read, loaded, quarantined, files in rows]
    return "\n".join(lines)


# `insight build` exits with this code when the build finished but landing files could not be loaded.
EXIT_FILES_FAILED = 3


def _failed_files(settings: Settings, since) -> list[tuple[str, str]]:
    """Landing files that failed in the build started at ``since``, with their reasons."""
    import duckdb

    with duckdb.connect(str(settings.warehouse_path), read_only=True) as con:
        if not con.execute("select count(*) from duckdb_tables() where schema_name = 'meta' "
                           "and table_name = 'load_failures'").fetchone()[0]:
            return []
        return con.execute(
            "select file, reason from meta.load_failures where failed_at >= ? order by file", [since]
        ).fetchall()


def build_run_config(job, full_refresh: bool = False, refit_models: bool = False) -> dict:
    """Run config of a build job; ``full_refresh`` makes its dbt steps rebuild the incremental models,
    ``refit_models`` makes the customer models fit again instead of reusing their kept fits."""
    run_config: dict = {"loggers": {"console": {"config": {"log_level": "INFO"}}}}
    if full_refresh:
        from pipelines.assets.dbt import full_refresh_run_config

        run_config.update(full_refresh_run_config(job))
    if refit_models:
        from pipelines.assets.customer_models import refit_run_config

        run_config.setdefault("ops", {}).update(refit_run_config(job))
    return run_config


def dbt_log_path(settings: Settings) -> Path:
    """Where `insight build` writes the last build's dbt output (a line per model and test)."""
    return settings.data_dir / "logs" / "dbt_build.log"


def run_build(stage: str = "all", full_refresh: bool = False, refit_models: bool = False) -> bool:
    """Materialise the assets of ``stage`` in this process against the local Dagster instance."""
    import contextlib

    import dagster as dg

    from pipelines.definitions import defs  # parses dbt first when its manifest is missing or stale
    from pipelines.jobs import STAGE_JOBS

    job = defs.resolve_job_def(STAGE_JOBS[stage])
    log_path = dbt_log_path(Settings.from_env())
    log_path.parent.mkdir(parents=True, exist_ok=True)
    # dagster-dbt re-emits every dbt line on stdout; they go to the log file, while Dagster's own
    # messages (its console logger writes to stderr) stay on the console.
    with (dg.DagsterInstance.get() as instance, open(log_path, "w", encoding="utf-8", buffering=1) as log,
          contextlib.redirect_stdout(log)):
        result = job.execute_in_process(
            instance=instance,
            raise_on_error=False,
            run_config=build_run_config(job, full_refresh, refit_models),
        )
    for event in result.all_events:
        if event.is_step_failure:
            error = event.step_failure_data.error
            print(f"FAILED {event.step_key}: {error.message.strip() if error else 'unknown error'}", file=sys.stderr)
    return result.success


def cmd_build(args: argparse.Namespace) -> int:
    if args.full_refresh and args.stage not in ("all", "dbt"):
        print("--full-refresh rebuilds dbt's incremental models: use it with --stage all or dbt.", file=sys.stderr)
        return 2
    if args.refit_models and args.stage not in ("all", "dbt"):
        print("--refit-models fits the customer models again: use it with --stage all or dbt.", file=sys.stderr)
        return 2
    settings = _settings()
    if args.stage in ("all", "ingest") and not _has_landing_files(settings):
        print(f"No landing files in {settings.landing_dir}. Run `insight generate --scale 1` first "
              "(or put exports there).", file=sys.stderr)
        return 2
    started = time.perf_counter()
    started_at = datetime.now(timezone.utc)
    ok = run_build(args.stage, full_refresh=args.full_refresh, refit_models=args.refit_models)
    if not ok:
        print(f"Build failed after {time.perf_counter() - started:.1f} s (stage {args.stage}); "
              f"see the messages above, dbt's output in {dbt_log_path(settings)}, or the run in the Dagster UI "
              "(`insight serve`).", file=sys.stderr)
        return 1
    print(_load_summary(settings))
    print(f"Build ({args.stage}) finished in {time.perf_counter() - started:.1f} s. "
          f"Warehouse: {settings.warehouse_path}; serving copy: {settings.serving_path}")
    if dbt_log_path(settings).exists():
        print(f"dbt's output, a line per model and test: {dbt_log_path(settings)}")
    failed = _failed_files(settings, started_at) if args.stage in ("all", "ingest") else []
    if failed:
        print(f"{len(failed)} landing file(s) not loaded (nothing of them was written; the other files were):",
              file=sys.stderr)
        for file, reason in failed:
            print(f"  {file}: {reason}", file=sys.stderr)
        return EXIT_FILES_FAILED
    return 0


def _since_date(text: str | None):
    from datetime import date

    if text is None:
        return None
    try:
        parsed = date.fromisoformat(text)
    except ValueError:
        parsed = None
    if parsed is None or len(text) != 10:  # fromisoformat also takes 20240102
        raise ValueError(f"--since {text!r} is not a date (YYYY-MM-DD)")
    return parsed


def cmd_replay(args: argparse.Namespace) -> int:
    """Re-read a source's landing files under its contract as it is now: rows once quarantined that pass
    now load (pipelines/ingest/replay.py); nothing that loaded before is written again."""
    import duckdb

    from pipelines.ingest.replay import replay_entity
    from pipelines.sources import all_specs

    known = sorted({spec.source for spec in all_specs()})
    if args.source not in known:
        print(f"insight replay: unknown source {args.source!r}; the sources are {', '.join(known)}", file=sys.stderr)
        return 2
    try:
        since = _since_date(args.since)
    except ValueError as error:
        print(f"insight replay: {error}", file=sys.stderr)
        return 2
    settings = _settings()
    if not settings.warehouse_path.exists():
        print(f"insight replay: no warehouse at {settings.warehouse_path}; run `insight build` first", file=sys.stderr)
        return 2
    try:
        with duckdb.connect(str(settings.warehouse_path)) as con:
            replays = [replay for spec in all_specs() if spec.source == args.source
                       for replay in replay_entity(con, spec, settings.landing_dir, since)]
    except duckdb.IOException as error:  # another process (a build) holds the warehouse
        print(f"insight replay: cannot open the warehouse: {str(error).splitlines()[0]}", file=sys.stderr)
        return 1
    admitted = sum(replay.rows_admitted for replay in replays)
    still = sum(replay.rows_still_quarantined for replay in replays)
    failed = [replay for replay in replays if replay.error]
    for replay in failed:
        print(f"insight replay: {replay.file}: {replay.error}", file=sys.stderr)
    print(f"Replayed {len(replays)} file(s) of {args.source}: {admitted:,} quarantined row(s) loaded, "
          f"{still:,} still quarantined" + ("; run `insight build` to carry them into the marts" if admitted else ""))
    return EXIT_FILES_FAILED if failed else 0


def cmd_source(args: argparse.Namespace) -> int:
    """Draft a source declaration from an export file, or check one on its landing files."""
    from pipelines.sources import declaration

    if not declaration.SOURCE_NAME.fullmatch(args.name):
        print(f"insight source {args.source_command}: the name {args.name!r} is not a source name "
              "(lower-case letters, digits and _, starting with a letter)", file=sys.stderr)
        return 2
    path = declaration.DECLARED_DIR / f"{args.name}.yml"
    if args.source_command == "draft":
        return _source_draft(Path(args.path), args.name, path)
    return _source_check(args.name, path)


def _source_draft(export: Path, name: str, path: Path) -> int:
    from pipelines.sources.draft import DraftError, draft, render, review_marks

    if path.exists():
        print(f"insight source draft: {path} exists; choose another --name or edit that file", file=sys.stderr)
        return 2
    if not export.is_file():
        print(f"insight source draft: no file {export}", file=sys.stderr)
        return 2
    try:
        drafted = draft(export, name)
    except DraftError as error:
        print(f"insight source draft: {error}", file=sys.stderr)
        return 2
    text = render(drafted, name, export.name)
    path.write_text(text, encoding="utf-8")
    print(path)
    print(f"{review_marks(text)} guess(es) and question(s) to review; then put the files in "
          f"$INSIGHT_LANDING_DIR/{name}/{drafted.entity}/ and run `insight source check {name}`", file=sys.stderr)
    return 0


def _source_check(name: str, path: Path) -> int:
    from pipelines.ingest.dry_run import describe, dry_run
    from pipelines.sources.declaration import DeclarationError, parse_declaration

    if not path.exists():
        print(f"insight source check: no declaration {path}", file=sys.stderr)
        return 2
    try:
        specs = parse_declaration(path)
    except DeclarationError as error:
        for line in str(error).splitlines():
            print(f"insight source check: {line}", file=sys.stderr)
        return 2
    settings = _settings()
    for spec in specs:
        loads = dry_run(spec, settings.landing_dir)
        if not loads:
            print(f"{spec.source}/{spec.entity}: no files in {spec.landing_dir(settings.landing_dir)} yet")
        for load in loads:
            print(describe(spec, load))
    return 0


def _start(command: list[str]) -> subprocess.Popen:
    # Own process group, so stopping the demo stops the servers and their children.
    return subprocess.Popen(command, start_new_session=True)


def _stop(processes: list[subprocess.Popen]) -> None:
    for process in processes:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
    deadline = time.monotonic() + 10
    for process in processes:
        try:
            process.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)


def _check_ports_free(host: str, ports: dict[str, int]) -> None:
    """Fail before starting anything when a server could not listen (a busy port, an unknown host)."""
    if len(set(ports.values())) < len(ports):
        raise UsageError(f"{' and '.join(ports)} need different ports, not both {next(iter(ports.values()))}")
    for option, port in ports.items():
        try:
            family = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0][0]
            with socket.socket(family, socket.SOCK_STREAM) as probe:
                # As the servers do: a port left in TIME_WAIT is usable, one with a listener is not.
                probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
                probe.bind((host, port))
        except OSError as error:
            raise UsageError(f"cannot listen on {host}:{port} ({option}): {error.strerror or error}; "
                             f"stop what uses it or pass {option} with a free port") from None


def cmd_serve(args: argparse.Namespace) -> int:
    _check_ports_free(args.host, _serve_ports(args))
    settings = _settings()
    processes = [
        _start([sys.executable, "-m", "dagster", "dev", "-m", "pipelines.definitions",
                "-h", args.host, "-p", str(args.dagster_port)]),
        _start([sys.executable, "-m", "streamlit", "run", str(DASHBOARD_APP), "--server.headless", "true",
                "--server.address", args.host, "--server.port", str(args.dashboard_port),
                "--browser.gatherUsageStats", "false"]),
    ]
    print(f"Dagster UI:  http://{args.host}:{args.dagster_port}")
    print(f"Dashboards:  http://{args.host}:{args.dashboard_port}")
    print(f"Serving copy: {settings.serving_path}. Press Ctrl-C to stop both.")
    signal.signal(signal.SIGTERM, lambda *_: (_stop(processes), sys.exit(0)))
    names = ("Dagster", "Streamlit")
    try:
        while all(process.poll() is None for process in processes):
            time.sleep(1)
    except KeyboardInterrupt:
        return 0
    finally:
        _stop(processes)
    stopped = [f"{name} (exit code {process.returncode})" for name, process in zip(names, processes)
               if process.returncode not in (None, 0, -signal.SIGTERM)]
    if stopped:
        print(f"insight serve: {', '.join(stopped)} stopped on its own; see its messages above.", file=sys.stderr)
        return 1
    return 0


def _serve_ports(args: argparse.Namespace) -> dict[str, int]:
    return {"--dagster-port": args.dagster_port, "--dashboard-port": args.dashboard_port}


def cmd_demo(args: argparse.Namespace) -> int:
    if not args.no_serve:
        _check_ports_free(args.host, _serve_ports(args))  # before the build, not after it
    settings = _settings()
    if not _has_landing_files(settings):
        args.overwrite = args.day_drop = False
        if cmd_generate(args) != 0:
            return 1
    else:
        print(f"Using the landing files already in {settings.landing_dir}.")
    if cmd_build(argparse.Namespace(stage="all", full_refresh=False, refit_models=False)) != 0:
        return 1
    if args.no_serve:
        print("Demo built. Start the servers with `insight serve`.")
        return 0
    return cmd_serve(args)


def cmd_report(args: argparse.Namespace) -> int:
    from pipelines.reports.months import describe_months, report_months

    settings = _settings()
    if not settings.serving_path.exists():
        raise UsageError(f"no serving copy at {settings.serving_path}; run `insight build` first")
    month = datetime.strptime(args.month, "%Y-%m").date()
    # Checked before the renderer (matplotlib, pandas, Dagster) is imported, so a wrong month fails fast.
    months = report_months(settings.serving_path)
    if month not in months:
        raise UsageError(f"no KPIs for {args.month} in {settings.serving_path}; "
                         f"the months it has: {describe_months(months)}")
    from pipelines.assets.reports import reports_dir
    from pipelines.reports import LANGUAGES, render_report

    languages = LANGUAGES if args.lang == "both" else (args.lang,)
    files = render_report(settings.serving_path, month, reports_dir(settings), languages,
                          stale_after_days=settings.stale_after_days)
    print("\n".join(str(path) for path in files))
    return 0


def _month(text: str) -> str:
    if len(text) != 7 or text[4] != "-" or not (text[:4] + text[5:]).isdigit() or not 1 <= int(text[5:]) <= 12:
        raise argparse.ArgumentTypeError(f"{text!r} is not a month (YYYY-MM)")
    return text


def cmd_bench(args: argparse.Namespace) -> int:
    from bench.run import run_benchmark

    return run_benchmark(scales=args.scale, seed=args.seed, daily=not args.no_daily)


def _known_regions(settings: Settings) -> list[str] | None:
    """The customers' regions in the serving copy (None before the first publish)."""
    if not settings.serving_path.exists():
        return None
    import streamlit.logger

    from dashboards import access, queries

    streamlit.logger.set_log_level("error")  # st.cache_data outside `streamlit run` warns on every call
    with queries.acting_as(access.User(name="insight users", role=access.Role.VIEWER)):
        return queries.regions()


def _new_password(args: argparse.Namespace) -> str | None:
    import getpass

    if args.no_password:
        return None
    if args.password_stdin:
        return sys.stdin.readline().rstrip("\n")
    if not sys.stdin.isatty():
        raise ValueError("no terminal to ask for a password: pass --password-stdin or --no-password")
    first = getpass.getpass(f"Password for {args.name}: ")
    if first != getpass.getpass("Again: "):
        raise ValueError("the two passwords differ")
    return first


def cmd_users(args: argparse.Namespace) -> int:
    import getpass

    from dashboards import access, audit

    settings = _settings()
    try:
        paths = access.AccessSettings.from_env()
        users = access.UserFile.load(paths.users_path) or access.UserFile(paths.users_path)
        operator = f"os:{getpass.getuser()}"  # who ran the command, as the audit trail names them
        if args.users_command == "list":
            for user in users.users():
                how = "password" if users.has_password(user.name) else "identity provider only"
                print(f"{user.name:<24}{user.role:<18}{', '.join(user.regions) or 'all regions':<28}{how}")
            if not users.entries:
                print(f"No users in {paths.users_path}: the dashboards open for the local user, without sign-in.")
            return 0
        if args.users_command == "remove":
            users.remove(args.name)
            users.save()
            audit.record(audit.Event(audit.Action.USER_REMOVED, user=operator, role="os account", detail=args.name))
            print(f"Removed {args.name} from {paths.users_path}.")
            return 0
        known = _known_regions(settings)
        unknown = sorted(set(args.region) - set(known)) if known is not None else []
        if unknown:
            raise ValueError(f"unknown region {', '.join(unknown)}; the customers' regions are {', '.join(known)}")
        user = users.add(args.name, access.Role(args.role), tuple(args.region), _new_password(args))
        users.save()
        audit.record(audit.Event(audit.Action.USER_ADDED, user=operator, role="os account",
                                 detail=f"{user.name} {user.role} {','.join(user.regions) or 'all regions'}"))
    except (ValueError, OSError) as error:
        print(f"insight users: {error}", file=sys.stderr)
        return 2
    print(f"{user.name}: {user.role}, {', '.join(user.regions) or 'all regions'} ({paths.users_path}).")
    return 0


def _number(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None
    if value != value or value in (float("inf"), float("-inf")):
        raise argparse.ArgumentTypeError(f"{text!r} is not a finite number")
    return value


def _scale(text: str) -> float:
    value = _number(text)
    if value <= 0:
        raise argparse.ArgumentTypeError(f"{text} is not a scale factor: it must be above 0 (0.01 is a tiny set)")
    return value


def _share(text: str) -> float:
    value = _number(text)
    if not 0 <= value <= 1:
        raise argparse.ArgumentTypeError(f"{text} is not a share: it must be between 0 and 1 (0.01 is 1 %)")
    return value


def _port(text: str) -> int:
    if not text.isdigit() or not 1 <= int(text) <= 65535:
        raise argparse.ArgumentTypeError(f"{text!r} is not a port (1-65535)")
    return int(text)


def _add_generate_options(parser: argparse.ArgumentParser, default_scale: float = 1.0) -> None:
    parser.add_argument("--scale", type=_scale, default=default_scale, help="scale factor (1 = 10,000 customers)")
    parser.add_argument("--seed", type=int, default=42, help="random seed; the same seed gives the same files")
    parser.add_argument("--damage-rate", type=_share, default=0.01,
                        help="share of rows damaged on purpose, between 0 and 1")
    parser.add_argument("--unlinked-share", type=_share, default=DEFAULT_UNLINKED_SHARE,
                        help="share of customers' service contacts recorded without their customer id, between 0 "
                             "and 1 (identity stitching links them through phone or e-mail)")


def _add_serve_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--host", default="127.0.0.1", help="address the servers listen on")
    parser.add_argument("--dagster-port", type=_port, default=3000, help="port of the Dagster UI")
    parser.add_argument("--dashboard-port", type=_port, default=8501, help="port of the dashboards")


class _HelpFormatter(argparse.ArgumentDefaultsHelpFormatter, argparse.RawDescriptionHelpFormatter):
    """Defaults after each option's help (not after on/off flags, required options or options without a
    default); the epilog kept as written."""

    def _get_help_string(self, action: argparse.Action) -> str | None:
        if action.nargs == 0 or action.required or action.default is None:
            return action.help
        return super()._get_help_string(action)


class _Parser(argparse.ArgumentParser):
    """Every (sub)command shows its defaults and the environment variables in --help."""

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("formatter_class", _HelpFormatter)
        kwargs.setdefault("epilog", environment_help())
        super().__init__(*args, **kwargs)

    def error(self, message: str):
        # One line instead of argparse's usage block plus the message.
        self.exit(2, f"{self.prog}: {message} (see {self.prog} --help)\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="insight", description="Customer insight warehouse.")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    generate = commands.add_parser("generate", help="write synthetic landing files")
    _add_generate_options(generate)
    generate.add_argument("--overwrite", action="store_true", help="replace existing landing files")
    generate.add_argument("--day-drop", action="store_true",
                          help="add the next day's files (new, late and corrected rows) to the generated landing "
                               "folder; scale, seed and damage rate come from its manifest")
    generate.set_defaults(handler=cmd_generate)

    build = commands.add_parser("build", help="materialise every asset and publish the serving copy")
    build.add_argument("--stage", choices=["all", "ingest", "dbt", "publish"], default="all",
                       help="which assets to materialise")
    build.add_argument("--full-refresh", action="store_true",
                       help="rebuild dbt's incremental models (growing staging tables, fct_orders) from all of raw "
                            "instead of only the new loads (dbt build --full-refresh); the customer models keep "
                            "their fits")
    build.add_argument("--refit-models", action="store_true",
                       help="fit the churn and CLV models again instead of reusing the fits kept in the warehouse")
    build.set_defaults(handler=cmd_build)

    replay = commands.add_parser("replay", help="re-read a source's landing files after its contract changed, "
                                 "so rows once quarantined can load (nothing loaded before loads twice)")
    replay.add_argument("source", help="the source, as its landing folder is named (crm, orders, ...)")
    replay.add_argument("--since", help="only files modified on or after this date (YYYY-MM-DD, UTC)")
    replay.set_defaults(handler=cmd_replay)

    source = commands.add_parser("source", help="draft a source declaration from an export file, or check one")
    source_commands = source.add_subparsers(dest="source_command", required=True, parser_class=_Parser)
    draft = source_commands.add_parser("draft", help="write pipelines/sources/declared/NAME.yml from a sample of "
                                       "the file, every guess marked for review, and print its path")
    draft.add_argument("path", help="an export file (CSV, JSON Lines, XLSX or Parquet)")
    draft.add_argument("--name", required=True, help="the source's name (lower-case letters, digits and _)")
    draft.set_defaults(handler=cmd_source)
    check = source_commands.add_parser("check", help="dry-run a declaration on its landing files: per file the rows "
                                       "that would load and the quarantine reasons; the warehouse is not written")
    check.add_argument("name", help="the source's name, as its declaration file is named")
    check.set_defaults(handler=cmd_source)

    demo = commands.add_parser("demo", help="generate if missing, build, and serve Dagster and the dashboards")
    _add_generate_options(demo)
    _add_serve_options(demo)
    demo.add_argument("--no-serve", action="store_true", help="stop after the build")
    demo.set_defaults(handler=cmd_demo)

    serve = commands.add_parser("serve", help="start the Dagster UI and the dashboards")
    _add_serve_options(serve)
    serve.set_defaults(handler=cmd_serve)

    report = commands.add_parser("report", help="render the monthly KPI report (HTML, PDF, XLSX) from the serving copy")
    report.add_argument("--month", type=_month, required=True, help="the month to report, YYYY-MM")
    report.add_argument("--lang", choices=["zh", "en", "both"], default="both", help="the report's language")
    report.set_defaults(handler=cmd_report)

    bench = commands.add_parser("bench", help="time and measure memory of every stage")
    bench.add_argument("--scale", type=_scale, nargs="+", default=[1.0], help="scale factors to measure")
    bench.add_argument("--seed", type=int, default=42, help="random seed of the generated data")
    bench.add_argument("--no-daily", action="store_true", help="skip the day-drop incremental run after each build")
    bench.set_defaults(handler=cmd_bench)

    users = commands.add_parser("users", help="who may sign in to the dashboards: add, list, remove")
    users_commands = users.add_subparsers(dest="users_command", required=True)
    add = users_commands.add_parser("add", help="add a user (or replace one) to the local user file")
    add.add_argument("name")
    add.add_argument("--role", required=True, choices=["viewer", "analyst", "manager", "privacy_officer"])
    add.add_argument("--region", action="append", default=[],
                     help="limit the user to this customers' region (repeat for several; default: every region)")
    password = add.add_mutually_exclusive_group()
    password.add_argument("--password-stdin", action="store_true", help="read the password from standard input")
    password.add_argument("--no-password", action="store_true",
                          help="no password: the user signs in through the identity provider only")
    add.set_defaults(handler=cmd_users)
    remove = users_commands.add_parser("remove", help="remove a user")
    remove.add_argument("name")
    remove.set_defaults(handler=cmd_users)
    users_commands.add_parser("list", help="list the users, their roles and regions").set_defaults(handler=cmd_users)
    return parser


def main(argv: list[str] | None = None) -> int:
    from pipelines.sources.declaration import DeclarationError

    args = build_parser().parse_args(argv)
    try:
        return args.handler(args)
    except UsageError as error:
        print(f"insight {args.command}: {error}", file=sys.stderr)
        return 2
    except DeclarationError as error:  # a source declaration that cannot be used: its problems, one a line
        for line in str(error).splitlines():
            print(f"insight {args.command}: source declaration {line}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
