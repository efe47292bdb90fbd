"""Chrome recognition on real page openings (corpora-dev) and on unit lines."""

from __future__ import annotations

import re

import pytest

from gkmine.read import read_string
from gkmine.read.chrome import classify_chrome_line


@pytest.mark.parametrize("line,expected", [
    ("| 索引号 | 002508414/2019-56787 | 公开形式 | 主动公开 |",
     {"index_no": "002508414/2019-56787"}),
    ("发布机构 | 发布日期 | 2022-01-12 17:24:09 |", {"date": "2022-01-12 17:24:09"}),
    ("来源:市场监督管理局    发布日期:2022-01-31 03:37",
     {"publisher": "市场监督管理局", "date": "2022-01-31 03:37"}),
    ("  • 来源: 内蒙古自治区市场监督管理局", {"publisher": "内蒙古自治区市场监督管理局"}),
    ("  • 2021-01-29", {"date": "2021-01-29"}),
    ("文号: 公开日期: 2024-01-22", {"date": "2024-01-22"}),
    ("您现在所在的位置: 网站首页 > 宣城市生态环境局 > 政府信息公开年报", {}),
    ("首页 > 海丰县人民政府门户网站 > 政务公开 > 政府信息公开年报", {}),
    ("用微信扫描二维码", {}), ("分享至好友和朋友圈", {}), ("  • 听全文", {}),
    ("【打印】 【字体:", {}),
    ("关怀版 无障碍 无障碍", {}), ("  • -", {}), ("字体：[ 大 中 小 ]", {}),
    ("继续访问放弃", {}), ("访问量:", {}), (">", {}),
])
def test_chrome_lines(line, expected):
    assert classify_chrome_line(line) == expected


@pytest.mark.parametrize("line", [
    "一、总体情况", "（一）主动公开", "时间紧、任务重，我局按时完成了年报编制。",
    "来源广泛的信息均已公开",
    "标题党问题得到整治。", "规章\t0\t0\t0", "发布时间由审核人确定，来源须注明。",
    "2024年，我局主动公开政府信息385条", "本报告电子版可在门户网站下载。", "中", "-", "0"])
def test_content_lines_are_not_chrome(line):
    assert classify_chrome_line(line) is None


_LEFTOVER = re.compile(
    r"^(?:索引号|您当前所在位置|您现在所在的位置|用微信扫描|分享至好友|• 听全文|发布时间)", re.M)


def test_dev_pages_read_cleanly(dev_pages):
    for page in dev_pages:
        doc = read_string(page["text"], source=page["file"])
        assert doc.text.strip(), page["file"]
        assert not _LEFTOVER.search(doc.text), page["file"]
        assert not re.search(r"[\u4e00-\u9fff]\([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ]+\)", doc.text)
        assert "????" not in doc.text
        if "traditional" in page["script"]:
            assert doc.converted_traditional, page["file"]
        else:
            assert not doc.converted_traditional, page["file"]
        # nothing of the report is lost: the section-一 heading survives wherever it was
        if "总体情况" in page["text"] or "總體情況" in page["text"]:
            assert "总体情况" in doc.text, page["file"]


def test_dev_page_chrome_values(dev_pages):
    by_file = {p["file"]: p for p in dev_pages}
    doc = read_string(by_file["p012.txt"]["text"])
    assert doc.chrome == {"index_no": "00248984X/2024-00227", "date": "2024-01-22",
                          "publisher": "杭州市卫生健康委员会"}
    assert doc.text.startswith(
        "杭州市卫生健康委员会2023年度政府信息公开工作年度报告\n一、总体情况\n")
    doc = read_string(by_file["p095.txt"]["text"])
    assert doc.chrome["title"] == "西藏自治区人民政府 2023年政府信息公开工作年度报告"
    assert doc.chrome["publisher"] == "西藏自治区人民政府办公厅"
    assert doc.text.startswith("西藏自治区人民政府2023年政府信息公开工作年度报告\n")
    doc = read_string(by_file["p033.txt"]["text"])
    assert doc.chrome == {"date": "2021-01-29", "publisher": "广州市财政局"}
    doc = read_string(by_file["p011.txt"]["text"])
    assert "信丰县卫生健康委2023年政府信息公开工作年度报告\n一、总体情况" in doc.text
