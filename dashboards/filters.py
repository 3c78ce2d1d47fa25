"""The shared filters — date range, segment, channel, region, platform — kept across pages.

Each filter's value lives in ``st.session_state["filter.<name>"]``, not under its widget's key: Streamlit
drops a widget's state as soon as a page without that widget runs, so the widget is drawn with the kept
value as its default and copies its value back when the user changes it. A page draws only the filters it
uses, in the sidebar; the others keep their values for the pages that use them.

A filter left at ``ALL`` does not filter. ``"all"`` is also the marts' own word for the total over a
dimension (survey_scores_monthly, service_sla_monthly, social_negative_spikes), so queries can compare a
rolled-up column with the filter value directly.
"""

from collections.abc import Callable, Sequence
from datetime import date

import streamlit as st

from dashboards import queries
from dashboards.formatting import format_month
from dashboards.i18n import column_value_label, current_lang, t, value_label

ALL = "all"
DEFAULT_MONTHS = 12


def store_key(name: str) -> str:
    """Where a filter's value is kept for the whole session."""
    return f"filter.{name}"


def widget_key(name: str, lang: str | None = None) -> str:
    """A filter widget's key. A select box's key carries the language: the browser keeps showing an
    option's old label when only the labels of a keyed select box change."""
    return f"filter_widget.{name}" if lang is None else f"filter_widget.{name}.{lang}"


def _keep(name: str, key: str) -> None:
    """on_change: copy the widget's new value into the filter's own session key."""
    st.session_state[store_key(name)] = st.session_state[key]


def month_range(months: list[date]) -> tuple[date | None, date | None]:
    """The months slider (first and last month, inclusive); by default the last 12 months."""
    if not months:
        return None, None
    default = (months[max(0, len(months) - DEFAULT_MONTHS)], months[-1])
    start, end = st.session_state.get(store_key("months"), default)
    # A newly published copy may have other months: keep what still exists, else the default.
    chosen = (start, end) if start in months and end in months else default
    if len(months) == 1:
        return chosen
    return st.sidebar.select_slider(
        t("filter.months"),
        options=months,
        value=chosen,
        format_func=format_month,
        key=widget_key("months"),
        on_change=_keep,
        args=("months", widget_key("months")),
        help=t("filter.months_help"),
    )


def choice(name: str, options: Sequence[str], format_func: Callable[[str], str] | None = None) -> str:
    """A single-choice filter over ``options`` plus ``ALL``.

    A kept value this page does not offer (a channel of another page's mart) shows as ``ALL`` here and is
    kept for the pages that offer it. Labels are made in the language of this run (AppTest calls
    ``format_func`` again later, outside the run).
    """
    lang = current_lang()
    label = format_func or (lambda value: column_value_label(name, value, lang))
    kept = st.session_state.get(store_key(name), ALL)
    choices = [ALL, *options]
    key = widget_key(name, lang)
    return st.sidebar.selectbox(
        t(f"filter.{name}"),
        choices,
        index=choices.index(kept) if kept in choices else 0,
        format_func=lambda value: t("filter.all", lang) if value == ALL else label(value),
        key=key,
        on_change=_keep,
        args=(name, key),
        help=t(f"filter.{name}_help"),
    )


def header() -> None:
    """The sidebar heading above a page's filters."""
    st.sidebar.subheader(t("filter.header"))


def segment() -> str:
    """The service tier filter (kept as 'segment'): the tiers the RFM segments roll up into, named by the
    catalogue of definitions."""
    lang = current_lang()
    return choice(
        "segment", queries.service_tiers(), lambda tier: value_label(tier, lang, "service_tier")
    )


def region() -> str:
    """The region filter: the customers' regions."""
    return choice("region", queries.regions())
