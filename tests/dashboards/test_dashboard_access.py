"""Who may see what: the user file, roles, regional scope in every query, purpose-bound unmasking and the
audit trail, on the hand-made serving file (dashboard_serving.py: C1 and C4 in 华东, C2 in 华北, C3 in
华南, C5 in 西南)."""

import importlib
import json
import pkgutil
import stat
from datetime import UTC, datetime, timedelta
from pathlib import Path

import duckdb
import pytest
from streamlit.testing.v1 import AppTest

import dashboards.sql
from dashboards import audit, auth, queries
from dashboards.access import LOCAL_DEMO_USER, AccessSettings, Permission, Role, User, UserFile
from dashboards.filters import widget_key
from dashboards.sql import actions, customer, report, segments, service, unmask, voice
from pipelines.cli import main as insight

APP_PATH = Path(__file__).resolve().parents[2] / "dashboards" / "app.py"
PASSWORD = "correct horse battery"
EAST_MANAGER = User(name="east", role=Role.MANAGER, regions=("华东",))
NORTH_OFFICER = User(name="north-officer", role=Role.PRIVACY_OFFICER, regions=("华北",))
OFFICER = User(name="officer", role=Role.PRIVACY_OFFICER)
USERS = {
    "viewer": (Role.VIEWER, ()),
    "analyst": (Role.ANALYST, ()),
    "manager": (Role.MANAGER, ()),
    "officer": (Role.PRIVACY_OFFICER, ()),
    "east": (Role.MANAGER, ("华东",)),
}
ALL_PAGES = ("overview", "customer", "segments", "voice", "service", "quality", "actions", "report", "personal-data")
# user -> the pages their navigation offers
OPEN_PAGES = {
    "viewer": {"overview", "segments", "voice", "service", "quality"},
    "analyst": {"overview", "customer", "segments", "voice", "service", "quality", "actions"},
    "manager": {"overview", "customer", "segments", "voice", "service", "quality", "actions", "report"},
    "officer": set(ALL_PAGES),
    "east": {"overview", "customer", "segments", "actions"},
}
UNMASKED = {"C1": ("张三", "+8613812341234"), "C2": ("Li Lei", "+8613956785678")}


@pytest.fixture(autouse=True)
def no_failed_sign_ins() -> None:
    """Failed sign-ins are counted per server process: each test starts with none."""
    auth._Failures._times.clear()


@pytest.fixture
def user_file(tmp_path: Path) -> UserFile:
    users = UserFile(tmp_path / "users.json")
    for name, (role, regions) in USERS.items():
        users.add(name, role, regions, PASSWORD)
    users.save()
    return users


@pytest.fixture
def restricted_path(serving_path: Path) -> Path:
    """The unmasked profile beside the serving copy, as publish writes it with INSIGHT_SHOW_PII."""
    path = serving_path.with_name("serving_restricted.duckdb")
    with duckdb.connect(str(path)) as con:
        con.execute("create schema restricted")
        con.execute(
            "create table restricted.customer_profile_unmasked (customer_id varchar, customer_name varchar, "
            "phone varchar, email varchar, birth_date date, company_name varchar, all_phones varchar, "
            "all_emails varchar, crm_accounts integer)"
        )
        for customer_id, (name, phone) in UNMASKED.items():
            con.execute(
                "insert into restricted.customer_profile_unmasked values (?, ?, ?, null, null, null, ?, null, 1)",
                [customer_id, name, phone, phone],
            )
    return path


def run(target: object) -> AppTest:
    """Run the app (``target`` is the app or a widget just changed) and check it raised nothing."""
    app = target.run()
    assert not app.exception, [exception.value for exception in app.exception]
    return app


def signed_in(name: str) -> AppTest:
    app = run(AppTest.from_file(str(APP_PATH), default_timeout=30))
    app.text_input(key="sign_in.name").input(name)
    app.text_input(key="sign_in.password").input(PASSWORD)
    return run(app.button[0].click())


