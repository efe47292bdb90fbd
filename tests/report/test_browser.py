"""The site in a real headless browser (the system's chromium, driven by Playwright).

Every page loads from ``file://`` without console errors, Chinese text renders with real
glyphs (measured, not assumed), and the known failing check is visible on its report's page.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from gkmine.report.html import page_slug

pytestmark = pytest.mark.slow


@pytest.fixture()
def browser(chromium):
    """The suite's headless Chromium (``tests/conftest.py``)."""
    return chromium


@pytest.fixture()
def page(browser):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.errors = []
    page.on("console", lambda m: page.errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: page.errors.append(str(e)))
    page.on("dialog", lambda d: (page.errors.append("dialog: " + d.message), d.dismiss()))
    yield page
    page.close()


def test_every_page_loads_without_console_errors(built_site, page):
    root = built_site.parent
    pages = sorted(root.rglob("*.html"))
    assert len(pages) >= 10
    for path in pages:
        page.goto(path.as_uri())
        page.wait_for_load_state("load")
        assert page.errors == [], f"{path.relative_to(root)}: {page.errors}"
        assert page.evaluate("window.__pwned") is None, path  # escaped text never runs
        broken = page.evaluate("""() => Array.from(document.images)
            .filter(img => !img.complete || img.naturalWidth === 0).map(img => img.src)""")
        assert broken == [], broken


def test_chinese_renders_with_glyphs(built_site, page):
    """A screenshot is not blank, and Chinese strings are drawn with distinct glyphs: in a
    font without them every character is the same box, so two strings would look alike."""
    from io import BytesIO

    import numpy as np
    from PIL import Image

    page.goto(built_site.as_uri())
    shot = np.asarray(Image.open(BytesIO(page.screenshot())).convert("L"))
    assert shot.std() > 10 and (shot < 128).mean() > 0.01
    measured = page.evaluate("""() => {
        const font = getComputedStyle(document.querySelector("h1")).font;
        function draw(text) {
            const canvas = document.createElement("canvas");
            canvas.width = 200; canvas.height = 40;
            const ctx = canvas.getContext("2d");
            ctx.font = font; ctx.fillStyle = "#000"; ctx.fillText(text, 2, 30);
            return {width: ctx.measureText(text).width,
                    pixels: Array.from(ctx.getImageData(0, 0, 200, 40).data)
                                 .filter((_, i) => i % 4 === 3).join(",")};
        }
        const h1 = document.querySelector("h1").getBoundingClientRect();
        return {heading: [h1.width, h1.height], a: draw("报告索引"), b: draw("检查结果"),
                missing: draw("\\uE000\\uE001\\uE002\\uE003"),
                missing2: draw("\\uE004\\uE005\\uE006\\uE007")};
    }""")
    assert measured["heading"][0] > 0 and measured["heading"][1] > 0
    a, b = measured["a"], measured["b"]
    assert a["width"] > 0 and b["width"] > 0
    # the control: characters without glyphs all look the same
    assert measured["missing"]["pixels"] == measured["missing2"]["pixels"]
    assert a["pixels"] != b["pixels"]
    assert a["pixels"] != measured["missing"]["pixels"]


def test_known_failing_check_is_visible(built_site, site_db, page):
    target = built_site.parent / "reports" / f"{page_slug(site_db.tampered_doc_id)}.html"
    page.goto(target.as_uri())
    check = page.locator('#t3 .check[data-rule="H1"]')
    check.scroll_into_view_if_needed()
    assert check.is_visible()
    assert "本年新收政府信息公开申请数量 7" in check.inner_text()
    cell = page.locator('#t3 td.fail[title^="t3.new.natural_person "]')
    assert cell.is_visible() and cell.inner_text() == "7"
    background = cell.evaluate("td => getComputedStyle(td).backgroundColor")
    assert background not in ("rgba(0, 0, 0, 0)", "rgb(255, 255, 255)")
    # following the highlighted cell's link shows the check it belongs to
    cell.locator("a").click()
    assert page.evaluate("location.hash").startswith("#check-")
    assert page.locator(page.evaluate("location.hash")).is_visible()


def test_index_filters(built_site, site_db, page):
    page.goto(built_site.as_uri())
    rows = page.locator("#reports tbody tr")
    total = rows.count()
    assert total == 7  # five seeds, the tampered copy, the unreadable file
    page.select_option('select[data-filter="failing"]', "H1")
    assert rows.count() == 1
    assert "H1" in rows.first.inner_text()
    rows.first.locator("a").click()
    page.wait_for_load_state("load")
    assert Path(page.url).name == f"{page_slug(site_db.tampered_doc_id)}.html"
    page.go_back()
    page.select_option('select[data-filter="failing"]', "")
    page.select_option('select[data-filter="status"]', "失败")
    assert rows.count() == 1
    page.select_option('select[data-filter="status"]', "")
    page.fill('input[data-filter="agency"]', "卫生健康")
    assert 0 < rows.count() < total
