"""Entry point of the dashboards: `streamlit run dashboards/app.py`.

Signs the user in (auth.py), builds the navigation from dashboards/views/ with the pages open to them
(see navigation.py), puts the language switch and who is signed in in the sidebar of every page, and shows a
bilingual message instead of a page while nothing is published.
"""

import streamlit as st

from dashboards import auth, queries
from dashboards.i18n import LANGUAGE_NAMES, LANGUAGES, SESSION_KEY, both, current_lang, default_lang, t
from dashboards.navigation import build_pages, discover_pages


def language_switch() -> str:
    """The sidebar's English / 中文 switch; its value lives in st.session_state["lang"]."""
    st.session_state.setdefault(SESSION_KEY, default_lang())
    st.sidebar.segmented_control(
        t("app.language"),
        options=LANGUAGES,
        format_func=LANGUAGE_NAMES.get,
        key=SESSION_KEY,
        required=True,
    )
    return current_lang()


def show_not_published() -> None:
    st.warning(both("serving.missing"), icon="⛔")
    st.caption(t("serving.looked_for", path=queries.serving_path()))


def main() -> None:
    st.set_page_config(page_title=t("app.title"), page_icon="📈", layout="wide")
    lang = language_switch()
    user = auth.signed_in_user()
    if user is None:
        return
    auth.user_panel(user)
    page = st.navigation(build_pages(discover_pages(), lang, user))
    if queries.is_published():
        page.run()
    else:
        show_not_published()


main()
