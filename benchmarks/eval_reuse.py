"""Reuse scores on constructed copies and on unrelated reports.

Material: the seed reports, plus the complete real reports of the development material when it
is present (``--real DIR`` of PDFs). Each report gets a copy as another agency would file it a
year later: the agency renamed (the name of another report of the material), years moved on,
digits changed, every fifth sentence of prose rewritten and, for every other report, the whole
text in traditional characters. Prints the reuse of each copy against its original (the
corpus-engine issue asks >= 0.5) and of every pair of different originals (<= 0.25).

    python benchmarks/eval_reuse.py [--real ../shared/corpora-dev/real-pdfs]
"""

from __future__ import annotations

import argparse
import re
import tempfile
from pathlib import Path

from gkmine.pipeline import parse_document
from gkmine.read.simplify import opencc_converter
from gkmine.rhetoric.reuse import reuse_tables_from_reports

REWRITES = ("我局强化政务公开培训，切实做到应公开尽公开。", "完善信息发布审核机制，提升公开质量。",
            "下一步将持续深化政务公开标准化规范化建设。")


def copy_of(report, other_agency: str, traditional: bool) -> str:
    text = report.text
    if report.meta.agency:
        text = text.replace(report.meta.agency, other_agency)
    text = re.sub(r"20(\d\d)", lambda m: f"20{int(m.group(1)) + 1:02d}", text)
    text = text.translate(str.maketrans("0123456789", "3456789012"))
    sentences = re.split(r"(?<=。)", text)
    for i in range(0, len(sentences), 5):
        if len(sentences[i]) > 15:
            sentences[i] = REWRITES[i % len(REWRITES)]
    text = "".join(sentences)
    return opencc_converter("s2t").convert(text) if traditional else text


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--real", type=Path, default=None)
    args = parser.parse_args()
    paths = sorted(Path("corpora/seeds").glob("*.txt"))
    if args.real and args.real.is_dir():
        paths += sorted(args.real.glob("*.pdf"))
    originals = [parse_document(p) for p in paths]
    agencies = [r.meta.agency or "某某局" for r in originals]
    with tempfile.TemporaryDirectory() as tmp:
        copies = []
        for i, report in enumerate(originals):
            other = agencies[(i + 1) % len(agencies)]
            if other == report.meta.agency:
                other = "青铜峡市卫生健康局"
            path = Path(tmp) / f"copy{i}.txt"
            path.write_text(copy_of(report, other, traditional=i % 2 == 1), encoding="utf-8")
            copies.append(parse_document(path))
    tables = reuse_tables_from_reports([*originals, *copies])
    pairs = tables["reuse_pairs"].set_index(["doc_a", "doc_b"])["reuse"]

    def reuse(a, b) -> float:
        return float(pairs.get((a.doc_id, b.doc_id), 0.0))

    print(f"{len(originals)} reports: " + ", ".join(p.name for p in paths))
    copied = [reuse(c, o) for o, c in zip(originals, copies, strict=True)]
    print("copy -> original: " + " ".join(f"{s:.2f}" for s in copied)
          + f"  (min {min(copied):.2f}, >= 0.5: {sum(s >= 0.5 for s in copied)}/{len(copied)})")
    unrelated = [reuse(a, b) for a in originals for b in originals if a is not b
                 and a.meta.agency != b.meta.agency]
    print(f"unrelated pairs: {len(unrelated)}, max {max(unrelated):.2f}, mean "
          f"{sum(unrelated) / len(unrelated):.3f}, > 0.25: {sum(s > 0.25 for s in unrelated)}")


if __name__ == "__main__":
    main()
