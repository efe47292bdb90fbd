"""Every input format made at test time: the right record, or the right error code."""

from __future__ import annotations

import pytest
from fixtures.make import REPORT_HTML, make_docx, make_pdf, seed_text

from gkmine.config import DEFAULT
from gkmine.errors import ReadError
from gkmine.read import doc_id_of, read_bytes, read_document, read_string

# ---------------------------------------------------------------- text encodings


@pytest.mark.parametrize("encoding,expected", [
    ("gbk", "gb18030"), ("gb18030", "gb18030"), ("utf-8-sig", "utf-8-sig"),
    ("utf-16", "utf-16-le"), ("utf-16-le", "utf-16-le"), ("utf-16-be", "utf-16-be"),
    ("utf-8", "utf-8")])
def test_text_encodings(tmp_path, seeds_dir, encoding, expected):
    text = seed_text(seeds_dir, 2)
    path = tmp_path / f"report-{encoding}.txt"
    path.write_bytes(text.encode(encoding))
    doc = read_document(str(path))
    assert doc.encoding == expected
    assert doc.format == "text" and doc.source == str(path)
    assert doc.text.startswith("殷都区医疗保障局2024年政府信息公开工作年度报告\n")
    assert doc.doc_id == doc_id_of(path.read_bytes()) and len(doc.doc_id) == 16


def test_big5_is_detected(tmp_path):
    text = ("某縣衛生健康局2022年政府信息公開工作年度報告\n一、總體情況\n"
            "本年度主動公開政府信息共計一百條，其中政策文件十條。\n")
    path = tmp_path / "big5.txt"
    path.write_bytes(text.encode("big5"))
    doc = read_document(path)
    assert doc.encoding == "big5" and doc.converted_traditional
    assert "政府信息公开工作年度报告" in doc.text


def test_read_string_doc_id_and_source():
    doc = read_string("一、总体情况\n内容。\n")
    assert doc.source == "<string>" and doc.doc_id == doc_id_of("一、总体情况\n内容。\n".encode())


# ---------------------------------------------------------------- traditional text


def test_traditional_offsets_map_back_to_traditional_original():
    raw = ("標(biāo)      題 西藏自治區(qū)人民政府2023年政府信息公開工作年度報告\n"
           "索引號 000014349/2024-00600 文      號\n"
           "????根據(jù)《中華人民共和國政府信息公開條例》規(guī)定,,編制本報告。\n"
           "一、總體情況\n"
           "2023年,西藏自治區(qū)人民政府堅持依法公開。\n")
    doc = read_string(raw)
    assert doc.converted_traditional
    assert doc.chrome["index_no"] == "000014349/2024-00600"
    assert doc.chrome["title"] == "西藏自治区人民政府2023年政府信息公开工作年度报告"
    assert doc.text.startswith(
        "根据《中华人民共和国政府信息公开条例》规定，编制本报告。\n一、总体情况\n")
    assert "(" not in doc.text and "?" not in doc.text
    s = doc.text.index("自治区人民政府坚持")
    a, b = doc.textmap.to_original(s, s + len("自治区人民政府坚持"))
    assert doc.textmap.original[a:b] == "自治區(qū)人民政府堅持"
    s = doc.text.index("总体情况")
    a, b = doc.textmap.to_original(s, s + 4)
    assert doc.textmap.original[a:b] == "總體情況"


def test_simplified_text_is_not_converted(seeds_dir):
    doc = read_string(seed_text(seeds_dir, 0))
    assert not doc.converted_traditional


def test_conversion_can_be_switched_off():
    doc = read_string("一、總體情況\n政府信息公開。\n", config=DEFAULT.replace(to_simplified=False))
    assert "總體情況" in doc.text and not doc.converted_traditional


# ---------------------------------------------------------------- HTML


@pytest.fixture(scope="module")
def html_doc(tmp_path_factory):
    path = tmp_path_factory.mktemp("html") / "report.shtml"
    path.write_bytes(REPORT_HTML.format(charset="gbk").encode("gbk"))
    return read_document(str(path))


