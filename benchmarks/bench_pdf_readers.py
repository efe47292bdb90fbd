"""Which PDF library should gkmine read with? pdfplumber vs pypdfium2 vs pymupdf.

PDFs are generated from the five seed texts (reportlab, CID font STSong-Light, one ruled
table per document drawn after the ``第二十条第（一）项`` line). For each library we measure

- text fidelity: character similarity (rapidfuzz ``ratio``, whitespace ignored) between the
  text the library extracts and the text that was drawn (lines + table cells, in order);
- line recovery: share of the drawn lines (outside the table) found as whole lines in the
  extraction (a reader that drops or merges lines loses the table labels' line structure);
- grid recovery: share of the drawn table cells found at the right (row, col) by the library's
  own ruling-line table finder (pypdfium2 has none: 0);
- speed: wall time for all documents, text only and text + grids, as a ratio to pypdfium2's
  text-only time in the same run (best of 3 runs each).

pymupdf is AGPL-licensed (a licence cost for gkmine's users); pdfplumber (MIT) and pypdfium2
(Apache-2.0/BSD) are permissive.

Run: ``/work/venv/bin/python benchmarks/bench_pdf_readers.py``
"""

from __future__ import annotations

import io
import sys
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "read"))

from fixtures.make import _wrap, make_pdf  # noqa: E402  (the test-time PDF generator)

from gkmine.config import DEFAULT  # noqa: E402

_TABLE = (("信息内容", "本年制发件数", "本年废止件数", "现行有效件数"),
          ("规章", "0", "1", "2"), ("行政规范性文件", "3", "4", "5"))


def documents() -> list[tuple[str, list[str], bytes]]:
    """(text drawn, lines drawn outside the table, PDF) for each seed."""
    out = []
    for path in sorted((ROOT / "corpora" / "seeds").glob("*.txt")):
        lines = tuple(ln.strip().replace("\t", " ") for ln in
                      path.read_text(encoding="utf-8").splitlines() if ln.strip())
        at = next((i for i, ln in enumerate(lines) if ln.startswith("第二十条")), 10) + 1
        pdf = make_pdf(lines, table=_TABLE, table_after=at, page_numbers=False)
        drawn = "".join(lines[:at]) + "".join("".join(r) for r in _TABLE) + "".join(lines[at:])
        pieces = [p.strip() for ln in lines for p in _wrap(ln, 595.27 - 120, 11) if p.strip()]
        out.append((drawn, pieces, pdf))
    return out


_LINES = {"vertical_strategy": "lines", "horizontal_strategy": "lines"}


def read_pdfplumber(data: bytes, grids: bool) -> tuple[str, list[list[list[str]]]]:
    import pdfplumber

    texts, tables = [], []
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for page in pdf.pages:
            texts.append(page.extract_text())
            if grids:
                tables += [t.extract() for t in page.find_tables(_LINES)]
    return "\n".join(texts), tables


def read_pypdfium2(data: bytes, grids: bool) -> tuple[str, list[list[list[str]]]]:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(data)
    texts = [page.get_textpage().get_text_range() for page in pdf]
    pdf.close()
    return "\n".join(texts), []  # no table finder


def read_pymupdf(data: bytes, grids: bool) -> tuple[str, list[list[list[str]]]]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import pymupdf

    texts, tables = [], []
    with pymupdf.open(stream=data, filetype="pdf") as doc:
        for page in doc:
            texts.append(page.get_text())
            if grids:
                tables += [t.extract() for t in page.find_tables(strategy="lines").tables]
    return "\n".join(texts), tables


def read_gkmine(data: bytes, grids: bool) -> tuple[str, list[list[list[str]]]]:
    from gkmine.read import read_bytes

    doc = read_bytes(data, source="bench.pdf", config=DEFAULT.replace(pdf_grids=grids))
    return doc.text, [g.texts() for g in doc.grids]


READERS = {"pdfplumber": read_pdfplumber, "pypdfium2": read_pypdfium2,
           "pymupdf": read_pymupdf, "gkmine.read (pdfplumber)": read_gkmine}


def similarity(a: str, b: str) -> float:
    from rapidfuzz import fuzz

    squeeze = str.maketrans("", "", " \t\r\n\f")
    return fuzz.ratio(a.translate(squeeze), b.translate(squeeze)) / 100


def line_recall(pieces: list[str], text: str) -> float:
    """Share of the drawn lines found as whole lines (spaces ignored) in the extraction."""
    squeeze = str.maketrans("", "", " \t")
    found = {ln.translate(squeeze) for ln in text.replace("\r", "\n").split("\n")}
    return sum(p.translate(squeeze) in found for p in pieces) / len(pieces)


def grid_recall(tables: list[list[list[str]]]) -> float:
    want = [[c for c in row] for row in _TABLE]
    best = 0.0
    for table in tables:
        hits = sum(1 for r, row in enumerate(want) for c, cell in enumerate(row)
                   if r < len(table) and c < len(table[r])
                   and (table[r][c] or "").replace("\n", "").strip() == cell)
        best = max(best, hits / sum(len(r) for r in want))
    return best


def _timed(reader, docs, grids: bool) -> tuple[float, list]:
    times, outs = [], []
    for _ in range(3):
        t0 = time.perf_counter()
        outs = [reader(pdf, grids) for _, _, pdf in docs]
        times.append(time.perf_counter() - t0)
    return min(times), outs


def main() -> None:
    docs = documents()
    results = {}
    for name, reader in READERS.items():
        reader(docs[0][2], True)  # warm up imports and caches
        t_text, texts = _timed(reader, docs, grids=False)
        t_all, outs = _timed(reader, docs, grids=True)
        sims = [similarity(d[0], t) for d, (t, _) in zip(docs, texts, strict=True)]
        lines = [line_recall(d[1], t) for d, (t, _) in zip(docs, texts, strict=True)]
        recalls = [grid_recall(tables) for _, tables in outs]
        results[name] = (_mean(sims), _mean(lines), _mean(recalls), t_text, t_all)
    base = results["pypdfium2"][3]
    n_pages = sum(_page_count(pdf) for _, _, pdf in docs)
    print(f"{len(docs)} PDFs ({n_pages} pages) generated from the seed texts, one ruled 3x4 "
          f"table each; pypdfium2 text-only time = 1 ({base * 1000:.0f} ms)")
    print(f"{'library':26s} {'text sim.':>9s} {'lines':>7s} {'grid cells':>10s} "
          f"{'text time':>10s} {'text+grids time':>16s}")
    for name, (sim, lines, recall, t_text, t_all) in results.items():
        print(f"{name:26s} {sim:9.4f} {lines:7.1%} {recall:10.0%} {t_text / base:9.1f}x "
              f"{t_all / base:15.1f}x")
    print("gkmine.read's text is the normalised analysis text (full-width punctuation, wrapped "
          "lines joined, page numbers dropped): its similarity and line figures are not "
          "comparable with the raw libraries'.")


def _mean(values: list[float]) -> float:
    return sum(values) / len(values)


def _page_count(data: bytes) -> int:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(data)
    n = len(pdf)
    pdf.close()
    return n


if __name__ == "__main__":
    main()
