"""The corpus figures: PNG and SVG, Chinese glyphs from the packaged CJK font, stable bytes."""

from __future__ import annotations

import numpy as np
import pytest

from gkmine.report.figures import FIGURES, make_figures


@pytest.fixture(scope="module")
def figures(site_db, tmp_path_factory):
    return make_figures(site_db.db_path, tmp_path_factory.mktemp("figures"))


def test_each_figure_as_png_and_svg(figures):
    stems = {p.stem for p in figures}
    # the fixture database has what these need (the tampered report fails H1 and H3)
    assert {"report_status", "check_failures", "rhetoric_map", "boilerplate_shares",
            "reuse_year_on_year"} <= stems <= set(FIGURES)
    assert sorted(p.suffix for p in figures) == sorted([".png", ".svg"] * len(stems))


def test_figures_are_byte_identical_on_a_second_run(figures, site_db, tmp_path):
    again = make_figures(site_db.db_path, tmp_path)
    assert [p.name for p in again] == [p.name for p in figures]
    assert [p.read_bytes() for p in again] == [p.read_bytes() for p in figures]


def test_no_dates_or_versions_in_files(figures):
    for path in figures:
        data = path.read_bytes()
        assert b"<dc:date>" not in data and b"Matplotlib v" not in data, path.name
        assert b"matplotlib version" not in data.lower(), path.name


def test_chinese_labels_have_glyphs_in_the_font_used():
    import matplotlib
    from matplotlib.ft2font import FT2Font

    from gkmine.plotting import cjk_font_file, use_cjk_font

    with matplotlib.rc_context():
        family = use_cjk_font(required=True)
        font = FT2Font(cjk_font_file(family))
    title = "未通过各项检查的报告数第五部分各主题出现的报告比例"
    assert all(font.get_char_index(ord(ch)) != 0 for ch in title)


def test_png_is_drawn_not_blank(figures):
    from PIL import Image

    png = next(p for p in figures if p.name == "check_failures.png")
    pixels = np.asarray(Image.open(png).convert("L"))
    assert pixels.std() > 5 and (pixels < 128).mean() > 0.005


def test_chinese_title_differs_from_missing_glyph_boxes(tmp_path):
    """Drawn with the CJK font, two different Chinese strings give different pixels; in a
    font without the glyphs both would be rows of identical boxes."""
    import matplotlib
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    from gkmine.plotting import use_cjk_font

    def draw(text: str) -> np.ndarray:
        canvas = FigureCanvasAgg(Figure(figsize=(2, 0.5)))
        canvas.figure.text(0.05, 0.3, text, fontsize=14)
        canvas.draw()
        return np.asarray(canvas.buffer_rgba())[..., 0]

    with matplotlib.rc_context():
        use_cjk_font(required=True)
        a, b = draw("检查结果"), draw("公开申请")
    assert (a < 128).sum() > 50 and not np.array_equal(a, b)
