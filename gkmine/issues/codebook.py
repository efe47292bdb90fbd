"""Codebook v1: the kinds and topic keys of section 五 statements, and their validation.

The keys are stable (``shared/reference/issue-codebook.md``); definitions may be sharpened but
keys are never renamed.

>>> validate_coding("problem", ["awareness", "platforms"])
('problem', ['awareness', 'platforms'])
>>> validate_coding("measure", "content;timeliness")
('measure', ['content', 'timeliness'])
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Final

CODEBOOK_VERSION: Final[str] = "v1"

KINDS: Final[tuple[str, ...]] = ("problem", "measure", "none_reported", "other")

TOPICS: Final[tuple[str, ...]] = (
    "awareness", "mechanism", "content", "timeliness", "interpretation", "channels",
    "platforms", "engagement", "capacity", "applications", "review", "supervision", "digital",
)


#: Chinese labels for figures and tables, from the "covers" column of the codebook; the keys
#: stay the data's identifiers.
KIND_LABELS: Final[dict[str, str]] = {
    "problem": "存在问题", "measure": "改进措施", "none_reported": "未发现问题", "other": "其他",
}
TOPIC_LABELS: Final[dict[str, str]] = {
    "awareness": "公开意识", "mechanism": "工作机制", "content": "公开内容",
    "timeliness": "更新时效", "interpretation": "政策解读", "channels": "公开渠道",
    "platforms": "网站与新媒体", "engagement": "公众参与", "capacity": "队伍与培训",
    "applications": "依申请公开", "review": "发布审核", "supervision": "监督考核",
    "digital": "数字化",
}


def codebook_label(key: str) -> str:
    """The Chinese label of a codebook kind or topic key (for figure labels).

    >>> [codebook_label(k) for k in ("problem", "timeliness", "applications")]
    ['存在问题', '更新时效', '依申请公开']
    """
    label = KIND_LABELS.get(key) or TOPIC_LABELS.get(key)
    if label is None:
        raise ValueError(f"unknown codebook key {key!r} (codebook {CODEBOOK_VERSION}: "
                         f"{', '.join(KINDS + TOPICS)})")
    return label


def parse_topics(value: str | Iterable[str] | None) -> list[str]:
    """Topics from a list or a ``;``/``,``-joined string, stripped, empty parts dropped."""
    if value is None:
        return []
    if isinstance(value, str):
        parts = value.replace(",", ";").replace("，", ";").replace("；", ";").split(";")
    else:
        parts = list(value)
    return [p.strip() for p in parts if p and p.strip()]


def validate_coding(kind: str, topics: str | Iterable[str] | None) -> tuple[str, list[str]]:
    """Check a coding against the codebook; raise ``ValueError`` naming the bad key.

    Topics come back de-duplicated in the order given.
    """
    kind = (kind or "").strip()
    if kind not in KINDS:
        raise ValueError(f"unknown kind {kind!r} (codebook {CODEBOOK_VERSION}: {', '.join(KINDS)})")
    out: list[str] = []
    for topic in parse_topics(topics):
        if topic not in TOPICS:
            raise ValueError(f"unknown topic {topic!r} (codebook {CODEBOOK_VERSION}: "
                             f"{', '.join(TOPICS)})")
        if topic not in out:
            out.append(topic)
    return kind, out
