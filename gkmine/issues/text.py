"""The one normalisation every classifier applies to a statement before matching or features.

Traditional characters become simplified (OpenCC t2s, one converter per process), pinyin
glosses left by mirror sites (``鎮(zhèn)``) and all whitespace (hard line breaks) go.
Offsets are not needed here: classifiers label whole statements, which keep their own spans.

>>> prepare_text("政府信息公開\\n\\n更新不夠及時(shí)")
'政府信息公开更新不够及时'
"""

from __future__ import annotations

import re

from gkmine.read.simplify import PINYIN_GLOSS, t2s

_WS = re.compile(r"\s+")


def prepare_text(text: str) -> str:
    """Simplified, gloss-free, whitespace-free text for matching and features."""
    text = PINYIN_GLOSS.sub("", text or "")
    text = _WS.sub("", text)
    return t2s(text) if text else text
