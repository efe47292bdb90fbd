"""Hostile inputs: every file gets exactly one record, with the right cause, in bounded time.

Each test builds its input itself.
"""

from __future__ import annotations

import io
import os
import shutil
import time
import zipfile

import pytest

from gkmine.config import Config
from gkmine.errors import CODES, ReadError, display_source
from gkmine.read import read_bytes, read_document
from gkmine.read.walk import discover, error_record, summarize
from gkmine.record import path_id

GBK_NAME = "报告2023".encode("gbk") + b".txt"  # not UTF-8: a zip unpacked on Linux


@pytest.fixture(scope="module")
def report_text(seed_paths) -> str:
    return seed_paths[0].read_text(encoding="utf-8")


# ---------------------------------------------------------------- the catalogue
def test_every_code_has_a_template_and_codes_are_distinct():
    assert all(CODES[code] for code in CODES)
    assert {"E005", "E011", "E104", "E105", "E112", "E113", "E311", "E312"} <= CODES.keys()


def test_raising_with_a_code_fills_its_template():
    err = ReadError.of("E105", "a.pdf", count=309, limit=100)
    assert str(err) == ("[E105] a.pdf: the PDF has too many pages (309; the limit is 100: "
                        "Config.max_pdf_pages)")
    with pytest.raises(KeyError, match="E105 needs count"):
        ReadError.of("E105", "a.pdf", limit=100)


# ---------------------------------------------------------------- names
def test_a_name_that_is_not_utf8_is_read_and_named(tmp_path, report_text):
    path = os.path.join(os.fsencode(tmp_path), GBK_NAME)
    with open(path, "wb") as fh:
        fh.write(report_text.encode("utf-8"))
    doc = read_document(path)
    assert doc.source == os.fsdecode(path) and os.fsencode(doc.source) == path
    [entry] = discover([tmp_path])
    assert entry.kind == "document" and os.fsencode(entry.source) == path
    assert read_document(entry.source).doc_id == doc.doc_id  # the str form opens it again
    assert path_id(entry.source) == path_id(path)
    shown = display_source(entry.source)
    assert shown.isprintable() and "\\xb1" in shown
    shown.encode("utf-8")  # printable and encodable: a JSON line or a database row takes it


def test_a_missing_file_with_a_bytes_name_has_an_error_naming_it(tmp_path):
    path = os.path.join(os.fsencode(tmp_path), GBK_NAME)
    with pytest.raises(ReadError) as err:
        read_document(path)
    assert err.value.code == "E001" and "\\xb1" in str(err.value)
    str(err.value).encode("utf-8")


def test_a_newline_in_a_name_stays_on_one_line(tmp_path, report_text):
    path = tmp_path / "年报\n2023.txt"
    path.write_text(report_text, encoding="utf-8")
    [entry] = discover([tmp_path])
    assert entry.source == str(path)
    assert "\n" not in display_source(entry.source)
    with pytest.raises(ReadError) as err:
        read_document(tmp_path / "gone\n.txt")
    assert "\n" not in str(err.value)