def test_html_chrome_values(html_doc):
    assert html_doc.format == "html" and html_doc.encoding == "gb18030"
    assert html_doc.chrome == {
        "title": "某市某局2023年政府信息公开工作年度报告",
        "index_no": "11330100002489/2024-00227", "doc_no": "某办〔2024〕1号",
        "publisher": "某市某局", "date": "2024-01-20"}


def test_html_main_content_without_chrome(html_doc):
    text = html_doc.text
    assert text.startswith(
        "某市某局2023年政府信息公开工作年度报告\n根据《中华人民共和国政府信息公开条例》")
    for junk in ("首页", "索引号", "发布时间", "浏览次数", "分享到", "版权所有", "tracker",
                 "color"):
        assert junk not in text, junk
    for heading in ("一、总体情况", "二、主动公开政府信息情况", "六、其他需要报告的事项"):
        assert f"\n{heading}\n" in text
    assert "我局主动公开政府信息123条" in text


def test_html_table_grid_with_spans(html_doc):
    assert len(html_doc.grids) == 1
    grid = html_doc.grids[0]
    assert grid.origin == "html"
    assert grid.texts() == [
        ["第二十条第（一）项"] * 4,
        ["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"],
        ["规章", "0", "0", "0"],
        ["行政规范性文件", "1", "2", "3"],
        ["行政规范性文件", "4", "5", "6"]]
    assert [c.spanned for c in grid.rows[0]] == [False, True, True, True]
    assert [c.spanned for c in grid.rows[4]] == [True, False, False, False]
    text = html_doc.text
    for row in grid.rows:
        for cell in row:
            assert text[cell.start:cell.end] == cell.text
    assert grid.rows[4][0].start == grid.rows[3][0].start
    assert "行政规范性文件\t1\t2\t3\n\t4\t5\t6\n" in text
    assert text[grid.start:grid.end].startswith("第二十条第（一）项\t\t\t\n信息内容\t")


def test_html_paragraphs_are_never_joined_but_broken_titles_are():
    long = "本机关认真贯彻落实条例，主动公开政府信息，回应社会关切，接受群众监督，" \
           "公开信息共计一百条"
    page = (f"<html><body><div><p>某县某局2023</p><p>政府信息公开工作年度报告</p>"
            f"<p>一、总体情况</p><p>{long}</p><p>2023年，本机关未收到申请。</p></div></body></html>")
    doc = read_bytes(page.encode(), source="p.html")
    assert doc.text == (f"某县某局2023政府信息公开工作年度报告\n一、总体情况\n{long}\n"
                        "2023年，本机关未收到申请。\n")
    assert read_string(f"一、总体情况\n{long}\n2023年，本机关未收到申请。\n").text == (
        f"一、总体情况\n{long}2023年，本机关未收到申请。\n")  # a text extraction: page break


def test_html_title_label_wins_over_title_element():
    page = ("<html><head><title>首页_某市人民政府</title></head><body><div>"
            "<p>标题：某局2022年政府信息公开工作年度报告</p><p>一、总体情况</p><p>内容。</p>"
            "</div></body></html>")
    doc = read_bytes(page.encode(), source="t.html")
    assert doc.chrome == {"title": "某局2022年政府信息公开工作年度报告"}
    assert doc.text == "一、总体情况\n内容。\n"


