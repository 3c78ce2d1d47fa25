"""Personal data: a privacy officer unmasks one customer or one action list for a stated purpose.

The unmasked values are read from the restricted profile file (published beside the serving copy only
with INSIGHT_SHOW_PII), shown once in the run that asked for them, as a static table without a download,
and the request is recorded in the audit trail (who, when, which customer ids, the purpose).
"""

import streamlit as st

from dashboards import audit, filters, layout, queries
from dashboards.access import Permission
from dashboards.i18n import current_lang, t
from dashboards.navigation import PageSpec
from dashboards.sql import actions
from dashboards.sql import unmask as sql

MODES = ("customer", "list")
MODE_KEY = "unmask_mode"
FORM_KEY = "unmask_form"
MIN_PURPOSE_CHARACTERS = 10
SHOWN_COLUMNS = {
    "customer_id": "col.customer_id",
    "customer_name": "col.name",
    "phone": "col.phone",
    "email": "col.email",
    "birth_date": "col.birth_date",
    "company_name": "col.company",
    "all_phones": "col.all_phones",
    "all_emails": "col.all_emails",
}


def requested_ids(mode: str, customer_id: str, list_key: str, segment: str, region: str) -> list[str]:
    if mode == "customer":
        return [customer_id.strip()] if customer_id.strip() else []
    return sql.list_customer_ids(list_key, segment, region, None)


def show_once(mode: str, ids: list[str], list_key: str, purpose: str, lang: str) -> None:
    user = queries.current_user()
    detail = "customer" if mode == "customer" else f"list {list_key}"
    profiles = sql.unmasked_profiles(ids)
    if profiles.empty:
        audit.record_for(user, audit.Action.UNMASK_REFUSED, customer_ids=tuple(ids), detail=detail, purpose=purpose)
        st.warning(t("unmask.none_in_scope"))
        return
    audit.record_for(
        user,
        audit.Action.UNMASK,
        customers=len(profiles),
        customer_ids=tuple(profiles["customer_id"]),
        detail=detail,
        purpose=purpose,
    )
    st.warning(t("unmask.shown_once", count=len(profiles)), icon="👀")
    shown = profiles[list(SHOWN_COLUMNS)].astype("string").fillna("—")
    st.table(shown.rename(columns={column: t(key, lang) for column, key in SHOWN_COLUMNS.items()}))


def render() -> None:
    lang = current_lang()
    layout.page_title("unmask.title")
    st.caption(t("unmask.intro", limit=sql.LIST_LIMIT))
    if not queries.restricted_published():
        st.info(t("unmask.not_published"), icon="🔒")
        return
    mode = st.segmented_control(
        t("unmask.what"), MODES, format_func=lambda value: t(f"unmask.mode.{value}", lang), default=MODES[0],
        required=True, key=MODE_KEY,
    )
    segment = region = filters.ALL
    if mode == "list":
        filters.header()
        segment = filters.segment()
        region = filters.region()
    with st.form(FORM_KEY, clear_on_submit=True):
        customer_id = list_key = ""
        if mode == "customer":
            customer_id = st.text_input(t("unmask.customer_id"), key=f"{FORM_KEY}.customer_id")
        else:
            list_key = st.selectbox(
                t("actions.list"), list(actions.ACTION_LISTS),
                format_func=lambda value: t(f"actions.{value}.title", lang), key=f"{FORM_KEY}.list",
            )
        purpose = st.text_area(t("unmask.purpose"), max_chars=500, key=f"{FORM_KEY}.purpose").strip()
        submitted = st.form_submit_button(t("unmask.submit"), type="primary")
    if not submitted:
        return
    if len(purpose) < MIN_PURPOSE_CHARACTERS:
        st.error(t("unmask.purpose_needed", characters=MIN_PURPOSE_CHARACTERS))
        return
    ids = requested_ids(mode, customer_id, list_key, segment, region)
    if not ids:
        st.error(t("unmask.nothing_asked"))
        return
    show_once(mode, ids, list_key, purpose, lang)


PAGE = PageSpec(
    render=render,
    title_key="page.unmask",
    url_path="personal-data",
    icon="👀",
    order=90,
    permission=Permission.UNMASK,
)
