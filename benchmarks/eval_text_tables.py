"""Cell accuracy and check honesty of the table extractor on every rendering of a report.

Each report is drawn with :func:`gkmine.tables.render.random_cells` and rendered as HTML, DOCX
and PDF, then turned into text the ways people do: ``pdftotext`` (plain, ``-layout``,
``-raw``), the text of the DOCX (one paragraph per line, as ``docx2txt`` gives) and damaged
text (a ``pdftotext`` extraction with hard wraps, page-number lines and OCR debris). Opt-in
renderings (``--renderings chromium-pdf,...``) print the HTML rendering to PDF with Chromium
(Skia, as a report printed from a browser; page size, orientation, scale and margins vary by
seed, so page breaks fall in different rows) and read that PDF (``chromium-pdf``) or its
``pdftotext`` extractions (``chromium-pdftotext``, ``-layout``, ``-raw``). The
development and held-out sets differ in seeds and agency names; rules are written against
them (and, once it had been used for several rounds, the first unseen set), and the newest
unseen set is measured, never read for misses.

    python benchmarks/eval_text_tables.py [--set dev|heldout|unseen|...|unseen6]
        [--reports 12] [--renderings html,pdf,chromium-pdf,chromium-pdftotext-layout,...]
    python benchmarks/eval_text_tables.py --real-pdfs DIR

With ``--real-pdfs``, every PDF of ``DIR`` (real reports) is turned into text by tools other
than the reader's own (pdfminer.six's ``extract_text``, pdfium's text page through
pypdfium2, ``pdftotext`` in its three modes; test-time tools, not dependencies) and the cells
read from each text are compared with the cells read from the PDF itself.

Prints, per rendering: cells exact (a blank must be reported blank, a number its value),
cells read wrong (a value or a blank where the truth differs, rather than left missing),
blanks reported blank, consistent reports with a false H1–H5 failure (a hard H check that
fails: what a researcher is shown as a failure of the report), of them those blamed on the
source (a check crying wolf), consistent reports with an H check left undecidable by a cell
not read (the extraction's note, not a failure of the report), injected failures found (a
check of the injected rule fails, decided, and every decided failure of it is blamed on the
source) and flagged (some hard H check fails).
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

from gkmine.checks._common import undecidable
from gkmine.pipeline import parse_document
from gkmine.tables.render import (
    EXTENSIONS,
    damage_text,
    docx_text,
    inject_inconsistency,
    pdf_text,
    random_cells,
    render_report,
)

RENDERINGS = ("html", "docx", "pdf", "pdftotext", "pdftotext-layout", "pdftotext-raw",
              "docx-text", "damaged")
#: opt-in: the HTML rendering printed to PDF by Chromium, and that PDF's text extractions
CHROMIUM_RENDERINGS = ("chromium-pdf", "chromium-pdftotext", "chromium-pdftotext-layout",
                       "chromium-pdftotext-raw")
#: page setups of the Chromium print (``page.pdf`` options), one chosen per report
PAGE_SETUPS = ({"format": "A4", "margin": {"top": "2cm", "bottom": "2cm", "left": "2cm",
                                           "right": "2cm"}},
               {"format": "Letter", "margin": {"top": "1in", "bottom": "1in", "left": "1in",
                                               "right": "1in"}},
               {"format": "A4", "landscape": True, "margin": {"top": "1.5cm", "bottom": "1.5cm",
                                                              "left": "1.5cm",
                                                              "right": "1.5cm"}},
               {"format": "A4", "scale": 0.8, "margin": {"top": "2cm", "bottom": "2cm",
                                                         "left": "2cm", "right": "2cm"}},
               {"format": "A4", "margin": {"top": "0.5cm", "bottom": "0.5cm", "left": "0.5cm",
                                           "right": "0.5cm"}})
SETS = {"dev": (1, ("某某县医疗保障局", "某某市生态环境局")),
        "heldout": (5001, ("江南省临川市交通运输局", "北湖区人民政府办公室", "青山镇人民政府")),
        # measured only, never read for misses: the figure for reports nobody wrote rules from
        "unseen": (9001, ("西岭省教育厅", "石湾街道办事处", "东川自治县林业和草原局")),
        # a fresh unseen set once "unseen" had been used for several rounds: measured only
        "unseen2": (9102, ("南坪市人民政府", "白沙县公安局", "云溪乡人民政府")),
        # the next fresh unseen set, once "unseen2" had been read: measured only
        "unseen3": (9203, ("锦屏自治州民族宗教事务委员会", "红柳旗人民政府",
                           "临港经济开发区管理委员会")),
        # the next fresh unseen set, once "unseen3" had been read: measured only
        "unseen4": (9304, ("北江自治区财政厅", "梅岭区市场监督管理局",
                           "金水市人力资源和社会保障局")),
        # the next fresh unseen set, taken with the Chromium renderings: measured only
        "unseen5": (9405, ("岭南省人民政府办公厅", "白河苏木人民政府",
                           "东湖区城市管理综合行政执法局")),
        # the next fresh unseen set, once "unseen5" had been measured (session 13): measured only
        "unseen6": (9506, ("西陵自治县退役军人事务局", "桐柏街道办事处",
                           "南岳市住房和城乡建设局")),
        # the next fresh unseen set, once "unseen6" had been read (session 14): measured only
        "unseen7": (9607, ("北川自治县审计局", "青龙乡人民政府", "东港区数据资源管理局"))}


class ChromiumPrinter:
    """Prints HTML to PDF with the system's Chromium through Playwright, started on first
    use; :meth:`close` stops it. Each print is kept, so the PDF of a report is made once for
    all renderings read from it."""

    def __init__(self):
        self.playwright = None
        self.browser = None
        self.printed: dict[tuple, bytes] = {}

    def pdf(self, html: str, setup: int) -> bytes:
        key = (html, setup)
        if key not in self.printed:
            if self.browser is None:
                self._start()
            page = self.browser.new_page()
            page.set_content(html)
            self.printed[key] = page.pdf(**PAGE_SETUPS[setup])
            page.close()
        return self.printed[key]

    @staticmethod
    def missing() -> str | None:
        """Why Chromium cannot print here, or None."""
        if _chromium() is None:
            return "chromium is not installed (apt-get install chromium)"
        try:
            import playwright.sync_api  # noqa: F401
        except ImportError:
            return "playwright is not installed (pip install playwright)"
        return None

    def _start(self) -> None:
        from playwright.sync_api import sync_playwright

        executable = _chromium()
        self.playwright = sync_playwright().start()
        self.browser = self.playwright.chromium.launch(
            executable_path=executable, args=["--headless", "--no-sandbox", "--disable-gpu"])

    def close(self) -> None:
        if self.browser is not None:
            self.browser.close()
            self.playwright.stop()


def _chromium() -> str | None:
    return next(filter(None, map(shutil.which, ("chromium", "chromium-browser"))), None)


def page_setup(n: int) -> int:
    """The page setup of the n-th report: a cycle of five, shifted every five reports so
    that it does not follow the injected rule (which cycles with n % 5)."""
    return (n + n // 5) % len(PAGE_SETUPS)


def rendered(cells, layout: str, rendering: str, *, agency: str, year: int, seed: int,
             printer: ChromiumPrinter | None = None, setup: int = 0):
    """(bytes or text, extension) of one rendering (``chromium-*``: printed by ``printer``
    with page setup ``setup``)."""
    if rendering.startswith("chromium-"):
        html = render_report(cells, layout, "html", agency=agency, year=year)
        pdf = printer.pdf(html, setup)
        if rendering == "chromium-pdf":
            return pdf, ".pdf"
        mode = rendering.removeprefix("chromium-pdftotext").lstrip("-") or "plain"
        return pdf_text(pdf, mode=mode), ".txt"
    if rendering in ("html", "docx", "pdf"):
        data = render_report(cells, layout, rendering, agency=agency, year=year)
        return data, EXTENSIONS[rendering]
    if rendering == "docx-text":
        return docx_text(render_report(cells, layout, "docx", agency=agency, year=year)), ".txt"
    pdf = render_report(cells, layout, "pdf", agency=agency, year=year)
    if rendering == "damaged":
        mode = ("plain", "layout", "raw")[seed % 3]
        return damage_text(pdf_text(pdf, mode=mode), seed=seed), ".txt"
    return pdf_text(pdf, mode=rendering.partition("-")[2] or "plain"), ".txt"


def parse(data, ext: str, workdir: Path, name: str):
    path = workdir / f"{name}{ext}"
    if isinstance(data, bytes):
        path.write_bytes(data)
    else:
        path.write_text(data, encoding="utf-8")
    return parse_document(path)


def cell_score(report, truth) -> tuple[int, int, int, int, int]:
    """(exact, cells, blanks reported blank, blanks, cells read wrong: a value or a blank
    that the truth does not hold, rather than left missing)."""
    got = {(c.table, c.row, c.col): c for c in report.cells}
    exact = blanks = blank_ok = wrong = 0
    for key, value in truth.items():
        cell = got.get(key)
        if value is None:
            blanks += 1
            ok = cell is not None and cell.status == "blank"
            blank_ok += ok
        else:
            ok = (cell is not None and cell.status == "number" and cell.value is not None
                  and abs(float(cell.value) - float(value)) < 1e-6)
        exact += ok
        wrong += not ok and cell is not None and cell.status in ("number", "blank", "na")
    return exact, len(truth), blank_ok, blanks, wrong


def hard_failures(report) -> list:
    """The H1–H5 failures a researcher is shown as failures of the report: hard checks that
    fail (an identity a cell not read leaves undecidable is the extraction's note, soft)."""
    return [c for c in report.checks if c.rule.startswith("H") and not c.passed
            and c.severity == "hard"]


def undecided(report) -> list:
    """H1–H5 checks a cell not read as a number left undecidable."""
    return [c for c in report.checks if c.rule.startswith("H") and undecidable(c)]


def injected_found(report, rule: str) -> bool:
    """The injected failure is found: a check of its rule fails, decided, and every decided
    failure of that rule is blamed on the source."""
    decided = [c for c in report.checks if c.rule == rule and not c.passed
               and not undecidable(c)]
    return bool(decided) and all(c.attribution == "source" for c in decided)


def real_pdf_texts(pdf: Path) -> dict[str, str]:
    """Text extractions of a real PDF by tools other than the reader's own: name -> text."""
    out: dict[str, str] = {}
    try:
        from pdfminer.high_level import extract_text

        out["pdfminer"] = extract_text(str(pdf))
    except ImportError:
        pass
    try:
        import pypdfium2

        document = pypdfium2.PdfDocument(str(pdf))
        out["pdfium"] = "\f".join(page.get_textpage().get_text_range().replace("\r\n", "\n")
                                   for page in document)
    except ImportError:
        pass
    if shutil.which("pdftotext"):
        for mode in ("plain", "layout", "raw"):
            name = "pdftotext" + ("" if mode == "plain" else f"-{mode}")
            out[name] = pdf_text(pdf.read_bytes(), mode=mode)
    return out


def same_cell(a, b) -> bool:
    """Two readings of a cell agree: same status, and the same value for a number."""
    if a.status != b.status:
        return False
    return a.status != "number" or (a.value is not None and b.value is not None
                                    and abs(float(a.value) - float(b.value)) < 1e-6)


def _source_blames(report) -> set[tuple]:
    return {(c.rule, c.table, c.row, c.col) for c in hard_failures(report)
            if c.attribution == "source"}


def real_pdfs(folder: Path, *, show: bool) -> None:
    """Cells read from text extractions of the PDFs in ``folder`` against the PDF's own:
    cells as in the PDF, cells left missing, cells read wrong (a value or a blank that the
    PDF does not show), H1–H5 failures blamed on the source that the PDF's own reading does
    not show, and the source failures of the PDF's own reading found in the text."""
    stats: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0, 0, 0, 0])
    with tempfile.TemporaryDirectory() as tmp:
        for pdf in sorted(folder.glob("*.pdf")):
            own = parse_document(pdf)
            truth = {c.id: c for c in own.cells if c.status != "missing"}
            for tool, text in real_pdf_texts(pdf).items():
                report = parse(text, ".txt", Path(tmp), f"{pdf.stem}_{tool}")
                got = {c.id: c for c in report.cells}
                wrong = [k for k, c in truth.items() if k not in got or not same_cell(c, got[k])]
                read_wrong = [k for k in wrong if k in got and got[k].status != "missing"]
                false_blame = _source_blames(report) - _source_blames(own)
                found = _source_blames(report) & _source_blames(own)
                s = stats[tool]
                s[0] += len(truth) - len(wrong)
                s[1] += len(truth)
                s[2] += len(wrong) - len(read_wrong)
                s[3] += len(read_wrong)
                s[4] += len(false_blame)
                s[5] += len(found)
                s[6] += len(_source_blames(own))
                print(f"{pdf.name:32} {tool:18} {len(truth) - len(wrong):4}/{len(truth):<4}"
                      f" wrong {len(read_wrong)}, false source blames {len(false_blame)}, "
                      f"source failures found {len(found)}/{len(_source_blames(own))}")
                if show:
                    for k in wrong:
                        print("   ", k, truth[k].status, truth[k].value, "->",
                              got[k].status if k in got else None,
                              got[k].value if k in got else None)
    print(f"{'tool':18} {'cells as in the PDF':>22} {'missing':>8} {'wrong':>6} "
          f"{'false blames':>13} {'failures found':>15}")
    for tool, (ok, total, missing, wrong, blames, found, failures) in stats.items():
        print(f"{tool:18} {ok:6}/{total:<6} {100 * ok / total:5.1f}% {missing:8} {wrong:6} "
              f"{blames:13} {found:8}/{failures}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--set", choices=tuple(SETS), default="dev")
    parser.add_argument("--reports", type=int, default=12)
    parser.add_argument("--renderings", default=",".join(RENDERINGS),
                        help="comma-separated; besides the default ones, opt-in: "
                             + ",".join(CHROMIUM_RENDERINGS))
    parser.add_argument("--show", action="store_true", help="print wrong cells")
    parser.add_argument("--real-pdfs", type=Path, default=None,
                        help="a folder of real PDF reports: measure text extractions of them")
    parser.add_argument("--keep-lone-numbers", action="store_true",
                        help="do not let the reader drop lone numbers at page breaks as page "
                             "numbers (to measure what that costs)")
    args = parser.parse_args()
    if args.real_pdfs is not None:
        real_pdfs(args.real_pdfs, show=args.show)
        return
    if args.keep_lone_numbers:
        import re

        from gkmine.read import normalize

        normalize._LONE_NUMBER = re.compile(r"(?!)")
    if shutil.which("pdftotext") is None:
        raise SystemExit("pdftotext (poppler-utils) is needed")
    renderings = args.renderings.split(",")
    chromium = [r for r in renderings if r in CHROMIUM_RENDERINGS]
    if chromium and (why := ChromiumPrinter.missing()):
        print(f"skipping {', '.join(chromium)}: {why}", file=sys.stderr)
        renderings = [r for r in renderings if r not in chromium]
    first, agencies = SETS[args.set]
    stats: dict[str, list[int]] = defaultdict(lambda: [0] * 12)
    printer = ChromiumPrinter()
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        for n in range(args.reports):
            seed = first + n
            layout = ("2021", "2019")[n % 2]
            sparse = (False, "rows", "zeros")[n % 3]
            agency = agencies[n % len(agencies)]
            year = 2023 if layout == "2021" else 2020
            cells = random_cells(layout, seed=seed, sparse=sparse)
            kind = ("H1", "H2", "H3", "H4", "H5")[n % 5]
            broken, rule = inject_inconsistency(cells, kind=kind, seed=seed)
            for rendering in renderings:
                s = stats[rendering]
                data, ext = rendered(cells, layout, rendering, agency=agency, year=year,
                                     seed=seed, printer=printer, setup=page_setup(n))
                report = parse(data, ext, workdir, f"{rendering}_{seed}")
                exact, total, blank_ok, blanks, wrong = cell_score(report, cells)
                false = hard_failures(report)
                s[0] += exact
                s[1] += total
                s[2] += blank_ok
                s[3] += blanks
                s[4] += bool(false)
                s[5] += 1
                s[9] += any(c.attribution == "source" for c in false)
                s[10] += bool(undecided(report))
                s[11] += wrong
                if args.show and (exact < total or false):
                    got = {(c.table, c.row, c.col): c for c in report.cells}
                    wrong = [(k, v, got[k].status, got[k].value) for k, v in cells.items()
                             if k in got and not (
                                 (v is None and got[k].status == "blank")
                                 or (v is not None and got[k].value is not None
                                     and got[k].status == "number"
                                     and abs(float(got[k].value) - v) < 1e-6))]
                    print(f"# {rendering} seed {seed} {layout} sparse={sparse} "
                          f"page setup {page_setup(n)}: "
                          f"{exact}/{total}; false: {[c.rule for c in false]}")
                    for w in wrong[:12]:
                        print("   ", w)
                data, ext = rendered(broken, layout, rendering, agency=agency, year=year,
                                     seed=seed, printer=printer, setup=page_setup(n))
                bad = parse(data, ext, workdir, f"{rendering}_{seed}_broken")
                s[6] += injected_found(bad, rule)
                s[7] += 1
                s[8] += bool(hard_failures(bad))
    printer.close()
    print(f"set={args.set} reports={args.reports}")
    print(f"{'rendering':26} {'cells exact':>20} {'wrong':>6} {'blanks':>10} {'false H':>9} "
          f"{'of them source':>14} {'undecided':>9} {'found':>8} {'flagged':>8}")
    for rendering in renderings:
        e, t, bo, b, f, r, fo, fr, fl, fs, un, w = stats[rendering]
        print(f"{rendering:26} {e:6}/{t:<6} {100 * e / t:5.1f}% {w:6} {bo:4}/{b:<4} "
              f"{f:3}/{r:<3} {fs:8}/{r:<5} {un:3}/{r:<5} {fo:3}/{fr:<3} {fl:3}/{fr:<3}")


if __name__ == "__main__":
    main()