def test_html_layout_tables_are_not_grids():
    inner = ("<table><tr><td>行政许可</td><td>5</td></tr>"
             "<tr><td>行政处罚</td><td>7</td></tr></table>")
    page = (f"<html><body><table><tr><td>导航</td></tr><tr><td><p>一、总体情况</p><p>内容。</p>"
            f"{inner}</td></tr></table></body></html>")
    doc = read_bytes(page.encode(), source="layout.html")
    assert [g.texts() for g in doc.grids] == [[["行政许可", "5"], ["行政处罚", "7"]]]
    assert "行政许可\t5\n行政处罚\t7" in doc.text
    sentence = "本机关认真贯彻落实条例，主动公开政府信息，回应社会关切，接受群众监督。"
    prose = "".join(f"<p>（{i}）{sentence}</p>" for i in range(12))
    flat = (f"<html><body><table><tr><td>网站首页</td><td>政务公开</td></tr>"
            f"<tr><td>一、总体情况{prose}</td><td>相关链接</td></tr></table></body></html>")
    doc = read_bytes(flat.encode(), source="flat.html")
    assert doc.grids == [] and "\n（3）本机关认真贯彻落实条例" in doc.text


def test_html_without_text_is_E121():
    with pytest.raises(ReadError) as err:
        read_bytes(b"<html><body><script>x=1</script><div> </div></body></html>",
                   source="blank.html")
    assert err.value.code == "E121" and "blank.html" in str(err.value)


# ---------------------------------------------------------------- DOCX


def test_docx_body_order_and_merged_cells(tmp_path):
    data = make_docx(["某局2023年政府信息公开工作年度报告", "一、总体情况",
                      "（一）主动公开。本年公开信息12条。",
                      "二、主动公开政府信息情况"], ["三、收到和处理政府信息公开申请情况"])
    path = tmp_path / "report.docx"
    path.write_bytes(data)
    doc = read_document(path)
    assert doc.format == "docx" and len(doc.grids) == 1
    grid = doc.grids[0]
    assert grid.origin == "docx"
    assert grid.texts() == [["第二十条第（一）项"] * 4,
                            ["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"],
                            ["行政规范性文件", "1", "2", "3"], ["行政规范性文件", "4", "5", "6"]]
    assert [c.spanned for c in grid.rows[0]] == [False, True, True, True]
    assert [c.spanned for c in grid.rows[3]] == [True, False, False, False]
    text = doc.text
    assert text.index("二、主动公开政府信息情况") < grid.start < grid.end < text.index("三、收到")
    for row in grid.rows:
        for cell in row:
            assert text[cell.start:cell.end] == cell.text


