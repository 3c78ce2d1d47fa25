"""Pieces every page arranges the same way: the title with the data's date, a section's scope line, the
table behind a chart, and column formats."""

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
        st.dataframe(dashed(frame), hide_index=True, column_order=list(columns), column_config=columns)


def dashed(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with missing values of its text columns shown as an em dash (numbers and dates stay typed)."""
    text = [column for column in frame.columns if pd.api.types.is_string_dtype(frame[column])]
    return frame.assign(
        **{column: frame[column].astype(object).where(frame[column].notna(), EMPTY) for column in text}
    )


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
