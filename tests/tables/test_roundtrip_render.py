"""The synthetic renderings themselves: consistent cells, faithful shapes (independent of the
extractor, so a round-trip failure can be blamed on the right side)."""

from __future__ import annotations

import io
import re

import pytest

from gkmine.keys import T3_APPLICANT_COLS, T3_RESULT_ROWS, T4_ROWS, t3_rows, table_shape
from gkmine.tables.render import (
    SHAPES,
    fmt,
    inject_inconsistency,
    random_cells,
    render_report,
    t3_block,
)


def zero(value):
    return value or 0


@pytest.mark.parametrize("layout", ["2021", "2019"])
def test_random_cells_satisfy_the_identities(layout):
    totals = []
    for seed in range(30):
        cells = random_cells(layout, seed=seed)
        assert set(cells) == {(t, r, c) for t in ("t2", "t3", "t4")
                              for r, c in table_shape(t, layout)}
        for col in (*T3_APPLICANT_COLS, "total"):
            column = {row: zero(cells[("t3", row, col)]) for row in t3_rows(layout)}
            assert (column["new"] + column["carried_in"]
                    == column["total_processed"] + column["carried_out"])
            assert column["total_processed"] == sum(column[r] for r in T3_RESULT_ROWS[layout])
        for row in t3_rows(layout):
            assert cells[("t3", row, "total")] == sum(cells[("t3", row, c)]
                                                      for c in T3_APPLICANT_COLS)
        for row in T4_ROWS:
            parts = [cells[("t4", row, c)] for c in ("upheld", "corrected", "other", "pending")]
            assert cells[("t4", row, "total")] == sum(parts)
        assert all(v >= 0 for (t, _, c), v in cells.items() if c != "change")
        totals.append(cells[("t3", "new", "total")])
    assert totals.count(0) >= 3 and max(totals) >= 100  # many zeros, some large


def test_random_cells_are_deterministic_and_sparse_modes():
    assert random_cells("2021", seed=7) == random_cells("2021", seed=7)
    assert random_cells("2021", seed=7) != random_cells("2021", seed=8)
    dense = random_cells("2021", seed=7)
    rows = random_cells("2021", seed=7, sparse="rows")
    blank_rows = {(t, r) for (t, r, _), v in rows.items() if v is None}
    assert blank_rows and all(dense[(t, r, c)] == 0 for (t, r, c) in dense if (t, r) in
                              blank_rows)
    zeros = random_cells("2021", seed=7, sparse="zeros")
    assert all((v is None) == (dense[k] == 0) for k, v in zeros.items())
    with pytest.raises(ValueError):
        random_cells("2017", seed=1)


@pytest.mark.parametrize("kind", ["H1", "H2", "H3", "H4", "H5"])
def test_injection_changes_only_a_few_cells(kind):
    cells = random_cells("2021", seed=3)
    broken, rule = inject_inconsistency(cells, kind=kind, seed=3)
    changed = [k for k in cells if cells[k] != broken[k]]
    assert rule == kind and 1 <= len(changed) <= 4


def canonical(text: str) -> str:
    """Undo the typographic habits renderings vary (half-width parentheses, full-width dot)."""
    return text.replace("(", "（").replace(")", "）").replace("．", ".")


def lines_with(text: str, label: str) -> list[str]:
    return [line for line in canonical(text).splitlines() if label in line]


@pytest.mark.parametrize("layout", ["2021", "2019"])
def test_text_shapes_carry_the_values(layout):
    cells = random_cells(layout, seed=5)
    rows = t3_block(cells, layout).rows
    for shape in ("raw", "tsv", "layout"):
        text = render_report(cells, layout, shape)
        for section in ("一、总体情况", "五、存在的主要问题及改进情况", "六、其他需要报告的事项"):
            assert section in text
        for row in rows:  # (layout may wrap a long label below its numbers)
            prefix = row.label[:8]
            (line,) = [x for x in lines_with(text, prefix) if x.rstrip().endswith(
                row.values[-1])]
            assert re.findall(r"\d+", line.split(prefix)[1]) == list(row.values)
    tsv = render_report(cells, layout, "tsv")
    (line,) = lines_with(tsv, "四、结转下年度继续办理")
    assert line.split("\t")[3:] == [fmt(cells[("t3", "carried_out", c)])
                                    for c in (*T3_APPLICANT_COLS, "total")]