def test_damaged_docx_is_E111(tmp_path):
    data = make_docx(["一、总体情况"], [])
    path = tmp_path / "broken.docx"
    path.write_bytes(data[: len(data) // 2])
    with pytest.raises(ReadError) as err:
        read_document(path)
    assert err.value.code == "E111"


# ---------------------------------------------------------------- PDF

_T2 = (("信息内容", "本年制发件数", "本年废止件数", "现行有效件数"),
       ("规章", "0", "0", "0"), ("行政规范性文件", "1", "2", "3"))


def _seed_pdf(seeds_dir, n=2):
    lines = tuple(ln.strip() for ln in seed_text(seeds_dir, n).splitlines() if ln.strip())
    at = next(i for i, ln in enumerate(lines) if ln.startswith("第二十条第（一）项")) + 1
    return lines, make_pdf(lines[:80], table=_T2, table_after=at)


def test_pdf_text_grid_and_page_numbers(tmp_path, seeds_dir):
    lines, data = _seed_pdf(seeds_dir)
    path = tmp_path / "report.pdf"
    path.write_bytes(data)
    doc = read_document(str(path))
    assert doc.format == "pdf"
    text = doc.text
    assert text.startswith("殷都区医疗保障局2024年政府信息公开工作年度报告\n一、总体情况\n")
    assert "- 1 -" not in text and any("page number" in w for w in doc.warnings)
    assert "二、主动公开政府信息情况\n第二十条第（一）项\n信息内容\t本年制发件数" in text
    assert len(doc.grids) == 1
    grid = doc.grids[0]
    assert grid.origin == "pdf" and grid.texts() == [list(r) for r in _T2]
    for row in grid.rows:
        for cell in row:
            assert cell.page == 1 and cell.bbox is not None
            assert text[cell.start:cell.end] == cell.text
    # the table's words are not duplicated as text lines
    assert text.count("本年制发件数") == 2  # the drawn grid and the seed's own text row


def test_pdf_grids_can_be_switched_off(seeds_dir):
    _lines, data = _seed_pdf(seeds_dir)
    doc = read_bytes(data, source="r.pdf", config=DEFAULT.replace(pdf_grids=False))
    assert doc.grids == [] and "规章" in doc.text


def test_truncated_pdf_is_E101(seeds_dir):
    _lines, data = _seed_pdf(seeds_dir)
    with pytest.raises(ReadError) as err:
        read_bytes(data[: len(data) // 2], source="cut.pdf")
    assert err.value.code == "E101" and "cut.pdf" in str(err.value)


def test_pdf_without_text_layer_is_E103():
    from io import BytesIO

    from reportlab.pdfgen import canvas

    buf = BytesIO()
    c = canvas.Canvas(buf, invariant=1)
    c.rect(100, 100, 200, 200, fill=1)
    c.showPage()
    c.save()
    with pytest.raises(ReadError) as err:
        read_bytes(buf.getvalue(), source="scan.pdf")
    assert err.value.code == "E103"


def test_garbled_pdf_is_E101_or_E102():
    data = b"%PDF-1.4\n" + bytes(range(256)) * 20 + b"\n%%EOF\n"
    with pytest.raises(ReadError) as err:
        read_bytes(data, source="garbled.pdf")
    assert err.value.code in ("E101", "E102")


# ---------------------------------------------------------------- bad inputs


def test_missing_file_is_E001(tmp_path):
    with pytest.raises(ReadError) as err:
        read_document(tmp_path / "nope.txt")
    assert err.value.code == "E001" and "nope.txt" in str(err.value)


@pytest.mark.parametrize("data", [b"", b"  \n\t\r\n", "\u3000\n".encode("utf-16")])
def test_empty_file_is_E002(tmp_path, data):
    path = tmp_path / "empty.txt"
    path.write_bytes(data)
    with pytest.raises(ReadError) as err:
        read_document(path)
    assert err.value.code == "E002"


def test_a_page_run_into_one_line_behind_its_breadcrumbs_is_read(tmp_path):
    # every line reads as furniture, but one names a year's report: read, not dropped whole
    page = ("当前位置 > 首页 > 某县教育局 > 政府信息公开年报 2023-01-13 有效 "
            "某县教育局2022年政府信息公开工作年度报告 一、总体情况")
    path = tmp_path / "one_line.txt"
    path.write_text(page, encoding="utf-8")
    assert "2022年政府信息公开工作年度报告" in read_document(path).text
    # breadcrumbs alone are still nothing to read
    path.write_text("当前位置：首页 > 政府信息公开", encoding="utf-8")
    with pytest.raises(ReadError) as err:
        read_document(path)
    assert err.value.code == "E002"


@pytest.mark.parametrize("data,code,hint", [
    (bytes(range(256)) * 8, "E003", "binary"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "E012", "convert it to .docx"),
    (b"\x89PNG\r\n\x1a\n" + b"\x00" * 100, "E013", "PNG"),
    (b"PK\x03\x04" + b"\x00" * 100, "E114", "ZIP"),
    (b"{\\rtf1\\ansi \\'d5\\'fe}", "E012", "RTF")],
    ids=["binary", "ole", "png", "zip", "rtf"])
def test_not_a_readable_format_has_its_code(tmp_path, data, code, hint):
    path = tmp_path / "thing.doc"
    path.write_bytes(data)
    with pytest.raises(ReadError) as err:
        read_document(path)
    assert err.value.code == code and hint in str(err.value)


def test_undecodable_text_is_E004():
    import random

    rng = random.Random(0)
    noise = bytes(rng.randrange(128, 256) for _ in range(600))
    with pytest.raises(ReadError) as err:
        read_bytes(noise, source="bad.txt")
    assert err.value.code == "E004" and "bad.txt" in str(err.value)


def test_text_cut_inside_a_character_still_decodes():
    data = "一、总体情况\n政府信息公开年度报告".encode()[:-1]
    doc = read_bytes(data, source="cut.txt")
    assert doc.encoding == "utf-8" and doc.text.startswith("一、总体情况\n政府信息公开年度报")


def test_format_from_content_not_extension(tmp_path, seeds_dir):
    path = tmp_path / "really-html.txt"
    path.write_text(REPORT_HTML.format(charset="utf-8"), encoding="utf-8")
    assert read_document(path).format == "html"
    path = tmp_path / "really-text.html"
    path.write_text(seed_text(seeds_dir, 0), encoding="utf-8")
    assert read_document(path).format == "text"


def test_docx_content_controls_are_read_in_order():
    import copy
    import io

    import docx
    from docx.oxml.ns import qn

    data = make_docx(["一、总体情况"], ["三、收到和处理政府信息公开申请情况"])
    document = docx.Document(io.BytesIO(data))
    body = document.element.body
    sdt = body.makeelement(qn("w:sdt"), {})
    content = sdt.makeelement(qn("w:sdtContent"), {})
    sdt.append(content)
    content.append(copy.deepcopy(body[0]))
    content[0].clear()
    body.insert(0, sdt)
    paragraph = body.makeelement(qn("w:p"), {})
    run = paragraph.makeelement(qn("w:r"), {})
    text = run.makeelement(qn("w:t"), {})
    text.text = "某局2023年政府信息公开工作年度报告"
    run.append(text)
    paragraph.append(run)
    content.append(paragraph)
    buf = io.BytesIO()
    document.save(buf)
    doc = read_bytes(buf.getvalue(), source="sdt.docx")
    assert doc.text.startswith("某局2023年政府信息公开工作年度报告\n一、总体情况\n第二十条")


def test_docx_automatic_numbering_is_rendered():
    import io

    import docx
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    document = docx.Document()
    numbering = document.part.numbering_part.element
    numbering.insert(0, parse_xml(
        f'<w:abstractNum {nsdecls("w")} w:abstractNumId="90">'
        '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/>'
        '<w:lvlText w:val="%1、"/></w:lvl>'
        '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/>'
        '<w:lvlText w:val="（%2）"/></w:lvl></w:abstractNum>'))
    numbering.append(parse_xml(
        f'<w:num {nsdecls("w")} w:numId="90"><w:abstractNumId w:val="90"/></w:num>'))
    for text, level in (("总体情况", 0), ("主动公开", 1), ("依申请公开", 1),
                        ("主动公开政府信息情况", 0), ("附注", None)):
        paragraph = document.add_paragraph(text)
        if level is not None:
            paragraph._p.get_or_add_pPr().append(parse_xml(
                f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{level}"/><w:numId w:val="90"/>'
                '</w:numPr>'))
    buf = io.BytesIO()
    document.save(buf)
    doc = read_bytes(buf.getvalue(), source="numbered.docx")
    assert doc.text == ("一、总体情况\n（一）主动公开\n（二）依申请公开\n二、主动公开政府信息情况\n"
                        "附注\n")


def test_ofd_is_E012_and_a_docx_without_document_E111(tmp_path):
    import zipfile

    path = tmp_path / "report.ofd"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("OFD.xml", "<ofd:OFD/>")
    with pytest.raises(ReadError) as err:
        read_document(path)
    assert err.value.code == "E012" and "OFD" in str(err.value)
    path = tmp_path / "report.docx"  # a .docx without word/document.xml is a damaged DOCX
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("other.xml", "<x/>")
    with pytest.raises(ReadError) as err:
        read_document(path)
    assert err.value.code == "E111"


def test_html_main_content_beside_a_heavy_menu():
    menu = "".join(f"<li><a href='/{i}'>政务公开栏目第{i}项链接名称</a></li>" for i in range(60))
    sections = "".join(f"<p>{h}</p><p>本部分内容。</p>" for h in (
        "一、总体情况", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况",
        "四、政府信息公开行政复议、行政诉讼情况", "五、存在的主要问题及改进情况",
        "六、其他需要报告的事项"))
    page = (f"<html><body><div class='top'><ul>{menu}</ul></div><div class='main'>"
            f"<div class='left'><ul>{menu[:2000]}</ul></div><div class='article'>"
            f"<h2>某局2023年政府信息公开工作年度报告</h2>{sections}</div></div>"
            "<div class='bottom'>主办单位：某市人民政府办公室 技术支持：某公司</div></body></html>")
    doc = read_bytes(page.encode(), source="menu.html")
    assert doc.text.startswith("某局2023年政府信息公开工作年度报告\n一、总体情况\n")
    assert "栏目" not in doc.text and "主办单位" not in doc.text


def test_pdf_merged_cells_are_spanned():
    from fixtures.make import make_pdf_with_merged_cells

    doc = read_bytes(make_pdf_with_merged_cells(), source="merged.pdf")
    (grid,) = doc.grids
    assert grid.texts() == [["项目", "行政复议", "行政复议"], ["结果", "1", "2"],
                            ["结果", "3", "4"]]
    assert [[c.spanned for c in row] for row in grid.rows] == [
        [False, False, True], [False, False, False], [True, False, False]]
    assert doc.text == ("四、政府信息公开行政复议、行政诉讼情况\n"
                        "项目\t行政复议\t\n结果\t1\t2\n\t3\t4\n"
                        "五、存在的主要问题及改进情况\n")


def test_docx_tracked_changes_read_as_accepted():
    import io

    import docx
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    document = docx.Document()
    document.add_paragraph("一、总体情况")
    document.element.body.insert(1, parse_xml(
        f'<w:p {nsdecls("w")}><w:r><w:t>本年主动公开信息</w:t></w:r>'
        '<w:del w:id="1" w:author="a"><w:r><w:delText>99</w:delText></w:r></w:del>'
        '<w:ins w:id="2" w:author="a"><w:r><w:t>120</w:t></w:r></w:ins>'
        '<w:r><w:t>条。</w:t><w:br/><w:t>第二行</w:t></w:r></w:p>'))
    buf = io.BytesIO()
    document.save(buf)
    doc = read_bytes(buf.getvalue(), source="tracked.docx")
    assert doc.text == "一、总体情况\n本年主动公开信息120条。\n第二行\n"


def test_password_protected_pdf_is_E104():
    from io import BytesIO

    from reportlab.lib import pdfencrypt
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    buf = BytesIO()
    c = canvas.Canvas(buf, invariant=1,
                      encrypt=pdfencrypt.StandardEncryption("secret", canPrint=0))
    c.setFont("STSong-Light", 11)
    c.drawString(60, 760, "一、总体情况")
    c.showPage()
    c.save()
    with pytest.raises(ReadError) as err:
        read_bytes(buf.getvalue(), source="locked.pdf")
    assert err.value.code == "E104" and "locked.pdf" in str(err.value)


def test_traditional_text_with_taiwan_vocabulary_is_read_as_a_report():
    """A mirror converted with Taiwan phrases writes 政府資訊公開 for 政府信息公开."""
    from gkmine.pipeline import parse_bytes

    text = ("根據《中華人民共和國政府資訊公開條例》，特向社會公佈某某市交通運輸局2020年政府資訊公開"
            "工作年度報告。一、總體情況\n本年度，我局認真落實政府資訊公開工作要求。\n"
            "二、主動公開政府資訊情況\n三、收到和處理政府資訊公開申請情況\n")
    report = parse_bytes(text.encode("utf-8"), source="mirror.txt")
    assert report.status != "error"
    assert "政府信息公开" in report.text and report.meta.year == 2020
