"""Read → structure (and raw text → structure) on the 38 real report openings of corpora-dev,
scored against the manifest.

Rows whose gold says the value is absent from the excerpt (未知, 不在摘录中, 未在摘录中出现) are
left out of that field's denominator; the count left out is printed with the figures.
"""

from __future__ import annotations

import re

import pytest

from gkmine.structure import extract_meta, find_sections, same_agency

ABSENT = re.compile(r"未知|不在摘录中|未在摘录中出现|未出现")
#: excerpts that name their agency only without its place (市教育局, 区卫生健康局 / 区卫计局,
#: 县生态环境局): the right answer is no agency (with a warning), not the fragment. Until the
#: rule that fragments are not names, these rows counted a fragment as a match.
NAMED_WITHOUT_PLACE = {"p019.txt", "p025.txt", "p044.txt"}
LEVELS = {"国家": "national", "省": "province", "市": "prefecture", "县": "county",
          "乡镇街道": "township"}


@pytest.fixture(scope="module")
def structured(dev_pages, make_doc):
    """Each page structured twice: from its raw text and from the reader's document."""
    out = []
    for row in dev_pages:
        doc = make_doc(row["text"], str(row["path"]))
        found = find_sections(doc)
        out.append((row, found, extract_meta(doc, found.sections)))
    return out


def _score(pairs):
    """(correct, total, excluded) over (gold, predicted, ok) triples; gold None = excluded."""
    scored = [ok for gold, ok in pairs if gold is not None]
    return sum(scored), len(scored), sum(gold is None for gold, _ in pairs)


def _gold(value: str) -> str | None:
    return None if ABSENT.search(value) else value


def _province_ok(gold: str, predicted: str | None) -> bool:
    gold = re.sub(r"[（(].*?[）)]", "", gold)
    if gold == "国家":
        return predicted is None
    return predicted is not None and predicted.startswith(gold)


def _agency_ok(row: dict, predicted: str | None) -> bool:
    if row["file"] in NAMED_WITHOUT_PLACE:
        return predicted is None
    return same_agency(predicted, row["agency"])


def test_dev_pages_accuracy(structured):
    year = _score([(_gold(r["year"]), m.year is not None and str(m.year) == r["year"])
                   for r, _, m in structured])
    agency = _score([(_gold(r["agency"]), _agency_ok(r, m.agency)) for r, _, m in structured])
    level = _score([(_gold(r["level"]), m.level == LEVELS.get(r["level"]))
                    for r, _, m in structured])
    province = _score([(_gold(r["province"]), _province_ok(r["province"], m.province))
                       for r, _, m in structured])
    for name, (ok, total, excluded) in (("year", year), ("agency", agency), ("level", level),
                                        ("province", province)):
        print(f"{name}: {ok}/{total} = {ok / total:.3f} ({excluded} excluded as absent)")
    misses = [(r["file"], r["agency"], m.agency, r["year"], m.year, r["level"], m.level,
               r["province"], m.province) for r, _, m in structured
              if not _agency_ok(r, m.agency) or str(m.year) != r["year"]
              or m.level != LEVELS.get(r["level"])]
    for miss in misses:
        print("miss:", *miss)
    assert year[0] / year[1] >= 0.95
    assert agency[0] / agency[1] >= 0.95
    assert level[0] / level[1] >= 0.90


def test_dev_pages_sections_are_ordered_and_start_with_overall(structured):
    """Every excerpt that shows 一、总体情况 (all do) gets it as its first section, and the
    sections found are in statutory order without overlaps."""
    from gkmine.keys import SECTION_KEYS

    for row, found, _ in structured:
        assert found.sections, row["file"]
        assert found.sections[0].key == "overall", row["file"]
        order = [SECTION_KEYS.index(s.key) for s in found.sections]
        assert order == sorted(set(order)), row["file"]
        pairs = zip(found.sections, found.sections[1:], strict=False)
        assert all(a.end <= b.start for a, b in pairs)
