"""Sign-in for the dashboards: the identity provider, the local user file, or the open local demo.

- An identity provider configured in Streamlit's secrets (an ``[auth]`` section: OIDC through
  ``st.login``): its users sign in there; the user file gives them their role and regions, matched by
  e-mail (``insight users add alice@example.com --role analyst --no-password``). Someone the provider
  knows but the user file does not gets no page.
- Otherwise a user file (dashboards/access.py): a name and password form, checked against the file's
  Argon2id hashes. Five failures for a name within 15 minutes lock that name for the rest of the window.
- Neither: the dashboards open for the local user (LOCAL_DEMO_USER) and the sidebar says so.

The signed-in user lives in this session's ``st.session_state``; the user file is read again on every
run, so a removed user or a changed role takes effect at their next click.
"""

import threading
import time
from collections import defaultdict, deque

import streamlit as st

from dashboards import audit
from dashboards.access import LOCAL_DEMO_USER, AccessError, AccessSettings, SignIn, User, UserFile
from dashboards.i18n import t, value_label
from dashboards.queries import USER_SESSION_KEY

FAILURES_ALLOWED = 5
LOCKOUT_SECONDS = 15 * 60
FORM_KEY = "sign_in"


class _Failures:
    """Recent failed sign-ins per name, in this server process."""

    _lock = threading.Lock()
    _times: dict[str, deque[float]] = defaultdict(deque)

    @classmethod
    def locked(cls, name: str) -> bool:
        with cls._lock:
            times = cls._times[name]
            while times and times[0] < time.monotonic() - LOCKOUT_SECONDS:
                times.popleft()
            return len(times) >= FAILURES_ALLOWED

    @classmethod
    def add(cls, name: str) -> None:
        with cls._lock:
            cls._times[name].append(time.monotonic())

    @classmethod
    def clear(cls, name: str) -> None:
        with cls._lock:
            cls._times.pop(name, None)


def identity_provider_configured() -> bool:
    """Whether Streamlit's secrets hold an ``[auth]`` section (an OIDC provider for st.login)."""
    try:
        return "auth" in st.secrets
    except FileNotFoundError:
        return False


def _start_session(user: User, detail: str) -> User:
    st.session_state[USER_SESSION_KEY] = user
    audit.record_for(user, audit.Action.SIGN_IN, detail=detail)
    return user


def _refreshed(user: User, users: UserFile | None) -> User | None:
    """``user`` as the user file describes them now; None when they may no longer sign in this way."""
    if user.sign_in is SignIn.LOCAL_DEMO:
        return user if users is None else None
    if users is None:
        return None
    return users.user(user.name, user.sign_in)


def _password_form(users: UserFile) -> User | None:
    st.title(t("auth.title"))
    st.caption(t("auth.password_intro"))
    with st.form(FORM_KEY):
        name = st.text_input(t("auth.name"), key=f"{FORM_KEY}.name").strip()
        password = st.text_input(t("auth.password"), type="password", key=f"{FORM_KEY}.password")
        submitted = st.form_submit_button(t("auth.sign_in"), type="primary")
    if not submitted:
        return None
    if _Failures.locked(name):
        st.error(t("auth.locked", minutes=LOCKOUT_SECONDS // 60))
        return None
    user = users.verify(name, password)
    if user is None:
        _Failures.add(name)
        known = name in users.entries
        audit.record(audit.Event(audit.Action.SIGN_IN_FAILED, user=name if known else "(unknown name)", role=""))
        st.error(t("auth.failed"))
        return None
    _Failures.clear(name)
    _start_session(user, "password")
    st.rerun()  # draws the pages without the form


def _identity_provider(users: UserFile | None) -> User | None:
    if not st.user.is_logged_in:
        st.title(t("auth.title"))
        st.caption(t("auth.provider_intro"))
        if st.button(t("auth.sign_in_provider"), type="primary"):
            st.login()
        return None
    identity = str(st.user.get("email") or st.user.get("sub") or "")
    user = users.user(identity, SignIn.IDENTITY_PROVIDER) if users else None
    if user is None:
        audit.record(audit.Event(audit.Action.SIGN_IN_FAILED, user=identity, role="", detail="identity provider: no role"))
        st.error(t("auth.no_role", name=identity))
        if st.button(t("auth.sign_out")):
            st.logout()
        return None
    return _start_session(user, "identity provider")


def signed_in_user() -> User | None:
    """The user of this session, after the sign-in page when there is none yet (then None: stop the run)."""
    try:
        users = UserFile.load(AccessSettings.from_env().users_path)
    except AccessError as error:
        st.error(str(error))
        return None
    kept = st.session_state.get(USER_SESSION_KEY)
    if kept is not None:
        user = _refreshed(kept, users)
        if user is not None:
            st.session_state[USER_SESSION_KEY] = user
            return user
        del st.session_state[USER_SESSION_KEY]
    if identity_provider_configured():
        return _identity_provider(users)
    if users is None:
        return _start_session(LOCAL_DEMO_USER, "no user file: local demo")
    return _password_form(users)


def sign_out(user: User) -> None:
    """on_click of the sidebar's sign-out button."""
    audit.record_for(user, audit.Action.SIGN_OUT)
    st.session_state.pop(USER_SESSION_KEY, None)
    if user.sign_in is SignIn.IDENTITY_PROVIDER:
        st.logout()


def user_panel(user: User) -> None:
    """Who is signed in, their role and regions, and the sign-out button; the open-demo notice without a user file."""
    regions = ", ".join(value_label(region) for region in user.regions) if user.scoped else t("auth.all_regions")
    st.sidebar.caption(t("auth.signed_in_as", name=user.name, role=t(f"role.{user.role}"), regions=regions))
    if user.sign_in is SignIn.LOCAL_DEMO:
        st.sidebar.warning(t("auth.local_demo"), icon="🔓")
    else:
        st.sidebar.button(t("auth.sign_out"), on_click=sign_out, args=(user,), key="sign_out")
