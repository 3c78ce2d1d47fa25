"""SQL that checks landing rows against an entity's contract.

Every landing value arrives as text. For each field the check yields a typed value (``try_cast``) and,
when the value breaks the contract, a short reason such as ``wrong type: amount``. Reasons are
categories, not messages with values in them, so quarantine can be counted by reason; the original
values stay beside them in the quarantine row.
"""

from __future__ import annotations

from pipelines.sources.base import PATTERN_PREFIX, RECORD_NUMBER, Dialect, EntitySpec, Field, expression_tokens

_INTEGER_TYPES = {"TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT"}
# try_cast rounds '1.5' to 2 and reads '1e3' as 1000: integers and decimals must look like numbers first.
_INTEGER_PATTERN = r"\s*[+-]?[0-9]+\s*"
_DECIMAL_PATTERN = r"\s*[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)\s*"
# A spreadsheet writes a long digit code as 1.38E+10. Only when the mantissa shows every digit
# (1.3812345678E+10) can the code be read back; otherwise its digits are lost.
_SCIENTIFIC_PATTERN = r"\s*([0-9])(\.([0-9]*))?[eE]\+?([0-9]+)\s*"
# Spreadsheets and many exports write an offset apart from the time ('2024-01-02 10:00:00 +0000');
# DuckDB reads the offset only when it touches the time.
_SPACED_OFFSET_PATTERN = r"\s+([+-][0-9]{2}(:?[0-9]{2})?|Z)$"


def quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def text_column(name: str) -> str:
    """Name of the column that holds a field's original text in the checking query."""
    return quote(f"__text__{name}")