def submit(app: AppTest) -> AppTest:
    return next(button for button in app.button if button.label == "Unmask and record").click()


def page_path(info: dict) -> str:
    return info["url_pathname"] or "overview"  # the default page is registered as ""


def registered_pages(app: AppTest) -> set[str]:
    return {page_path(info) for info in app._registered_pages.values()}


def open_page(app: AppTest, url_path: str) -> AppTest:
    app._page_hash = next(page for page, info in app._registered_pages.items() if page_path(info) == url_path)
    return run(app)


def audit_log() -> list[dict]:
    return audit.events(AccessSettings.from_env())


# The user file


def test_the_user_file_keeps_salted_argon2_hashes_only(user_file: UserFile) -> None:
    text = user_file.path.read_text()
    hashes = [entry["password_hash"] for entry in json.loads(text)["users"].values()]

    assert PASSWORD not in text
    assert all(value.startswith("$argon2id$") for value in hashes)
    assert len(set(hashes)) == len(hashes)  # same password, a salt each
    assert stat.S_IMODE(user_file.path.stat().st_mode) == 0o600
    assert UserFile.load(user_file.path).verify("east", PASSWORD) == User("east", Role.MANAGER, ("华东",))
    assert user_file.verify("east", "wrong password") is None
    assert user_file.verify("nobody", PASSWORD) is None


def test_a_user_without_a_password_cannot_sign_in_with_one(tmp_path: Path) -> None:
    users = UserFile(tmp_path / "users.json")
    users.add("carol@example.com", Role.ANALYST, (), None)

    assert users.verify("carol@example.com", "") is None
    assert users.user("carol@example.com").role is Role.ANALYST


def test_roles_build_on_each_other_and_scope_withholds_company_wide_material() -> None:
    viewer, analyst, manager = (User("u", role) for role in (Role.VIEWER, Role.ANALYST, Role.MANAGER))

    assert viewer.allows(Permission.AGGREGATES) and not viewer.allows(Permission.CUSTOMERS)
    assert analyst.allows(Permission.DOWNLOAD) and not analyst.allows(Permission.REPORT)
    assert manager.allows(Permission.REPORT) and not manager.allows(Permission.UNMASK)
    assert OFFICER.allows(Permission.UNMASK) and OFFICER.allows(Permission.AUDIT)
    assert not EAST_MANAGER.allows(Permission.REPORT)
    assert NORTH_OFFICER.allows(Permission.UNMASK) and not NORTH_OFFICER.allows(Permission.AUDIT)


