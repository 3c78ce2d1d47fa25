"""Language of a text, zh or en, from its share of CJK characters."""

import numpy as np
import polars as pl

CJK = r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]"
LATIN_LETTER = r"[A-Za-z]"
# One Chinese character carries about as much as a short English word: a text is Chinese when its CJK
# characters are at least a third of its Latin letters ("星禾的T恤质量很好" is zh, "The Xinghe 外套" en).
CJK_PER_LATIN = 1 / 3


def detect_language(texts: pl.Series) -> pl.Series:
    """'zh' or 'en' per text; texts with no CJK character (emoji only, digits) are 'en'."""
    frame = pl.DataFrame({"text": texts.fill_null("")}).select(
        cjk=pl.col("text").str.count_matches(CJK),
        latin=pl.col("text").str.count_matches(LATIN_LETTER),
    )
    is_zh = (frame["cjk"] > 0) & (frame["cjk"] >= frame["latin"] * CJK_PER_LATIN)
    return pl.Series("language", np.where(is_zh.to_numpy(), "zh", "en"), dtype=pl.Utf8)
