"""Which PDF library should gkmine read with? pdfplumber vs pypdfium2 vs pymupdf.

PDFs are generated from the five seed texts (reportlab, CID font STSong-Light, one ruled
table per document drawn after the ``第二十条第（一）项`` line). For each library we measure

- text fidelity: character similarity (rapidfuzz ``ratio``, whitespace ignored) between the
  text the library extracts and the text that was drawn (lines + table cells, in order);
- grid recovery: share of the drawn table cells found at the right (row, col) by the library's
  own ruling-line table finder (pypdfium2 has none: 0);
- speed: wall time for all documents, as a ratio to pypdfium2 in the same run (best of 3).

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

from fixtures.make import make_pdf  # noqa: E402  (the test-time PDF generator)

_TABLE = (("信息内容", "本年制发件数", "本年废止件数", "现行有效件数"),
          ("规章", "0", "1", "2"), ("行政规范性文件", "3", "4", "5"))


def documents() -> list[tuple[str, bytes]]:
    out = []
    for path in sorted((ROOT / "corpora" / "seeds").glob("*.txt")):
        lines = tuple(ln.strip().replace("\t", " ") for ln in
                      path.read_text(encoding="utf-8").splitlines() if ln.strip())
        at = next((i for i, ln in enumerate(lines) if ln.startswith("第二十条")), 10) + 1
        pdf = make_pdf(lines, table=_TABLE, table_after=at, page_numbers=False)
        drawn = "".join(lines[:at]) + "".join("".join(r) for r in _TABLE) + "".join(lines[at:])
        out.append((drawn, pdf))
    return out


def text_pdfplumber(data: bytes) -> tuple[str, list[list[list[str]]]]:
    import pdfplumber

    texts, tables = [], []
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for page in pdf.pages:
            texts.append(page.extract_text())
            tables += [t.extract() for t in page.find_tables(
                {"vertical_strategy": "lines", "horizontal_strategy": "lines"})]
    return "".join(texts), tables


def text_pypdfium2(data: bytes) -> tuple[str, list[list[list[str]]]]:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(data)
    texts = [page.get_textpage().get_text_range() for page in pdf]
    pdf.close()
    return "".join(texts), []


def text_pymupdf(data: bytes) -> tuple[str, list[list[list[str]]]]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import pymupdf

    texts, tables = [], []
    with pymupdf.open(stream=data, filetype="pdf") as doc:
        for page in doc:
            texts.append(page.get_text())
            tables += [t.extract() for t in page.find_tables(strategy="lines").tables]
    return "".join(texts), tables


def text_gkmine(data: bytes) -> tuple[str, list[list[list[str]]]]:
    from gkmine.read import read_bytes

    doc = read_bytes(data, source="bench.pdf")
    return doc.text, [g.texts() for g in doc.grids]


READERS = {"pdfplumber": text_pdfplumber, "pypdfium2": text_pypdfium2,
           "pymupdf": text_pymupdf, "gkmine.read (pdfplumber)": text_gkmine}


def similarity(a: str, b: str) -> float:
    from rapidfuzz import fuzz

    squeeze = str.maketrans("", "", " \t\r\n\f")
    return fuzz.ratio(a.translate(squeeze), b.translate(squeeze)) / 100


def grid_recall(tables: list[list[list[str]]]) -> float:
    want = [[c for c in row] for row in _TABLE]
    best = 0.0
    for table in tables:
        hits = sum(1 for r, row in enumerate(want) for c, cell in enumerate(row)
                   if r < len(table) and c < len(table[r])
                   and (table[r][c] or "").replace("\n", "").strip() == cell)
        best = max(best, hits / sum(len(r) for r in want))
    return best


def main() -> None:
    docs = documents()
    results = {}
    for name, reader in READERS.items():
        reader(docs[0][1])  # warm up imports and caches
        times = []
        for _ in range(3):
            t0 = time.perf_counter()
            outs = [reader(pdf) for _, pdf in docs]
            times.append(time.perf_counter() - t0)
        sims = [similarity(drawn, text) for (drawn, _), (text, _) in zip(docs, outs, strict=True)]
        recalls = [grid_recall(tables) for _, tables in outs]
        results[name] = (sum(sims) / len(sims), sum(recalls) / len(recalls), min(times))
    base = results["pypdfium2"][2]
    print(f"{len(docs)} PDFs generated from the seed texts, one ruled 3x4 table each")
    print(f"{'library':26s} {'text similarity':>16s} {'grid cells':>11s} {'time / pypdfium2':>17s}")
    for name, (sim, recall, t) in results.items():
        print(f"{name:26s} {sim:16.4f} {recall:10.0%} {t / base:16.1f}x")


if __name__ == "__main__":
    main()
