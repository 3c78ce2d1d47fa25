"""Page registry: every module in dashboards/views/ that defines ``PAGE`` becomes a page.

Adding a page is one new file, dashboards/views/<name>.py, ending with
``PAGE = PageSpec(render=render, title_key="page.<name>", url_path="<name>", icon=..., order=...)``
(and its strings in i18n.py); app.py needs no change.

A page names the permission it needs and whether it has anything for a user limited to regions; the
navigation lists only the pages open to the signed-in user, so any other page's address falls back to
the first page, and each page checks again before it renders.
"""

import importlib
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass

import streamlit as st

from dashboards import views
from dashboards.access import Permission, User
from dashboards.i18n import t


@dataclass(frozen=True)
class PageSpec:
    """What the navigation needs to know about a page."""

    render: Callable[[], None]
    title_key: str
    url_path: str
    icon: str  # an emoji: Streamlit's Material icon names make the browser fetch an icon font from the network
    order: int
    permission: Permission = Permission.AGGREGATES
    # False when every figure on the page is company-wide (its marts carry no region): a user limited to
    # regions does not get the page at all.
    regional: bool = True

    def open_to(self, user: User) -> bool:
        return user.allows(self.permission) and (self.regional or not user.scoped)


def discover_pages() -> list[PageSpec]:
    """Every page module's PAGE, sorted by ``order``; the first is the default page."""
    specs = []
    for module_info in pkgutil.iter_modules(views.__path__):
        module = importlib.import_module(f"{views.__name__}.{module_info.name}")
        specs.append(module.PAGE)
    return sorted(specs, key=lambda spec: spec.order)


def _guarded(spec: PageSpec, user: User) -> Callable[[], None]:
    def render() -> None:
        if not spec.open_to(user):
            st.error(t("access.page_denied"))
            st.stop()
        spec.render()

    return render


def build_pages(specs: list[PageSpec], lang: str, user: User) -> list[st.Page]:
    """The st.Page objects for st.navigation of the pages open to ``user``, titled in ``lang``."""
    shown = [spec for spec in specs if spec.open_to(user)]
    return [
        st.Page(
            _guarded(spec, user),
            title=t(spec.title_key, lang),
            icon=spec.icon,
            url_path=spec.url_path,
            default=index == 0,
        )
        for index, spec in enumerate(shown)
    ]
