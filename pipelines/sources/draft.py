"""Draft a source declaration from one export file, for a person to review.

The draft sniffs the file's dialect (format, encoding, delimiter, rows before the header), reads a sample
of its values as text, infers what each column holds (numbers and how they are written, timestamps and
their format, e-mails, phones), picks the canonical entity whose fields its columns match best (by name,
with Chinese and English synonyms, then by content), guesses value maps for enum fields, and writes a
declaration in which every guess carries a ``# guess`` comment and every open question a ``# REVIEW``
comment. Nothing here is trusted: ``insight source check`` shows what the declaration would load.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from pipelines.ingest.encoding import scan_file
from pipelines.ingest.prepare import cell_text
from pipelines.sources.base import RECORD_NUMBER, Field
from pipelines.sources.canonical import CONTRACTS, Contract

SAMPLE_ROWS = 2000
SAMPLE_BYTES = 1024 * 1024
FORMATS = {".csv": "csv", ".txt": "csv", ".tsv": "csv", ".jsonl": "jsonl", ".json": "jsonl", ".xlsx": "xlsx",
           ".parquet": "parquet"}
DELIMITERS = (",", ";", "\t", "|")
CURRENCY_SYMBOLS = ("¥", "￥", "$", "£", "€", "HK$", "US$", "RMB")
TIMESTAMP_FORMATS = (
    "%Y/%m/%d %H:%M:%S", "%Y/%m/%d %H:%M", "%Y/%m/%d", "%d/%m/%Y %H:%M:%S", "%d/%m/%Y %H:%M", "%d/%m/%Y",
    "%m/%d/%Y %H:%M:%S", "%m/%d/%Y %H:%M", "%m/%d/%Y", "%d-%m-%Y %H:%M:%S", "%d-%m-%Y", "%d.%m.%Y %H:%M",
    "%d.%m.%Y", "%a %b %d %H:%M:%S %z %Y", "%Y年%m月%d日 %H:%M:%S", "%Y年%m月%d日",
)
ISO_TIMESTAMP = re.compile(r"\d{4}-\d{2}-\d{2}([ T]\d{2}:\d{2}(:\d{2}(\.\d+)?)?)?\s*(Z|[+-]\d{2}:?\d{2})?")
THOUSANDS_NUMBER = re.compile(r"-?\d{1,3}(,\d{3})+(\.\d+)?")
PLAIN_NUMBER = re.compile(r"-?(\d+\.?\d*|\.\d+)")
EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
PHONE = re.compile(r"\+?[\d\s\-()（）]{7,20}")

# Names an export may give a canonical field, in English and Chinese; compared after normalising case,
# spaces, underscores and dashes.
SYNONYMS: dict[str, tuple[str, ...]] = {
    "order_id": ("order id", "order no", "order number", "invoice", "invoice no", "invoice number", "订单号",
                 "订单编号", "订单id", "单号"),
    "customer_id": ("customer id", "customer no", "customer number", "client id", "member id", "user id",
                    "buyer id", "客户id", "客户编号", "客户号", "会员号", "会员id", "用户id"),
    "ordered_at": ("order date", "invoice date", "purchase date", "order purchase timestamp", "order time",
                   "下单时间", "订单时间", "购买时间", "交易时间"),
    "status": ("order status", "ticket status", "state", "状态", "订单状态"),
    "amount": ("total", "order total", "total amount", "order amount", "金额", "订单金额", "实付金额", "总价"),
    "refund_amount": ("refund", "refunded", "退款金额", "退款"),
    "currency": ("currency code", "币种", "货币"),
    "payment_method": ("payment", "payment type", "pay method", "支付方式", "付款方式"),
    "channel": ("sales channel", "ticket channel", "source", "渠道", "来源"),
    "store_id": ("store", "shop id", "门店", "门店id"),
    "line_no": ("line", "line number", "item no", "order item id", "行号", "序号"),
    "product_id": ("stock code", "stockcode", "sku", "item id", "product code", "product", "商品编号", "商品id"),
    "category": ("product category", "category name", "description", "product name", "类目", "品类", "分类", "商品名称"),
    "quantity": ("qty", "units", "数量"),
    "unit_price": ("price", "unit cost", "单价", "价格"),
    "name": ("customer name", "full name", "姓名", "客户名称", "名字"),
    "phone": ("mobile", "telephone", "phone number", "手机", "电话", "手机号"),
    "email": ("e mail", "customer email", "mail", "邮箱", "电子邮件"),
    "gender": ("sex", "customer gender", "性别"),
    "birthday": ("birth date", "date of birth", "dob", "生日", "出生日期"),
    "city": ("customer city", "城市"),
    "region": ("state", "province", "customer state", "country", "省份", "地区", "区域"),
    "signup_at": ("signup date", "registered at", "registration date", "created at", "注册时间"),
    "interaction_id": ("ticket id", "case id", "ticket no", "工单号", "工单id"),
    "opened_at": ("created at", "opened", "ticket created", "creation date", "创建时间", "开单时间"),
    "first_response_at": ("first response time", "first response", "首次响应时间", "响应时间"),
    "resolved_at": ("resolution time", "time to resolution", "resolved", "closed at", "解决时间", "关闭时间"),
    "kind": ("ticket type", "type", "类型"),
    "satisfaction": ("customer satisfaction rating", "satisfaction rating", "rating", "满意度"),
    "text": ("ticket description", "description", "content", "message", "body", "review", "tweet", "post",
             "内容", "描述", "评论内容", "评价"),
    "mention_id": ("tweet id", "post id", "帖子id"),
    "author_handle": ("author id", "author", "user name", "username", "handle", "作者"),
    "posted_at": ("created at", "post time", "发布时间"),
    "response_id": ("review id", "survey response id", "答卷id"),
    "survey_id": ("survey", "questionnaire id", "问卷id"),
    "sent_at": ("review creation date", "sent", "invited at", "发送时间"),
    "responded_at": ("review answer timestamp", "answered at", "submitted at", "回答时间", "提交时间"),
    "nps": ("nps score", "likelihood to recommend", "推荐意愿"),
    "csat": ("review score", "csat score", "满意度评分"),
    "comment": ("review comment message", "comments", "feedback", "评论", "意见"),
}
# Export values that mean a canonical enum value, beyond a case-insensitive match.
VALUE_SYNONYMS: dict[str, str] = {
    "已支付": "paid", "已付款": "paid", "支付成功": "paid", "delivered": "paid", "shipped": "paid",
    "invoiced": "paid", "complete": "paid", "completed": "paid", "approved": "paid",
    "已退款": "refunded", "退款": "refunded", "refund": "refunded", "returned": "refunded",
    "已取消": "cancelled", "取消": "cancelled", "canceled": "cancelled", "unavailable": "cancelled",
    "男": "M", "male": "M", "女": "F", "female": "F", "other": "U", "未知": "U",
    "chat": "online_chat", "social media": "wechat", "电话": "phone", "邮件": "email",
    "pending customer response": "in_progress", "pending": "in_progress", "处理中": "in_progress",
    "已解决": "resolved", "已关闭": "closed", "closed": "closed", "open": "open",
    "technical issue": "complaint", "product inquiry": "inquiry", "billing inquiry": "inquiry",
    "refund request": "requirement", "cancellation request": "requirement",
}


# Words in an export's column names that tell the value of an enum field it has no column for.
ENUM_HINTS: dict[str, str] = {"tweet": "twitter", "twitter": "twitter", "weibo": "weibo", "微博": "weibo",
                              "douyin": "douyin", "抖音": "douyin", "xiaohongshu": "xiaohongshu", "小红书": "xiaohongshu"}


class DraftError(Exception):
    """The file cannot be drafted from (unknown format, unreadable); one line."""


@dataclass
class Column:
    name: str
    values: list[str]
    kind: str = "text"  # text, integer, number, timestamp, email, phone
    timestamp_format: str | None = None  # None for ISO 8601
    currency_symbols: tuple[str, ...] = ()
    thousands: bool = False


@dataclass
class Draft:
    entity: str
    file_format: str
    dialect: dict[str, object]
    columns: dict[str, str] = field(default_factory=dict)  # field -> column
    how: dict[str, str] = field(default_factory=dict)  # field -> why it was matched
    values: dict[str, dict[str, str]] = field(default_factory=dict)
    unmapped_values: dict[str, list[str]] = field(default_factory=dict)
    constants: dict[str, str] = field(default_factory=dict)
    derived: dict[str, str] = field(default_factory=dict)
    missing: list[str] = field(default_factory=list)
    unused: list[str] = field(default_factory=list)


def _normal(name: str) -> str:
    return re.sub(r"[\s_\-.]+", " ", name.strip().lower()).strip()


def _sample_text(path: Path, encoding: str) -> str:
    with path.open("rb") as handle:
        head = handle.read(SAMPLE_BYTES)
    codec = "utf-8" if encoding == "mixed" else encoding
    text = head.decode(codec, errors="ignore")
    return text.lstrip("\ufeff")


def _csv_rows(text: str) -> tuple[list[list[str]], dict[str, object]]:
    lines = text.splitlines()[:SAMPLE_ROWS + 20]
    if len(text) >= SAMPLE_BYTES - 4:  # the last line of a cut sample is partial
        lines = lines[:-1]
    best = None
    for delimiter in DELIMITERS:
        rows = list(csv.reader(io.StringIO("\n".join(lines)), delimiter=delimiter))
        counts = Counter(len(row) for row in rows if row)
        if not counts:
            continue
        width, frequency = counts.most_common(1)[0]
        if width > 1 and (best is None or (frequency, width) > best[0]):
            best = ((frequency, width), delimiter, rows, width)
    if best is None:
        return [[line] for line in lines], {}
    _, delimiter, rows, width = best
    skip = next(index for index, row in enumerate(rows) if len(row) == width)
    dialect: dict[str, object] = {}
    if delimiter != ",":
        dialect["delimiter"] = "tab" if delimiter == "\t" else delimiter
    if skip:
        dialect["skip_rows"] = skip
    return [row for row in rows[skip:] if row], dialect


def _read_sample(path: Path, file_format: str) -> tuple[list[str], list[list[str]], dict[str, object]]:
    """(header, rows as text, dialect found) of the first rows of the file."""
    dialect: dict[str, object] = {"format": file_format}
    if file_format == "parquet":
        import pyarrow as pa
        import pyarrow.parquet as pq

        batch = next(pq.ParquetFile(path).iter_batches(batch_size=SAMPLE_ROWS), None)
        if batch is None:
            return [], [], dialect
        table = pa.Table.from_batches([batch])
        columns = [table[name].cast(pa.string()).to_pylist() for name in table.column_names]
        return table.column_names, [list(row) for row in zip(*columns)], dialect
    if file_format == "xlsx":
        from openpyxl import load_workbook

        workbook = load_workbook(path, read_only=True, data_only=True)
        try:
            sheet = workbook.worksheets[0]
            rows = [[cell_text(v) for v in row] for row, _ in zip(sheet.iter_rows(values_only=True), range(SAMPLE_ROWS + 1))]
            if len(workbook.sheetnames) > 1:
                dialect["sheet"] = workbook.sheetnames[0]
        finally:
            workbook.close()
        rows = [row for row in rows if any(row)]
        return (rows[0] if rows else []), rows[1:], dialect
    encoding = scan_file(path).encoding
    if encoding not in ("utf-8", "mixed"):
        dialect["encoding"] = encoding
    text = _sample_text(path, encoding)
    if file_format == "jsonl":
        records = [json.loads(line) for line in text.splitlines()[:SAMPLE_ROWS] if line.strip().startswith("{")]
        header = list(dict.fromkeys(key for record in records for key in record))
        rows = [[None if record.get(k) is None else str(record.get(k)) for k in header] for record in records]
        return header, rows, dialect
    rows, found = _csv_rows(text)
    dialect.update(found)
    return (rows[0] if rows else []), rows[1:], dialect


def _infer(name: str, values: list[str]) -> Column:
    present = [v.strip() for v in values if v is not None and v.strip()]
    column = Column(name, present)
    if not present:
        return column
    symbols = tuple(s for s in CURRENCY_SYMBOLS if any(v.startswith(s) or v.endswith(s) for v in present))

    def bare(value: str) -> str:
        for symbol in symbols:
            value = value.replace(symbol, "")
        return value.strip()

    numbers = [bare(v) for v in present]
    if all(PLAIN_NUMBER.fullmatch(v) or THOUSANDS_NUMBER.fullmatch(v) for v in numbers):
        column.currency_symbols = symbols
        column.thousands = any(THOUSANDS_NUMBER.fullmatch(v) for v in numbers)
        digits = [v.replace(",", "") for v in numbers]
        if all(re.fullmatch(r"-?\d+", v) for v in digits):
            long = all(9 <= len(v) <= 10 for v in digits) and ("date" in _normal(name) or "time" in _normal(name))
            column.kind = "timestamp" if long else "integer"
            column.timestamp_format = "unix_seconds" if long else None
        else:
            column.kind = "number"
        return column
    if all(ISO_TIMESTAMP.fullmatch(v) for v in present):
        column.kind = "timestamp"
        return column
    for fmt in TIMESTAMP_FORMATS:
        try:
            for value in present[:200]:
                datetime.strptime(value, fmt)
        except ValueError:
            continue
        column.kind, column.timestamp_format = "timestamp", fmt
        return column
    if all(EMAIL.fullmatch(v) for v in present):
        column.kind = "email"
    elif all(PHONE.fullmatch(v) and sum(c.isdigit() for c in v) >= 7 for v in present):
        column.kind = "phone"
    return column


_KINDS_BY_DTYPE = {"TIMESTAMPTZ": {"timestamp"}, "DATE": {"timestamp"}, "INTEGER": {"integer"},
                   "DECIMAL(18,2)": {"integer", "number"}}


def _fits(f: Field, column: Column) -> bool:
    if not column.values:
        return True
    if f.name == "email":
        return column.kind == "email"
    if f.name == "phone":
        return column.kind in ("phone", "integer")
    allowed = _KINDS_BY_DTYPE.get(f.dtype)
    return allowed is None or column.kind in allowed


def _match(contract: Contract, columns: list[Column]) -> tuple[dict[str, tuple[Column, str]], tuple[int, int]]:
    """Field -> (column, how), greedily by name (exact, then synonym), then by content; and a score."""
    matched: dict[str, tuple[Column, str]] = {}
    used: set[str] = set()
    by_name = {_normal(c.name): c for c in columns}
    for how in ("name", "synonym"):
        for f in contract.fields:
            if f.name in matched:
                continue
            names = [_normal(f.name)] if how == "name" else [_normal(s) for s in SYNONYMS.get(f.name, ())]
            for candidate in names:
                column = by_name.get(candidate)
                if column is not None and column.name not in used and _fits(f, column):
                    matched[f.name] = (column, how)
                    used.add(column.name)
                    break
    for f in contract.fields:  # by content: an e-mail, a phone, the first timestamp for a required one
        if f.name in matched:
            continue
        wanted = {"email": "email", "phone": "phone"}.get(f.name) or ("timestamp" if f.required and f.dtype == "TIMESTAMPTZ" else None)
        column = next((c for c in columns if c.kind == wanted and c.name not in used), None) if wanted else None
        if column is None and f.allowed:  # an enum: the column whose values mostly map onto its values
            column = next((c for c in columns if c.name not in used and c.kind == "text" and _mostly_maps(f, c)), None)
        if column is not None:
            matched[f.name] = (column, "content")
            used.add(column.name)
    # a match by content alone is weaker evidence than a name
    score = sum((3 if f.required and matched[f.name][1] != "content" else 1) for f in contract.fields if f.name in matched)
    # a required field the draft fills itself (ids numbered, an enum or the currency as a constant) costs nothing
    score -= sum(2 for f in contract.fields if f.required and f.name not in matched
                 and f.name not in contract.key and not f.allowed)
    return matched, (bool(matched), score, len(matched))  # on a tie, the entity that reads more of the file


def _mostly_maps(f: Field, column: Column) -> bool:
    """Whether at least four in five of a column's distinct values are, or mean, one of the field's values."""
    distinct = set(column.values)
    _, unknown = _value_map(f, column)
    return bool(distinct) and len(unknown) <= len(distinct) / 5


def _value_map(f: Field, column: Column) -> tuple[dict[str, str], list[str]]:
    mapped, unknown = {}, []
    lowered = {a.lower(): a for a in f.allowed}
    for value in sorted(set(column.values)):
        if value in f.allowed:
            continue
        target = lowered.get(value.lower()) or VALUE_SYNONYMS.get(value.lower()) or VALUE_SYNONYMS.get(value)
        if target in f.allowed:
            mapped[value] = target
        else:
            unknown.append(value)
    return mapped, unknown


def draft(path: Path, name: str) -> Draft:
    """The declaration's content for one export file of source ``name``."""
    file_format = FORMATS.get(path.suffix.lower())
    if file_format is None:
        raise DraftError(f"{path.name}: unknown format {path.suffix!r} (one of {', '.join(sorted(FORMATS))})")
    try:
        header, rows, dialect = _read_sample(path, file_format)
    except Exception as exc:  # noqa: BLE001 - any reading problem is one line for the user
        raise DraftError(f"{path.name}: cannot read a sample as {file_format}: {str(exc).splitlines()[0]}") from exc
    if not header:
        raise DraftError(f"{path.name}: no columns found")
    columns = [_infer(name, [row[i] if i < len(row) else None for row in rows]) for i, name in enumerate(header)
               if name is not None and str(name).strip()]
    best = max(CONTRACTS.values(), key=lambda contract: _match(contract, columns)[1])
    matched, _ = _match(best, columns)
    result = Draft(best.entity, file_format, dialect)
    formats = sorted({c.timestamp_format for c, _ in matched.values() if c.timestamp_format})
    if formats:
        dialect["timestamp_formats"] = formats
    symbols = sorted({s for c, _ in matched.values() for s in c.currency_symbols})
    if symbols:
        dialect["currency_symbols"] = symbols
    if any(c.thousands for c, _ in matched.values()):
        dialect["thousands"] = ","
    for f in best.fields:
        if f.name in matched:
            column, how = matched[f.name]
            result.columns[f.name] = column.name
            result.how[f.name] = how
            if f.allowed:
                mapped, unknown = _value_map(f, column)
                if mapped:
                    result.values[f.name] = mapped
                if unknown:
                    result.unmapped_values[f.name] = unknown[:10]
        elif f.required:
            result.missing.append(f.name)
    by_name = {_normal(c.name): c for c in columns if c.name not in {c.name for c, _ in matched.values()}}
    if "amount" in result.missing and "quantity" not in result.columns:
        quantity = next((by_name[_normal(s)] for s in ("quantity", *SYNONYMS["quantity"]) if _normal(s) in by_name), None)
        price = next((by_name[_normal(s)] for s in ("unit_price", *SYNONYMS["unit_price"]) if _normal(s) in by_name), None)
        if quantity is not None and price is not None:
            result.derived["amount"] = f'"{quantity.name}" * "{price.name}"'
            result.missing.remove("amount")
    for key in best.key:  # an export without ids (or line numbers): number the records
        if key in result.missing and best.get(key).dtype in ("VARCHAR", "INTEGER"):
            result.derived[key] = RECORD_NUMBER
            result.missing.remove(key)
    if "currency" in result.missing:
        result.constants["currency"] = "CNY"
        result.missing.remove("currency")
    if "quantity" in result.missing and "unit_price" in result.columns:  # a line per unit sold
        result.constants["quantity"] = "1"
        result.missing.remove("quantity")
    if "survey_id" in result.missing:  # one survey: the source's own reviews
        result.constants["survey_id"] = name
        result.missing.remove("survey_id")
    for f in best.fields:  # a required enum without a column: every row the same value, to review
        if f.name in result.missing and f.allowed:
            hinted = [value for hint, value in ENUM_HINTS.items() if value in f.allowed
                      and any(hint in _normal(c.name) for c in columns)]
            result.constants[f.name] = hinted[0] if hinted else f.allowed[0]
            result.missing.remove(f.name)
    used = set(result.columns.values()) | {c for e in result.derived.values() for c in re.findall(r'"([^"]+)"', e)}
    result.unused = [c.name for c in columns if c.name not in used]
    return result


