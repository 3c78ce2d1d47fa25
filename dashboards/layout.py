"""Pieces every page arranges the same way: the title with the data's date, a section's scope line, the
table behind a chart, and column formats."""

import re
from datetime import date

import pandas as pd
import streamlit as st

from dashboards import queries
from dashboards.charts import localized_names
from dashboards.formatting import (
    CNY_COLUMN_FORMAT,
    COUNT_COLUMN_FORMAT,
    EMPTY,
    SHARE_COLUMN_FORMAT,
    format_date,
    format_share,
    format_timestamp,
)
from dashboards.i18n import t, value_label


def page_title(title_key: str) -> pd.Series:
    """The page's title, the data's as-of date beside today's and the publication, and a warning when the
    data is older than the staleness setting allows; returns meta.published's row."""
    meta = queries.published().iloc[0]
    today = date.today()
    st.title(t(title_key))
    st.caption(
        t(
            "app.published",
            as_of=format_date(meta["as_of_date"]),
            today=format_date(today),
            published_at=format_timestamp(meta["published_at"]),
            build_id=meta["build_id"],
        )
    )
    limit = queries.stale_after_days()
    days = days_behind(meta["as_of_date"], today)
    if days is not None and days > limit:
        st.warning(
            t("app.stale", days=days, as_of=format_date(meta["as_of_date"]), today=format_date(today), limit=limit),
            icon="⏳",
        )
    return meta


def days_behind(as_of: date | None, today: date) -> int | None:
    """How many days the data's as-of date lies before today; None without an as-of date."""
    return None if pd.isna(as_of) else (today - pd.Timestamp(as_of).date()).days


def company_wide_notice() -> None:
    """Said where figures are withheld from a user limited to regions: their marts carry no region."""
    regions = ", ".join(value_label(region) for region in queries.current_user().regions)
    st.info(t("access.company_wide_hidden", regions=regions), icon="🔒")


def section(title_key: str, scope_key: str | None = None, **values: object) -> None:
    """A section's heading and, below it, which filters and dates it follows."""
    st.subheader(t(title_key))
    if scope_key:
        st.caption(t(scope_key, **values))


def localize(frame: pd.DataFrame, columns: tuple[str, ...], lang: str) -> pd.DataFrame:
    """``frame`` with ``columns`` shown in ``lang``, their labels named by the catalogue of definitions."""
    return frame.assign(**{column: localized_names(frame, column, lang) for column in columns})


def table(frame: pd.DataFrame, columns: dict[str, object]) -> None:
    """The rows behind a chart, in an expander: ``columns`` maps each shown column to its column config."""
    with st.expander(t("app.table")):
        data_table(frame, columns, list(columns))


def data_table(frame: pd.DataFrame, columns: dict[str, object], order: list[str] | None = None) -> None:
    """``frame`` as a table, ``columns`` its column configs (``order``: the columns shown, default all),
    missing values as an em dash."""
    shown, configs = dashed(frame, columns)
    st.dataframe(shown, hide_index=True, column_order=order, column_config=configs)


def dashed(frame: pd.DataFrame, columns: dict[str, object]) -> tuple[pd.DataFrame, dict[str, object]]:
    """``frame`` and its column configs with every missing value shown as an em dash.

    Text columns get the dash. Streamlit shows a missing number or date as 'None' and has no setting for
    it, so a number or date column with a missing value becomes text, each value written as its column
    config would show it (right-aligned); the other columns stay typed.
    """
    values, configs = {}, dict(columns)
    for column in frame.columns:
        series = frame[column]
        if pd.api.types.is_string_dtype(series):
            values[column] = series.astype(object).where(series.notna(), EMPTY)
            continue
        kind = (columns.get(column) or {}).get("type_config", {}).get("type")
        if kind in ("number", "date", "datetime") and series.isna().any():
            config = columns[column]
            values[column] = series.map(lambda value, config=config: _as_shown(value, config))
            configs[column] = st.column_config.TextColumn(config["label"], help=config["help"], alignment="right")
    return frame.assign(**values), configs


_DATE_TOKENS = (("YYYY", "%Y"), ("MM", "%m"), ("DD", "%d"), ("HH", "%H"), ("mm", "%M"), ("ss", "%S"))


def _as_shown(value: object, config: dict) -> str:
    """A number or date as the column config's format shows it; an em dash when missing."""
    if pd.isna(value):
        return EMPTY
    type_config = config["type_config"]
    pattern = type_config.get("format") or ""
    if type_config["type"] != "number":
        for token, directive in _DATE_TOKENS:
            pattern = pattern.replace(token, directive)
        return pd.Timestamp(value).strftime(pattern or "%Y-%m-%d %H:%M")
    if pattern == SHARE_COLUMN_FORMAT:
        return format_share(value)
    printf = re.fullmatch(r"(?P<prefix>[^%]*)%(?P<spec>,?(?:\.\d+)?)(?P<kind>[df])", pattern)
    if printf is None:
        return f"{value:,}"
    number = int(value) if printf["kind"] == "d" else float(value)
    return f"{printf['prefix']}{number:{printf['spec']}{printf['kind']}}"


def text(label_key: str) -> object:
    return st.column_config.TextColumn(t(label_key))


def count(label_key: str) -> object:
    return st.column_config.NumberColumn(t(label_key), format=COUNT_COLUMN_FORMAT)


def money(label_key: str) -> object:
    return st.column_config.NumberColumn(t(label_key), format=CNY_COLUMN_FORMAT)


def share(label_key: str) -> object:
    return st.column_config.NumberColumn(t(label_key), format=SHARE_COLUMN_FORMAT)


def number(label_key: str, decimals: int = 2) -> object:
    return st.column_config.NumberColumn(t(label_key), format=f"%.{decimals}f")


def month(label_key: str = "col.month") -> object:
    return st.column_config.DateColumn(t(label_key), format="YYYY-MM")


def day(label_key: str) -> object:
    return st.column_config.DateColumn(t(label_key), format="YYYY-MM-DD")


def moment(label_key: str) -> object:
    return st.column_config.DatetimeColumn(t(label_key), format="YYYY-MM-DD HH:mm")


def flag(label_key: str) -> object:
    return st.column_config.CheckboxColumn(t(label_key))