def sql_literal(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def _scientific(f: Field) -> str:
    return f"regexp_full_match({text_column(f.name)}, '{_SCIENTIFIC_PATTERN}')"


def _digits_of_scientific(f: Field) -> str:
    """The digits of a value in scientific notation whose mantissa shows them all, else NULL."""

    def group(number: int) -> str:
        return f"regexp_extract({text_column(f.name)}, '{_SCIENTIFIC_PATTERN}', {number})"

    return f"case when length({group(3)}) = try_cast({group(4)} as integer) then {group(1)} || {group(3)} end"


def _mapped_text(f: Field, spec: EntitySpec) -> str:
    """The field's text with the declaration's value map applied (an export's 'Cancelled' -> 'cancelled')."""
    text = text_column(f.name)
    values = spec.mapping.values.get(f.name)
    if not values:
        return text
    cases = " ".join(
        f"when regexp_matches(trim({text}), {sql_literal(k[len(PATTERN_PREFIX):])}) then {sql_literal(v)}"
        if k.startswith(PATTERN_PREFIX) else f"when trim({text}) = {sql_literal(k)} then {sql_literal(v)}"
        for k, v in values.items()
    )
    return f"case {cases} else {text} end"


def number_text(text: str, dialect: Dialect) -> str:
    """A number's text with the dialect's currency symbols and thousands separator removed and its
    decimal separator made a point; NULL when empty."""
    cleaned = f"trim({text})"
    for symbol in dialect.currency_symbols:
        cleaned = f"replace({cleaned}, {sql_literal(symbol)}, '')"
    if dialect.thousands:
        cleaned = f"replace({cleaned}, {sql_literal(dialect.thousands)}, '')"
    if dialect.decimal != ".":
        cleaned = f"replace({cleaned}, {sql_literal(dialect.decimal)}, '.')"
    return f"nullif(trim({cleaned}), '')"


def _timestamp_format(fmt: str, text: str) -> str:
    if fmt == "unix_seconds":
        return f"case when regexp_full_match({text}, '[0-9]{{1,12}}') then to_timestamp(cast({text} as bigint)) end"
    if fmt == "unix_millis":
        return f"case when regexp_full_match({text}, '[0-9]{{1,15}}') then to_timestamp(cast({text} as bigint) / 1000) end"
    return f"cast(try_strptime({text}, {sql_literal(fmt)}) as TIMESTAMPTZ)"


def _typed_expression(f: Field, spec: EntitySpec) -> str:
    source = _mapped_text(f, spec)
    text = f"nullif(trim({source}), '')"
    dialect = spec.dialect
    if f.dtype == "VARCHAR" and f.digit_code:
        return f"case when {_scientific(f)} then {_digits_of_scientific(f)} else nullif({source}, '') end"
    if f.dtype == "VARCHAR":
        return f"nullif({source}, '')"
    if f.dtype == "TIMESTAMPTZ":
        # naive values are read in the session's time zone, the source's declared one (loader.py)
        iso = f"try_cast(regexp_replace({text}, '{_SPACED_OFFSET_PATTERN}', '\\1') as {f.dtype})"
        declared = [_timestamp_format(fmt, text) for fmt in dialect.timestamp_formats]
        return f"coalesce({', '.join([*declared, iso])})" if declared else iso
    if f.dtype == "DATE":
        declared = [f"cast(try_strptime({text}, {sql_literal(fmt)}) as DATE)" for fmt in dialect.date_formats]
        return f"coalesce({', '.join([*declared, f'try_cast({text} as DATE)'])})"
    if f.name in spec.mapping.derived:  # already a plain number, rounded to the field's type
        return f"try_cast(try_cast({text} as DECIMAL(38, 6)) as {f.dtype})"
    number = number_text(source, dialect)
    if f.dtype in _INTEGER_TYPES:
        return f"case when regexp_full_match({number}, '{_INTEGER_PATTERN}') then try_cast({number} as {f.dtype}) end"
    if f.dtype.startswith("DECIMAL"):
        return f"case when regexp_full_match({number}, '{_DECIMAL_PATTERN}') then try_cast({number} as {f.dtype}) end"
    return f"try_cast({text} as {f.dtype})"


def derived_sql(expression: str, dialect: Dialect, column_text) -> str:
    """The text of a derived field: the declared arithmetic over export columns read as numbers in the
    source's dialect. ``column_text`` gives a column's text SQL, None when the file lacks the column."""
    parts = []
    for kind, value in expression_tokens(expression):
        if kind == "name" and value == RECORD_NUMBER:
            parts.append("_row_number")
        elif kind == "name":
            text = column_text(value)
            if text is None:
                return "null::varchar"
            number = number_text(text, dialect)
            parts.append(f"(case when regexp_full_match({number}, '{_DECIMAL_PATTERN}') "
                         f"then try_cast({number} as DECIMAL(38, 6)) end)")
        else:
            parts.append(value)
    return f"cast({' '.join(parts)} as varchar)"


def _field_reasons(f: Field, key: tuple[str, ...]) -> list[str]:
    """CASE expressions that each yield a reason or NULL for one field."""
    text = f"nullif(trim({text_column(f.name)}), '')"
    typed = quote(f.name)
    reasons: list[str] = []
    if f.required:
        label = "missing key" if f.name in key else "missing value"
        reasons.append(f"case when {text} is null then '{label}: {f.name}' end")
    if f.dtype != "VARCHAR":
        reasons.append(f"case when {text} is not null and {typed} is null then 'wrong type: {f.name}' end")
    if f.digit_code:
        reasons.append(f"case when {_scientific(f)} and {typed} is null then 'scientific notation: {f.name}' end")
    if f.allowed:
        allowed = ", ".join(sql_literal(v) for v in f.allowed)
        reasons.append(f"case when {typed} is not null and {typed} not in ({allowed}) then 'unknown value: {f.name}' end")
    if f.min_value is not None:
        reasons.append(f"case when {typed} < {f.min_value} then 'out of range: {f.name}' end")
    if f.max_value is not None:
        reasons.append(f"case when {typed} > {f.max_value} then 'out of range: {f.name}' end")
    if f.not_future:
        # A day of slack absorbs clock skew and time zones between the exporting system and us.
        horizon = "current_date + 1" if f.dtype == "DATE" else "now() + interval 1 day"
        reasons.append(f"case when {typed} > {horizon} then 'future date: {f.name}' end")
    return reasons


def checked_rows_sql(spec: EntitySpec, landed: str) -> str:
    """Select every landed row with its typed values and ``_reason`` ('' when the row is valid).

    ``landed`` is a relation with ``_row_number``, ``_raw_record``, ``_parse_error`` and one text column
    ``__text__<field>`` per contract field. Within one file, a second row with the key of an earlier valid
    row is a duplicate; across files the same key is a correction and staging keeps the latest.
    """
    typed = ",\n        ".join(f"{_typed_expression(f, spec)} as {quote(f.name)}" for f in spec.fields)
    reasons = [r for f in spec.fields for r in _field_reasons(f, spec.key)]
    reasons += [f"case when {rule.violated_when} then {sql_literal(rule.reason)} end" for rule in spec.rules]
    reason_list = ",\n            ".join(reasons)
    key = ", ".join(quote(k) for k in spec.key)
    key_label = ", ".join(spec.key)
    return f"""
with typed as (
    select landed.*,
        {typed}
    from {landed} as landed
),
reasoned as (
    select typed.*,
        case when _parse_error is not null then _parse_error
        else concat_ws('; ',
            {reason_list}
        ) end as _reason
    from typed
)
select reasoned.* replace (
    case
        when _reason = '' and row_number() over (partition by _reason = '', {key} order by _row_number) > 1
            then 'duplicate key in file: {key_label}'
        else _reason
    end as _reason
)
from reasoned
"""