def _yaml(value) -> str:
    return json.dumps(value, ensure_ascii=False)


def render(result: Draft, name: str, source_file: str) -> str:
    """The declaration's YAML text, every guess and open question commented."""
    lines = [
        f"# Drafted by `insight source draft` from {source_file}: review every '# guess' and '# REVIEW',",
        f"# then run `insight source check {name}`.",
        f"description: {_yaml(f'{name}: drafted from {source_file}')}",
        "dialect:",
    ]
    for key, value in result.dialect.items():
        lines.append(f"  {key}: {_yaml(value)}  # guess: sniffed from the file")
    lines.append("  time_zone: \"Asia/Shanghai\"  # REVIEW: the time zone of timestamps written without an offset")
    lines += ["entities:", f"  {result.entity}:  # guess: the canonical entity its columns match best",
              f"    landing: {_yaml(f'{name}/{result.entity}')}"]
    if result.columns:
        lines.append("    columns:")
        for f, column in result.columns.items():
            lines.append(f"      {f}: {_yaml(column)}  # guess: by {result.how[f]}")
    if result.values or result.unmapped_values:
        lines.append("    values:")
        contract = CONTRACTS[result.entity]
        for f in dict.fromkeys([*result.values, *result.unmapped_values]):
            mapped = result.values.get(f, {})
            lines.append(f"      {f}:" + ("" if mapped else " {}"))
            lines += [f"        {_yaml(value)}: {_yaml(target)}  # guess" for value, target in mapped.items()]
            if result.unmapped_values.get(f):
                allowed = ", ".join(contract.fields[contract.field_names.index(f)].allowed)
                lines.append(f"        # REVIEW: map {', '.join(result.unmapped_values[f])} onto one of {allowed}")
    if result.constants:
        lines.append("    constants:")
        for f, value in result.constants.items():
            lines.append(f"      {f}: {_yaml(value)}  # REVIEW: a guess; the file has no column for {f}")
    if result.derived:
        lines.append("    derived:")
        for f, expression in result.derived.items():
            lines.append(f"      {f}: {_yaml(expression)}  # guess")
    for f in result.missing:
        lines.append(f"    # REVIEW: required field {f} has no column: map one, set a constant or derive it")
    if result.unused:
        lines.append(f"    # not read: {', '.join(result.unused)}")
    return "\n".join(lines) + "\n"


def review_marks(text: str) -> int:
    """How many guesses and open questions a draft holds."""
    return sum(line.count("# guess") + line.count("# REVIEW") for line in text.splitlines())
