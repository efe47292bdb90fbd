"""Helpers of the rhetoric tests: renderings of real report text, renamed copies, and a
store holding the rhetoric feature rows."""

from __future__ import annotations

import html
import importlib.util
import re
from contextlib import contextmanager
from pathlib import Path

from gkmine.rhetoric.mask import MaskNames

_MAKE = Path(__file__).resolve().parents[1] / "read" / "fixtures" / "make.py"


def _make_module():
    spec = importlib.util.spec_from_file_location("_read_fixture_makers", _MAKE)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def html_page(text: str) -> str:
    """A web page holding ``text`` one paragraph per line, inside page chrome."""
    body = "\n".join(f"<p>{html.escape(line.strip())}</p>" for line in text.splitlines()
                     if line.strip())
    return ("<!DOCTYPE html><html><head><meta charset='utf-8'><title>政府信息公开工作年度报告"
            "</title></head><body><div class='nav'><a href='/'>首页</a> &gt; 政务公开</div>"
            f"<div class='article'>{body}</div><div class='footer'>版权所有 网站标识码 "
            "6405000001</div></body></html>")


def write_renderings(text: str, stem: str, out: Path, kinds=("txt", "html", "pdf")) -> list[Path]:
    """``text`` as extracted text, as a web page and as a PDF (reportlab)."""
    paths = []
    for kind in kinds:
        path = out / f"{stem}.{kind}"
        if kind == "txt":
            path.write_text(text, encoding="utf-8")
        elif kind == "html":
            path.write_text(html_page(text), encoding="utf-8")
        else:
            lines = tuple(line.strip() for line in text.splitlines() if line.strip())
            path.write_bytes(_make_module().make_pdf(lines))
        paths.append(path)
    return paths


def rename(text: str, old: MaskNames, new: str) -> str:
    """``text`` with every form of the old agency name replaced, across line breaks too."""
    for name in old.names:
        text = re.sub(r"\s*".join(map(re.escape, name)), new, text)
    return text


def names_of(report) -> MaskNames:
    meta = report.meta
    return MaskNames.of_meta(meta)


@contextmanager
def rhetoric_store(path: Path, reports):
    """A store with ``reports`` and their feature rows (``doc_terms`` among them)."""
    from gkmine.store import Store

    with Store(path) as store:
        store.write_reports(reports)
        yield store
