"""Social media mentions (Weibo, WeChat, Xiaohongshu, Douyin, Twitter) as JSONL from a listening tool."""

from pipelines.sources.base import EntitySpec, Field

PLATFORMS = ("weibo", "wechat", "xiaohongshu", "douyin", "twitter")

MENTIONS = EntitySpec(
    source="social",
    entity="mentions",
    file_format="jsonl",
    key=("mention_id",),
    naive_timezone="UTC",
    description="One row per public post that mentions the brand; authors are known only by handle.",
    fields=(
        Field("mention_id", "VARCHAR", required=True),
        Field("platform", "VARCHAR", required=True, allowed=PLATFORMS),
        Field("author_handle", "VARCHAR", required=True),
        Field("posted_at", "TIMESTAMPTZ", required=True, not_future=True),
        Field("text", "VARCHAR", required=True),
        Field("likes", "INTEGER", min_value=0),
        Field("reposts", "INTEGER", min_value=0),
        Field("comments", "INTEGER", min_value=0),
        Field("url", "VARCHAR"),
    ),
)

SPECS = (MENTIONS,)