def test_insight_users_adds_lists_and_removes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    monkeypatch.setenv("INSIGHT_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setattr("sys.stdin", __import__("io").StringIO(PASSWORD + "\n"))

    assert insight(["users", "add", "dora", "--role", "viewer", "--region", "华东", "--password-stdin"]) == 0
    assert insight(["users", "list"]) == 0
    listed = capsys.readouterr().out
    assert "dora" in listed and "viewer" in listed and "华东" in listed
    assert insight(["users", "add", "eve", "--role", "viewer", "--no-password"]) == 0
    assert insight(["users", "add", "fay", "--role", "viewer", "--no-password", "--region", " "]) == 2
    assert insight(["users", "remove", "nobody"]) == 2
    assert "no user 'nobody'" in capsys.readouterr().err
    assert insight(["users", "add", "bad name!", "--role", "viewer", "--no-password"]) == 2
    assert insight(["users", "remove", "dora"]) == 0
    assert [user.name for user in UserFile.load(tmp_path / "users.json").users()] == ["eve"]
    assert [event["action"] for event in audit_log()] == ["user_added", "user_added", "user_removed"]
    with pytest.raises(SystemExit):
        insight(["users", "add", "frank", "--role", "boss", "--no-password"])


def test_insight_users_refuses_a_region_the_serving_copy_does_not_know(
    serving_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    monkeypatch.setenv("INSIGHT_DATA_DIR", str(tmp_path / "data"))
    assert insight(["users", "add", "gus", "--role", "viewer", "--region", "华中", "--no-password"]) == 2
    assert "unknown region 华中" in capsys.readouterr().err


# Regional scope in the query layer


def every_query() -> list[queries.Query]:
    found = [value for value in vars(queries).values() if isinstance(value, queries.Query)]
    for module_info in pkgutil.iter_modules(dashboards.sql.__path__):
        module = importlib.import_module(f"dashboards.sql.{module_info.name}")
        found += [value for value in vars(module).values() if isinstance(value, queries.Query)]
    for spec in actions.ACTION_LISTS.values():
        found += [spec.rows_sql, spec.summary_sql]
    return found


def test_every_region_query_binds_the_scope_and_no_other_query_mentions_it() -> None:
    found = every_query()

    assert len(found) > 40
    for query in found:
        assert ("$scope_regions" in query.sql) == (query.reach is queries.Reach.REGION), query.sql


def test_a_scoped_user_reaches_only_their_region_through_any_filter_or_search(serving_path: Path) -> None:
    with queries.acting_as(EAST_MANAGER):
        assert queries.regions() == ["华东"]
        assert set(customer.search("")["customer_id"]) == {"C1", "C4"}
        assert customer.search("", region="华北").empty
        assert customer.search("5678").empty  # C2's phone, in 华北
        assert customer.search("C2").empty
        assert customer.search("'; drop table marts.customer_360; --", region="华北").empty
        assert customer.profile("C2").empty and customer.timeline("C2").empty
        assert not customer.timeline("C1").empty
        for key in actions.ACTION_LISTS:
            assert set(actions.rows(key)["region"]) <= {"华东"}
            assert actions.rows(key, region="华北").empty
            assert actions.download_rows(key, region="华北").empty
            assert actions.summary(key, region="华北").empty
        assert set(actions.rows("high_value_uncontacted")["customer_id"]) == {"C1"}
        assert segments.segment_sizes()["customers"].sum() == 1  # C1; C4 has no segment
        assert segments.segment_sizes(region="华北").empty
        assert segments.lifecycle_stages(region="华南").empty
        assert set(segments.tier_changes(*(datetime(2024, 1, 1).date(), datetime(2024, 4, 1).date()))["customers"]) <= {1}
        assert queries.segment_mix()["customers"].sum() == 1
        assert queries.tier_mix()["customers"].sum() == 1


def test_company_wide_queries_are_refused_for_a_scoped_user(serving_path: Path) -> None:
    month = datetime(2024, 4, 1).date()
    with queries.acting_as(EAST_MANAGER):
        assert queries.order_months()  # reference data
        for company_wide in (
            lambda: queries.kpis(month, month),
            lambda: queries.headline(month, month),
            lambda: queries.monthly_trend(month, month),
            lambda: segments.cross_sell(),
            lambda: segments.cohort_retention("first_order", month, month),
            lambda: voice.low_scores(month, month),
            lambda: service.backlog(),
            lambda: report.report_months(),
        ):
            with pytest.raises(queries.OutOfScope):
                company_wide()


def test_queries_without_a_signed_in_user_are_refused(serving_path: Path) -> None:
    with queries.acting_as(None):
        with pytest.raises(queries.NotSignedIn):
            customer.search("")


# Unmasking


def test_unmasking_reads_the_restricted_file_within_scope_and_for_officers_only(
    serving_path: Path, restricted_path: Path
) -> None:
    with queries.acting_as(OFFICER):
        assert unmask.unmasked_profiles(["C1", "C2", "C9"])["customer_name"].tolist() == ["张三", "Li Lei"]
    with queries.acting_as(NORTH_OFFICER):
        assert unmask.unmasked_profiles(["C1", "C2"])["customer_id"].tolist() == ["C2"]
    with queries.acting_as(EAST_MANAGER), pytest.raises(unmask.UnmaskDenied):
        unmask.unmasked_profiles(["C1"])
    with duckdb.connect(str(serving_path), read_only=True) as con:
        assert not con.execute("select count(*) from duckdb_tables() where schema_name = 'restricted'").fetchone()[0]


# The audit trail


def test_the_audit_trail_is_chained_and_shows_an_edited_line(tmp_path: Path) -> None:
    settings = AccessSettings.from_env()
    for ids in (("C1",), ("C2",), ("C3",)):
        audit.record_for(OFFICER, audit.Action.CUSTOMER_CARD, customers=1, customer_ids=ids)
    assert audit.broken_files(settings) == []
    (path,) = settings.audit_dir.iterdir()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(settings.audit_dir.stat().st_mode) == 0o700

    lines = path.read_text().splitlines(keepends=True)
    path.write_text(lines[0] + lines[2])

    assert audit.broken_files(settings) == [path.name]


def test_retention_removes_whole_days_past_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("INSIGHT_AUDIT_RETENTION_DAYS", "30")
    settings = AccessSettings.from_env()
    now = datetime(2026, 6, 30, 12, tzinfo=UTC)
    for days_ago in (40, 31, 30, 0):
        audit.record(audit.Event(audit.Action.SIGN_IN, "u", "viewer"), settings, now - timedelta(days=days_ago))

    kept = sorted(path.name for path in settings.audit_dir.iterdir())

    assert kept == ["audit-2026-05-31.jsonl", "audit-2026-06-30.jsonl"]


def test_a_bad_retention_setting_is_one_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("INSIGHT_AUDIT_RETENTION_DAYS", "a year")
    with pytest.raises(ValueError, match="INSIGHT_AUDIT_RETENTION_DAYS"):
        AccessSettings.from_env()


# The app, signed in as each role


def test_without_a_user_file_the_demo_opens_for_the_local_user_and_says_so(serving_path: Path) -> None:
    app = run(AppTest.from_file(str(APP_PATH), default_timeout=30))

    assert app.session_state[queries.USER_SESSION_KEY] == LOCAL_DEMO_USER
    assert "Open demo" in app.sidebar.warning[0].value
    assert registered_pages(app) == OPEN_PAGES["manager"]


def test_a_user_file_asks_for_a_password_and_records_failures(serving_path: Path, user_file: UserFile) -> None:
    app = run(AppTest.from_file(str(APP_PATH), default_timeout=30))
    assert app.title[0].value == "Sign in" and not app.metric

    app.text_input(key="sign_in.name").input("analyst")
    app.text_input(key="sign_in.password").input("not the password")
    run(app.button[0].click())

    assert app.error[0].value == "Wrong name or password."
    assert queries.USER_SESSION_KEY not in app.session_state
    assert [(event["action"], event["user"]) for event in audit_log()] == [("sign_in_failed", "analyst")]


def test_five_failures_lock_the_name_even_for_the_right_password(serving_path: Path, user_file: UserFile) -> None:
    app = run(AppTest.from_file(str(APP_PATH), default_timeout=30))
    for password in ["wrong"] * 5 + [PASSWORD]:
        app.text_input(key="sign_in.name").input("viewer")
        app.text_input(key="sign_in.password").input(password)
        run(app.button[0].click())

    assert "Too many failed sign-ins" in app.error[0].value
    assert queries.USER_SESSION_KEY not in app.session_state


@pytest.mark.parametrize("name", list(USERS))
def test_each_role_sees_its_pages_and_actions_only(serving_path: Path, user_file: UserFile, name: str) -> None:
    app = signed_in(name)
    assert registered_pages(app) == OPEN_PAGES[name]
    role = USERS[name][0]

    for page in ALL_PAGES:
        if page not in OPEN_PAGES[name]:
            continue
        open_page(app, page)
        if page == "actions":  # a list with a customer in every user's scope (C1, 华东)
            run(app.get("button_group")[0].set_value("high_value_uncontacted"))
        download_keys = {button.key for button in app.get("download_button")}
        if page == "actions":
            assert download_keys == {"actions_download_csv", "actions_download_xlsx"}
        if page == "report":
            assert download_keys == {"report_download_pdf", "report_download_html", "report_download_xlsx"}
        if page == "voice":
            captions = [caption.value for caption in app.caption]
            assert ("The answers behind these topics list customers: analysts and above see them." in captions) == (
                role is Role.VIEWER
            )
        if page == "quality":
            headers = [subheader.value for subheader in app.subheader]
            assert ("Audit trail" in headers) == (role is Role.PRIVACY_OFFICER)
        if page == "customer":
            assert app.selectbox(key="customer_pick").value == ("C1" if name == "east" else "C2")

    events = audit_log()
    assert [event["action"] for event in events if event["user"] == name][0] == "sign_in"
    assert ("customer_card" in {event["action"] for event in events}) == ("customer" in OPEN_PAGES[name])


def test_a_scoped_manager_cannot_reach_another_region_in_the_app(serving_path: Path, user_file: UserFile) -> None:
    app = open_page(signed_in("east"), "customer")
    region_filter = app.sidebar.selectbox(key=widget_key("region", "en"))
    assert region_filter.options == ["All", "East China"]

    app.text_input(key="customer_search").input("C2")
    run(app)
    assert app.info[0].value.startswith("No customer matches")

    app.session_state["filter.region"] = "华北"  # a kept filter value from elsewhere
    app.text_input(key="customer_search").input("")
    open_page(app, "actions")
    assert all(row != "华北" for frame in app.dataframe for row in frame.value.get("region", []))

    overview = open_page(app, "overview")
    assert "limited to East China" in overview.info[0].value
    assert not overview.get("metric") or all("Revenue" not in metric.label for metric in overview.metric)


def test_a_privacy_officer_unmasks_once_for_a_purpose_and_it_is_recorded(
    serving_path: Path, restricted_path: Path, user_file: UserFile
) -> None:
    app = open_page(signed_in("officer"), "personal-data")
    app.text_input(key="unmask_form.customer_id").input("C1")
    app.text_area(key="unmask_form.purpose").input("short")
    run(submit(app))
    assert "at least 10 characters" in app.error[0].value
    assert not app.table

    app.text_input(key="unmask_form.customer_id").input("C1")
    app.text_area(key="unmask_form.purpose").input("Customer asked for a callback about order O2")
    run(submit(app))
    assert "张三" in app.table[0].value.to_string()

    run(app)
    assert not app.table  # shown once

    (request,) = [event for event in audit_log() if event["action"] == "unmask"]
    assert (request["user"], request["customer_ids"], request["customers"]) == ("officer", ["C1"], 1)
    assert request["purpose"] == "Customer asked for a callback about order O2"
    trail = "".join(path.read_text() for path in AccessSettings.from_env().audit_dir.iterdir())
    assert all(value not in trail for personal in UNMASKED.values() for value in personal)


def test_unmasking_a_list_covers_the_list_within_the_filters(
    serving_path: Path, restricted_path: Path, user_file: UserFile
) -> None:
    app = open_page(signed_in("officer"), "personal-data")
    run(app.segmented_control(key="unmask_mode").set_value("list"))
    app.selectbox(key="unmask_form.list").set_value("high_value_uncontacted")
    app.text_area(key="unmask_form.purpose").input("Quarterly courtesy calls to key accounts")
    run(submit(app))

    shown = app.table[0].value.to_string()
    assert "张三" in shown and "Li Lei" in shown
    (request,) = [event for event in audit_log() if event["action"] == "unmask"]
    assert request["customer_ids"] == ["C1", "C2"] and request["detail"] == "list high_value_uncontacted"


def test_a_report_download_is_rendered_from_the_serving_copy_and_recorded(serving_path: Path) -> None:
    from dashboards.views.report import report_file

    manager = User(name="manager", role=Role.MANAGER)
    content = report_file(datetime(2024, 4, 1).date(), "en", "xlsx", manager)

    assert content[:2] == b"PK"  # an XLSX workbook
    (download,) = audit_log()
    assert (download["action"], download["user"], download["detail"]) == ("report_download", "manager", "2024-04 en xlsx")