def test_damaged_shape_loses_one_total_only():
    cells = random_cells("2021", seed=2)
    raw = render_report(cells, "2021", "raw")
    damaged = render_report(cells, "2021", "damaged")
    raw_numbers = re.findall(r"(?<![\d.])\d+(?![\d.])", raw.split("三、收到和处理")[1])
    dmg_body = damaged.split("三、收到和处理")[1]
    dmg_numbers = re.findall(r"^.*?(?<![\d.—-] )((?:\d+ ?)+)$", dmg_body, flags=re.M)
    assert len(damaged.splitlines()) > len(raw.splitlines()) + 20  # debris and shredding
    assert sum(len(x.split()) for x in dmg_numbers) <= len(raw_numbers) - 1


def test_wrapped_shape_breaks_lines_and_keeps_numbers_whole():
    cells = random_cells("2021", seed=2)
    text = render_report(cells, "2021", "wrapped")
    assert "\n\n" in text and max(len(line) for line in text.splitlines()) <= 40
    numbers = sorted(int(x) for x in re.findall(r"(?<![\d.])\d+(?![\d.])",
                                                text.split("三、收到和处理")[1]
                                                .split("五、存在")[0]))
    expected = sorted(v for (t, _, _), v in cells.items() if t in ("t3", "t4") and v is not None)
    assert numbers == expected


def test_html_has_merged_cells_and_chrome():
    from bs4 import BeautifulSoup

    cells = random_cells("2021", seed=4, sparse="zeros")
    soup = BeautifulSoup(render_report(cells, "2021", "html"), "html.parser")
    tables = soup.find_all("table")
    assert len(tables) == 3
    spans = {canonical(td.get_text()): (td.get("rowspan"), td.get("colspan"))
             for td in tables[1]("td")}
    assert spans["三、本年度办理结果"][0] == "22" and spans["（三）不予公开"][0] == "8"
    t4 = {td.get_text(): (td.get("rowspan"), td.get("colspan")) for td in tables[2]("td")}
    assert t4["行政诉讼"] == (None, "10") and t4["复议后起诉"] == (None, "5")
    assert "索引号" in soup.get_text() and soup.title.get_text()
    assert sum(td.get_text() == "" for td in tables[1]("td")) == sum(
        v is None for (t, _, _), v in cells.items() if t == "t3")


def test_docx_has_merged_tables():
    from docx import Document

    cells = random_cells("2019", seed=4)
    doc = Document(io.BytesIO(render_report(cells, "2019", "docx", year=2020)))
    assert len(doc.tables) == 3
    t3 = doc.tables[1]
    assert t3.cell(3, 0).text == "一、本年新收政府信息公开申请数量"
    assert t3.cell(5, 0)._tc is t3.cell(10, 0)._tc  # 三、本年度办理结果 merged downwards
    assert t3.cell(3, 9).text == fmt(cells[("t3", "new", "total")])


def test_pdf_text_is_extractable():
    import pdfplumber

    cells = random_cells("2021", seed=4)
    data = render_report(cells, "2021", "pdf")
    assert data[:5] == b"%PDF-" and data == render_report(cells, "2021", "pdf")
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        text = "\n".join(page.extract_text() for page in pdf.pages)
        n_tables = sum(len(page.find_tables()) for page in pdf.pages)
    assert "四、结转下年度继续办理" in text and "统计期限为2023年1月1日" in text
    assert "危及“三安全一稳定”" in text and n_tables >= 3


def test_every_shape_renders():
    cells = random_cells("2019", seed=9)
    for shape in SHAPES:
        out = render_report(cells, "2019", shape, year=2020)
        assert isinstance(out, bytes if shape in ("docx", "pdf") else str) and len(out) > 1000
    with pytest.raises(ValueError):
        render_report(cells, "2019", "xlsx")


def test_typographic_habits_vary_between_documents():
    from gkmine.tables.render import document_style

    styles = [document_style(random_cells("2021", seed=seed), shape, "2021")
              for seed in range(6) for shape in SHAPES]
    for flag in ("half_width_parens", "full_width_dot", "spaced_t4_header", "spaced_numbers",
                 "wrapped_labels"):
        assert {getattr(s, flag) for s in styles} == {True, False}
    text = render_report(random_cells("2021", seed=0), "2021", "raw")
    assert text == render_report(random_cells("2021", seed=0), "2021", "raw")
