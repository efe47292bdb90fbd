"""Chinese labels in matplotlib plots.

matplotlib's default fonts have no CJK glyphs, so Chinese labels turn into boxes.
:func:`use_cjk_font` registers the CJK fonts shipped by the ``mplfonts`` package (a dependency
of gkmine) and makes one of them the default sans-serif font. The packaged file is preferred
over a system font of the same family, so that figures look the same on every machine.
"""

from __future__ import annotations

import warnings
from pathlib import Path

#: Families tried among the fonts matplotlib knows (packaged first, then system), in order.
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


def use_cjk_font(*, required: bool = False) -> str | None:
    """Make a CJK font matplotlib's default; returns its family name, or None if none found.

    With ``required``, a missing font raises ``RuntimeError`` instead of warning.
    """
    import matplotlib
    from matplotlib import font_manager

    manager = font_manager.fontManager
    packaged = {str(path) for path in _packaged_fonts()}
    known_files = {f.fname for f in manager.ttflist}
    for path in sorted(packaged - known_files):
        manager.addfont(path)
    # matplotlib picks the first of equally good matches: put the packaged files first.
    manager.ttflist.sort(key=lambda f: f.fname not in packaged)
    known = {f.name for f in manager.ttflist}
    family = next((name for name in CJK_FAMILIES if name in known), None)
    if family is None:
        message = ("no CJK font found: install mplfonts (a gkmine dependency) or a system "
                   "CJK font such as fonts-noto-cjk")
        if required:
            raise RuntimeError(message)
        warnings.warn(message, stacklevel=2)
        return None
    matplotlib.rcParams["font.sans-serif"] = [family, *matplotlib.rcParams["font.sans-serif"]]
    matplotlib.rcParams["font.family"] = "sans-serif"
    matplotlib.rcParams["axes.unicode_minus"] = False
    return family


def cjk_font_file(family: str) -> str:
    """The file matplotlib draws ``family`` from (to check which font a figure uses)."""
    from matplotlib import font_manager

    return font_manager.findfont(font_manager.FontProperties(family=family),
                                 fallback_to_default=False)
