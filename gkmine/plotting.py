"""Chinese labels in matplotlib plots.

matplotlib's default fonts have no CJK glyphs, so Chinese labels turn into boxes.
:func:`use_cjk_font` registers a CJK font shipped by a package (``mplfonts``, in the
``notebooks`` extra) or installed on the system, and makes it the default sans-serif font.
"""

from __future__ import annotations

import warnings
from pathlib import Path

#: Families tried among the fonts matplotlib already knows (system fonts), in order.
CJK_FAMILIES = ("Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Zen Hei",
                "WenQuanYi Micro Hei", "SimHei", "Microsoft YaHei", "PingFang SC",
                "Noto Serif CJK SC")


def _packaged_fonts() -> list[Path]:
    try:
        import mplfonts
    except ImportError:
        return []
    folder = Path(mplfonts.__file__).parent / "fonts"
    fonts = (p for p in folder.glob("*") if p.suffix.lower() in (".otf", ".ttf", ".ttc"))
    return sorted(p for p in fonts if "CJK" in p.name or p.name.startswith("SourceHan"))


def use_cjk_font() -> str | None:
    """Make a CJK font matplotlib's default; returns its family name, or None if none found."""
    import matplotlib
    from matplotlib import font_manager

    for path in _packaged_fonts():
        font_manager.fontManager.addfont(str(path))
    known = {f.name for f in font_manager.fontManager.ttflist}
    family = next((name for name in CJK_FAMILIES if name in known), None)
    if family is None:
        warnings.warn("no CJK font found: install gkmine[notebooks] (mplfonts) or a system "
                      "CJK font such as fonts-noto-cjk", stacklevel=2)
        return None
    matplotlib.rcParams["font.sans-serif"] = [family, *matplotlib.rcParams["font.sans-serif"]]
    matplotlib.rcParams["font.family"] = "sans-serif"
    matplotlib.rcParams["axes.unicode_minus"] = False
    return family
