"""Page registry: every module in dashboards/views/ that defines ``PAGE`` becomes a page.

Adding a page is one new file, dashboards/views/<name>.py, ending with
``PAGE = PageSpec(render=render, title_key="page.<name>", url_path="<name>", icon=..., order=...)``
(and its strings in i18n.py); app.py needs no change.
"""

import importlib
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass

import streamlit as st

from dashboards import views
from dashboards.i18n import t


@dataclass(frozen=True)
class PageSpec:
    """What the navigation needs to know about a page."""

    render: Callable[[], None]
    title_key: str
    url_path: str
    icon: str
    order: int


def discover_pages() -> list[PageSpec]:
    """Every page module's PAGE, sorted by ``order``; the first is the default page."""
    specs = []
    for module_info in pkgutil.iter_modules(views.__path__):
        module = importlib.import_module(f"{views.__name__}.{module_info.name}")
        specs.append(module.PAGE)
    return sorted(specs, key=lambda spec: spec.order)


def build_pages(specs: list[PageSpec], lang: str) -> list[st.Page]:
    """The st.Page objects for st.navigation, titled in ``lang``."""
    return [
        st.Page(
            spec.render,
            title=t(spec.title_key, lang),
            icon=spec.icon,
            url_path=spec.url_path,
            default=index == 0,
        )
        for index, spec in enumerate(specs)
    ]