# ---------------------------------------------------------------- limits and linear time
def test_a_50_mb_single_line_stops_at_the_character_limit_in_seconds(tmp_path):
    path = tmp_path / "line.txt"
    path.write_bytes("政府信息公开".encode() * (50_000_000 // 18))
    start = time.perf_counter()
    with pytest.raises(ReadError) as err:
        read_document(path)
    assert err.value.code == "E011"
    assert time.perf_counter() - start < 30


def test_the_byte_limit_is_checked_before_reading(tmp_path):
    path = tmp_path / "big.txt"
    path.write_bytes(b"x" * 5000)
    with pytest.raises(ReadError) as err:
        read_document(path, config=Config(max_file_bytes=4096))
    assert err.value.code == "E005" and "5,000 bytes" in str(err.value)


def test_a_long_text_is_read_within_the_limit_in_linear_time(report_text):
    """Reading time per megabyte stays flat from 0.5 to 2 MB (a quadratic step would quadruple
    it): the ratio is measured, with slack for a loaded machine."""
    def seconds(n_bytes: int) -> float:
        data = (report_text * (n_bytes // len(report_text.encode()) + 1)).encode()[:n_bytes]
        data = data[:data.rindex(b"\n") + 1]
        start = time.perf_counter()
        read_bytes(data, source="long.txt")
        return time.perf_counter() - start

    small, large = seconds(500_000), seconds(2_000_000)
    assert large < 8 * small + 1.0


def test_a_row_of_numbers_ending_in_a_word_is_read_at_once(report_text):
    """The table-row test once backtracked exponentially on such a line (2 s for 20 numbers,
    hours for 40)."""
    line = "1 2 " * 5000 + "件\n"
    start = time.perf_counter()
    doc = read_bytes((report_text + line * 20).encode(), source="numbers.txt")
    assert time.perf_counter() - start < 10 and doc.text.count("件") >= 20


def test_a_docx_zip_bomb_document_is_E113(tmp_path):
    path = tmp_path / "bomb.docx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("word/document.xml", "<w:document>" + " " * 20_000_000)
    with pytest.raises(ReadError) as err:
        read_document(path)
    assert err.value.code == "E113" and "word/document.xml" in str(err.value)


def test_a_docx_over_the_unzipped_limit_is_E112(tmp_path):
    import random

    rng = random.Random(0)  # incompressible text: the unzipped size, not the ratio, is over
    data = _docx(*(f"第{n}段。" + rng.randbytes(200).hex() for n in range(200)))
    with pytest.raises(ReadError) as err:
        read_bytes(data, source="long.docx",
                   config=Config(max_docx_unzipped_bytes=50_000))
    assert err.value.code == "E112"


def test_an_image_bomb_in_a_docx_is_never_inflated(monkeypatch):
    buf = io.BytesIO(_docx("一、总体情况"))
    out = io.BytesIO()
    with zipfile.ZipFile(buf) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            dst.writestr(item, src.read(item))
        dst.writestr("word/media/image1.png", b"\0" * 50_000_000)  # 50 MB in ~50 KB
    inflated = []
    real_read = zipfile.ZipFile.read
    monkeypatch.setattr(zipfile.ZipFile, "read", lambda self, name, pwd=None: (
        inflated.append(getattr(name, "filename", name)) or real_read(self, name, pwd)))
    doc = read_bytes(out.getvalue(), source="image.docx")
    assert doc.text == "一、总体情况\n"
    assert "word/media/image1.png" not in inflated and "word/document.xml" in inflated


def _docx(*paragraphs: str) -> bytes:
    import docx

    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


def _pdf(pages: int = 1, encrypt=None) -> bytes:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    buf = io.BytesIO()
    c = canvas.Canvas(buf, invariant=1, encrypt=encrypt)
    for _ in range(pages):
        c.setFont("STSong-Light", 12)
        c.drawString(72, 700, "某区人民政府2023年政府信息公开工作年度报告")
        c.drawString(72, 680, "一、总体情况")
        c.showPage()
    c.save()
    return buf.getvalue()


def test_a_pdf_over_the_page_limit_is_E105():
    with pytest.raises(ReadError) as err:
        read_bytes(_pdf(pages=12), source="many.pdf", config=Config(max_pdf_pages=10))
    assert err.value.code == "E105" and "12" in str(err.value)
    assert read_bytes(_pdf(pages=3), source="few.pdf", config=Config(max_pdf_pages=10)).text


# ---------------------------------------------------------------- right causes
def test_an_owner_password_pdf_is_read():
    """No copying allowed, no password to open: pdfminer reads only (cid:…) codes, PDFium
    reads the text."""
    from reportlab.lib import pdfencrypt

    data = _pdf(encrypt=pdfencrypt.StandardEncryption("", ownerPassword="owner", canCopy=0))
    doc = read_bytes(data, source="owner.pdf")
    assert "2023年政府信息公开工作年度报告" in doc.text and "总体情况" in doc.text
    assert any(w.startswith("[W005]") for w in doc.warnings)


def test_a_user_password_pdf_is_E104():
    from reportlab.lib import pdfencrypt

    data = _pdf(encrypt=pdfencrypt.StandardEncryption("user", ownerPassword="owner"))
    with pytest.raises(ReadError) as err:
        read_bytes(data, source="locked.pdf")
    assert err.value.code == "E104"


@pytest.mark.parametrize("depth", [300, 3000, 20_000])
def test_deep_html_keeps_all_its_text(depth, report_text):
    """Nested containers, and unclosed ``<font>`` tags nesting one level per paragraph (as
    some portals publish), deeper than libxml2 reads (2,048 levels with huge_tree)."""
    paragraphs = [p for p in report_text.splitlines() if p.strip()]
    paragraphs = paragraphs * (depth // len(paragraphs) + 1)
    nav = "<div>" + "".join(f"<a href='#'>栏目{i}</a>" for i in range(30)) + "</div>"
    nested = "<div>" * depth + "".join(f"<p>{p}</p>" for p in paragraphs)
    unclosed = f"{nav}<div>" + "".join(f"<p><font size=3>{p}" for p in paragraphs) + "</div>"
    for body in (nested, unclosed):
        doc = read_bytes(f"<html><body>{body}</body></html>".encode(), source="deep.html")
        assert len(doc.text) > 0.9 * len("".join(paragraphs))
    assert "栏目3" not in doc.text  # the page's own structure still finds its content


def test_a_few_nul_bytes_do_not_make_a_text_binary(report_text):
    data = report_text.encode("utf-8")
    data = data[:300] + b"\x00\x00\x00" + data[300:]
    doc = read_bytes(data, source="nul.txt")
    assert doc.format == "text" and "总体情况" in doc.text
    with pytest.raises(ReadError) as err:
        read_bytes(bytes(range(1, 9)) * 300 + data, source="blob.txt")
    assert err.value.code == "E003"


# ---------------------------------------------------------------- the walk
def _hostile_dir(root, report_text: str):
    """A directory of hostile entries; returns it and the expected (kind, code) by name."""
    d = root / "hostile"
    d.mkdir()
    text = report_text.encode("utf-8")
    expected = {}

    def put(name: str | bytes, data: bytes, kind: str, code: str | None = None) -> None:
        raw = name if isinstance(name, bytes) else name.encode()
        with open(os.path.join(os.fsencode(d), raw), "wb") as fh:
            fh.write(data)
        expected[raw] = (kind, code)

    put("report.txt", text, "document")
    put(GBK_NAME, text, "document")
    put("new\nline.txt", text, "document")
    put("noext", text, "document")
    put("README", b"just some notes\n" * 10, "skipped")
    put("old.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "error", "E012")
    put("old.wps", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "error", "E012")
    put("old.et", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "error", "E012")
    put("page.doc", b"<html><body>" + text + b"</body></html>", "document")  # a saved page
    put("nul.txt", text[:200] + b"\x00\x00" + text[200:], "document")
    put("photo.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 100, "skipped")
    put("bundle.zip", b"PK\x05\x06" + b"\x00" * 18, "skipped")
    put(".hidden.txt", text, "skipped")
    put("empty.txt", b"", "document")  # its record: E002
    put("scan-no-extension", _pdf(), "document")
    put("word-no-extension", _docx("某区2023年政府信息公开工作年度报告", "一、总体情况"),
        "document")
    os.symlink(".", d / "self")
    expected[b"self"] = ("skipped", None)  # a directory already walked
    os.symlink("nowhere.pdf", d / "dangling.pdf")
    expected[b"dangling.pdf"] = ("error", "E008")
    os.symlink("loop-b", d / "loop-a")
    os.symlink("loop-a", d / "loop-b")
    expected[b"loop-a"] = expected[b"loop-b"] = ("error", "E009")
    os.symlink("report.txt", d / "alias.txt")
    expected[b"alias.txt"] = ("skipped", None)  # the same file as report.txt
    os.mkfifo(d / "pipe.txt")
    expected[b"pipe.txt"] = ("skipped", None)
    return d, expected


def test_every_entry_of_a_hostile_directory_is_accounted_for(tmp_path, report_text):
    d, expected = _hostile_dir(tmp_path, report_text)
    entries = discover([d])
    assert len(entries) == len(expected) == len(os.listdir(os.fsencode(d)))
    got = {os.path.basename(os.fsencode(e.source)): (e.kind, e.code) for e in entries}
    assert got == expected
    assert [e.source for e in entries] == sorted((e.source for e in entries), key=os.fsencode)
    counts = summarize(entries)
    assert counts["skipped"] == 7 and counts["skipped: hidden"] == 1


def test_an_unreadable_directory_is_an_error_entry(tmp_path, report_text, monkeypatch):
    inner = tmp_path / "locked"
    inner.mkdir()
    (inner / "report.txt").write_text(report_text, encoding="utf-8")
    inner.chmod(0)
    try:
        readable = os.access(inner, os.R_OK)  # root reads anyway
        if readable:
            real_scandir = os.scandir

            def scandir(path):
                if os.fsencode(path) == os.fsencode(inner):
                    raise PermissionError(13, "Permission denied")
                return real_scandir(path)

            monkeypatch.setattr(os, "scandir", scandir)
        entries = discover([tmp_path])
        explicit = discover([inner])
    finally:
        inner.chmod(0o755)
    assert [(e.kind, e.code) for e in entries] == [("error", "E007")]
    assert [(e.kind, e.code) for e in explicit] == [("error", "E007")]
    assert error_record(entries[0]).error_code == "E007"


def test_an_unreadable_file_is_an_error_entry(tmp_path, report_text, monkeypatch):
    path = tmp_path / "report.txt"
    path.write_text(report_text, encoding="utf-8")
    path.chmod(0)
    try:
        if os.access(path, os.R_OK):  # root reads anyway: the walk's open is made to fail
            import gkmine.read.walk as walk

            def denied(*args, **kwargs):
                raise PermissionError(13, "Permission denied")

            monkeypatch.setattr(walk, "open", denied, raising=False)
        entries = discover([tmp_path]) + discover([path])
    finally:
        path.chmod(0o644)
    assert [(e.kind, e.code) for e in entries] == [("error", "E006")] * 2


def test_explicit_paths_are_always_parsed_or_errors(tmp_path, report_text):
    d, _ = _hostile_dir(tmp_path, report_text)
    given = sorted(os.path.join(os.fsencode(d), name) for name in os.listdir(os.fsencode(d))
                   if name != b"self")  # a link to the directory itself: walked again
    given.append(os.fsencode(tmp_path / "missing.txt"))
    entries = discover(given)
    assert len(entries) == len(given)
    kinds = {os.path.basename(os.fsencode(e.source)): (e.kind, e.code) for e in entries}
    assert kinds[b"photo.png"] == ("document", None)  # named by the user: it gets a record
    assert kinds[b"pipe.txt"] == ("error", "E006")
    assert kinds[b"missing.txt"] == ("error", "E001")
    assert kinds[b"loop-a"] == ("error", "E009") and kinds[b"dangling.pdf"] == ("error", "E008")


def test_a_hostile_batch_gives_one_record_per_input(tmp_path, seed_paths, report_text):
    from gkmine.pipeline import parse_document

    d, _ = _hostile_dir(tmp_path, report_text)
    for seed in seed_paths:
        shutil.copy(seed, d / seed.name)
    as_dir = discover([d])
    names = [n for n in os.listdir(d) if n != "self"]  # str names
    as_paths = discover(sorted(os.path.join(str(d), n) for n in names))
    assert len(as_dir) == len(as_paths) + 1 == len(os.listdir(d))
    records = [parse_document(e.source) if e.kind == "document" else error_record(e)
               for e in as_dir if e.kind != "skipped"]
    assert len(records) == sum(e.kind != "skipped" for e in as_dir)
    assert all(r.status in ("ok", "partial", "error") for r in records)
    assert not [r for r in records if r.error_code == "E301"]  # no unexpected failure
    by_name = {os.path.basename(os.fsencode(r.source)): r for r in records}
    years = {by_name[os.fsencode(s.name)].meta.year for s in seed_paths}
    assert None not in years
    assert by_name[GBK_NAME].meta.year == by_name[b"report.txt"].meta.year
    assert by_name[b"empty.txt"].error_code == "E002"
    for r in records:
        str(r.error or "").encode("utf-8")


@pytest.mark.parametrize("given", ["directory", "paths"])
def test_a_hostile_batch_into_the_database(tmp_path, seed_paths, report_text, given):
    from click.testing import CliRunner

    from gkmine.cli import main
    from gkmine.store import Store

    d, _ = _hostile_dir(tmp_path, report_text)
    for seed in seed_paths:
        shutil.copy(seed, d / seed.name)
    inputs = [str(d)] if given == "directory" else sorted(
        os.path.join(str(d), n) for n in os.listdir(d) if n != "self")
    entries = discover(inputs)
    db = tmp_path / "c.duckdb"
    result = CliRunner().invoke(main, ["parse", *inputs, "--db", str(db), "--no-progress"])
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output
    with Store(db, read_only=True) as store:
        rows = store.query("select source, status, error_code from reports")
    assert len(rows) == sum(e.kind != "skipped" for e in entries)
    assert "E301" not in set(rows["error_code"].dropna())
    assert (rows["status"] == "ok").sum() >= len(seed_paths)
