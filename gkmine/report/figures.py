"""The corpus figures, drawn from a gkmine database, as PNG and SVG with Chinese labels.

Each figure is a function of the database registered in :data:`FIGURES`; it returns ``None``
when the tables it needs are absent or empty, so a partial database gives fewer figures, not
an error. Everything is aggregated in SQL, so the figures cost the same memory at 100k
reports as at 5. Output bytes are deterministic: the SVG hash salt is fixed, no creation date
or software version is written, and the CJK font comes from the ``mplfonts`` package.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Final

from gkmine import keys
from gkmine.report import labels
from gkmine.report.db import Database

if TYPE_CHECKING:
    from matplotlib.figure import Figure

#: savefig metadata per format: nothing that changes between runs or machines.
_METADATA: Final[dict[str, dict]] = {
    "png": {"Software": None},
    "svg": {"Date": None, "Creator": None, "Format": None, "Type": None},
}
_RC: Final[dict[str, object]] = {"svg.hashsalt": "gkmine", "svg.fonttype": "path",
                                 "figure.dpi": 100, "savefig.dpi": 120,
                                 "axes.unicode_minus": False}
#: figure name -> caption (the alt text and caption of the figure on the site)
CAPTIONS: Final[dict[str, str]] = {
    "report_status": "各年度报告数量及解析状态",
    "check_failures": "未通过各项检查的报告数",
    "application_outcomes": "政府信息公开申请办理结果（全部报告合计）",
    "applications_by_year": "每份报告申请数量的中位数（按年度）",
    "topic_recurrence": "第五部分各主题出现的报告比例（按机关类型）",
    "classifier_scores": "第五部分主题分类的交叉验证 F1",
    "rhetoric_map": "报告措辞地图（按修辞类别着色）",
    "boilerplate_shares": "套话句子占比的分布",
    "reuse_year_on_year": "与上年报告重复的句子比例（按部分，平均）",
}

#: at most this many categories on an axis (the most frequent ones)
MAX_CATEGORIES = 20


def _figure(width: float = 7.0, height: float = 4.0):
    from matplotlib.figure import Figure

    fig = Figure(figsize=(width, height), layout="constrained")
    return fig, fig.add_subplot()


def report_status(db: Database) -> Figure | None:
    """Reports per year and status."""
    frame = db.query(f"select coalesce(cast(year as varchar), '未知') as year, status, "
                     f"count(*) as n from {db.table('reports')} group by all order by all")
    if frame.empty:
        return None
    table = frame.pivot(index="year", columns="status", values="n").fillna(0)
    table = table[[s for s in labels.STATUS if s in table.columns]]
    fig, ax = _figure()
    bottom = None
    for status in table.columns:
        ax.bar(table.index, table[status], bottom=bottom, label=labels.STATUS[status])
        bottom = table[status] if bottom is None else bottom + table[status]
    ax.set(title=CAPTIONS["report_status"], xlabel="报告年度", ylabel="报告数")
    ax.legend(title="解析状态")
    return fig


def check_failures(db: Database) -> Figure | None:
    """Reports failing each check rule."""
    from matplotlib.ticker import MaxNLocator

    frame = db.query(f"select rule, count(distinct doc_id) as n from {db.table('checks')} "
                     f"where not passed group by rule order by rule")
    n_reports = int(db.query(f"select count(distinct doc_id) as n from "
                             f"{db.table('reports')}")["n"][0])
    frame = frame.set_index("rule").reindex(list(keys.RULES), fill_value=0)
    fig, ax = _figure(7.0, 4.5)
    names = [f"{rule} {labels.RULE.get(rule, '')}" for rule in frame.index]
    ax.barh(names[::-1], frame["n"].to_numpy()[::-1], color="#c0392b")
    ax.set(title=f"{CAPTIONS['check_failures']}（共 {n_reports} 份报告）", xlabel="报告数",
           xlim=(0, max(1, int(frame["n"].max()))))
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    return fig


def application_outcomes(db: Database) -> Figure | None:
    """How applications were answered: the t3 result rows summed over the corpus."""
    layouts = ("2021", "2019")
    result_rows = list(dict.fromkeys(r for lay in layouts for r in keys.T3_RESULT_ROWS[lay]))
    frame = db.query(f"select row, sum(value) as n from {db.table('cells')} where "
                     f"\"table\" = 't3' and col = 'total' and status = 'number' and row in "
                     f"(select unnest(?)) group by row", [result_rows])
    frame = frame[frame["n"] > 0]
    if frame.empty:
        return None
    frame = frame.sort_values(["n", "row"], ascending=[False, True]).head(MAX_CATEGORIES)
    names = [labels.cell_label("t3", row, "total").split(" · ")[0][:18] for row in frame["row"]]
    fig, ax = _figure(7.5, 5.0)
    ax.barh(names[::-1], frame["n"].to_numpy()[::-1], color="#2c7fb8")
    ax.set(title=CAPTIONS["application_outcomes"], xlabel="件数")
    return fig


def applications_by_year(db: Database) -> Figure | None:
    """Median new and processed applications per report, by year."""
    columns = ("t3.new.total", "t3.total_processed.total")
    if not db.has("panel", "year", *columns):
        return None
    frame = db.query(f'select year, median("{columns[0]}") as a, median("{columns[1]}") as b, '
                     f"count(*) as n from {db.table('panel')} where year is not null "
                     f"group by year order by year")
    if frame.empty:
        return None
    names = _panel_labels(db)
    fig, ax = _figure()
    for col, column in zip(("a", "b"), columns, strict=True):
        ax.plot(frame["year"].astype(str), frame[col], marker="o",
                label=labels.column_label(column, names))
    ax.set(title=CAPTIONS["applications_by_year"], xlabel="报告年度", ylabel="件数（中位数）")
    ax.legend(fontsize="small")
    return fig


def topic_recurrence(db: Database) -> Figure | None:
    """Share of reports naming each section 五 topic, by agency type (a heat map)."""
    if not db.has("topic_recurrence_agency_type", "agency_type", "topic", "share"):
        return None
    frame = db.query(f"select agency_type, topic, share, n_reports from "
                     f"{db.table('topic_recurrence_agency_type')}")
    top = (frame.groupby("agency_type")["n_reports"].max()
           .sort_values(ascending=False, kind="stable").head(MAX_CATEGORIES).index)
    grid = (frame[frame["agency_type"].isin(top)]
            .pivot(index="agency_type", columns="topic", values="share").fillna(0.0))
    grid = grid.reindex(index=sorted(grid.index), columns=[
        t for t in _topics() if t in grid.columns])
    fig, ax = _figure(8.0, 1.2 + 0.4 * len(grid))
    image = ax.imshow(grid.to_numpy(), aspect="auto", cmap="Blues", vmin=0, vmax=1)
    ax.set_xticks(range(grid.shape[1]), [labels.topic_label(t) for t in grid.columns],
                  rotation=45, ha="right")
    ax.set_yticks(range(grid.shape[0]), list(grid.index))
    ax.set_title(CAPTIONS["topic_recurrence"])
    fig.colorbar(image, ax=ax, label="报告比例")
    return fig


def classifier_scores(db: Database) -> Figure | None:
    """Cross-validated F1 of the section 五 classifier, per label."""
    if not db.has("classifier_evaluation", "model", "label", "f1"):
        return None
    frame = db.query(f"select model, label, f1 from {db.table('classifier_evaluation')} "
                     f"order by model, label")
    frame = frame[frame["label"].isin(_topics())]
    if frame.empty:
        return None
    grid = frame.pivot(index="label", columns="model", values="f1")
    grid = grid.reindex([t for t in _topics() if t in grid.index])
    fig, ax = _figure(8.0, 4.5)
    width = 0.8 / max(1, grid.shape[1])
    for i, model in enumerate(grid.columns):
        ax.bar([x + i * width for x in range(len(grid))], grid[model], width=width,
               label=_MODEL_LABELS.get(model, model))
    ax.set_xticks([x + width * (grid.shape[1] - 1) / 2 for x in range(len(grid))],
                  [labels.topic_label(t) for t in grid.index], rotation=45, ha="right")
    ax.set(title=CAPTIONS["classifier_scores"], ylabel="F1", ylim=(0, 1))
    ax.legend(fontsize="small")
    return fig


_MODEL_LABELS: Final[dict[str, str]] = {"supervised": "监督模型", "dictionary": "词典"}


def rhetoric_map(db: Database) -> Figure | None:
    """Reports on the 2-D map of their wording, coloured by rhetoric cluster."""
    if not db.has("rhetoric_profiles", "x", "y", "cluster"):
        return None
    frame = db.query(f"select x, y, cluster from {db.table('rhetoric_profiles')} "
                     f"order by doc_id")
    fig, ax = _figure(6.5, 5.0)
    for cluster, part in frame.groupby("cluster", sort=True):
        ax.scatter(part["x"], part["y"], s=8, alpha=0.7, label=f"类 {cluster}")
    ax.set(title=CAPTIONS["rhetoric_map"], xlabel="第一维", ylabel="第二维")
    if frame["cluster"].nunique() <= MAX_CATEGORIES:
        ax.legend(fontsize="small", markerscale=2)
    return fig


def boilerplate_shares(db: Database) -> Figure | None:
    """Distribution of the share of boilerplate sentences per report."""
    if not db.has("boilerplate", "boilerplate_share"):
        return None
    frame = db.query(f"select boilerplate_share from {db.table('boilerplate')} "
                     f"where boilerplate_share is not null")
    fig, ax = _figure()
    ax.hist(frame["boilerplate_share"], bins=20, range=(0, 1), color="#7f8c8d")
    ax.set(title=CAPTIONS["boilerplate_shares"], xlabel="套话句子占比", ylabel="报告数")
    return fig


def reuse_year_on_year(db: Database) -> Figure | None:
    """Share of each section's sentences reused from the agency's previous report."""
    if not db.has("reuse_yoy", "section", "reuse"):
        return None
    frame = db.query(f"select section, avg(reuse) as reuse, count(*) as n from "
                     f"{db.table('reuse_yoy')} where reuse is not null group by section")
    order = [s for s in keys.SECTION_KEYS if s in set(frame["section"])]
    order += sorted(set(frame["section"]) - set(order))
    frame = frame.set_index("section").reindex(order)
    fig, ax = _figure()
    ax.barh([keys.SECTIONS.get(s, s) for s in order][::-1], frame["reuse"].to_numpy()[::-1],
            color="#8e44ad")
    ax.set(title=CAPTIONS["reuse_year_on_year"], xlabel="重复句子比例", xlim=(0, 1))
    return fig


#: figure name -> function of the database; the name is the file stem.
FIGURES: Final[dict[str, Callable[[Database], Figure | None]]] = {
    "report_status": report_status,
    "check_failures": check_failures,
    "application_outcomes": application_outcomes,
    "applications_by_year": applications_by_year,
    "topic_recurrence": topic_recurrence,
    "classifier_scores": classifier_scores,
    "rhetoric_map": rhetoric_map,
    "boilerplate_shares": boilerplate_shares,
    "reuse_year_on_year": reuse_year_on_year,
}


def _topics() -> tuple[str, ...]:
    from gkmine.issues.codebook import TOPICS

    return TOPICS


def _panel_labels(db: Database) -> dict[str, str]:
    if not db.has("panel_labels", "column", "label_zh"):
        return {}
    frame = db.query(f"select \"column\", label_zh from {db.table('panel_labels')}")
    return dict(zip(frame["column"], frame["label_zh"], strict=True))


def save_figure(fig: Figure, stem: Path) -> list[Path]:
    """Write ``fig`` as ``stem.png`` and ``stem.svg`` with byte-stable metadata."""
    written = []
    for fmt in ("png", "svg"):
        path = stem.with_suffix(f".{fmt}")
        fig.savefig(path, format=fmt, metadata=_METADATA[fmt])
        written.append(path)
    return written


def make_figures(db_path: str | os.PathLike, out_dir: str | os.PathLike, *,
                 names: tuple[str, ...] | None = None) -> list[Path]:
    """Draw every figure the database supports into ``out_dir``; returns the files written.

    ``names`` picks figures from :data:`FIGURES` (all by default).
    """
    import matplotlib

    from gkmine.plotting import use_cjk_font

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    with matplotlib.rc_context(_RC), Database(db_path) as db:
        use_cjk_font(required=True)
        for name in names or tuple(FIGURES):
            fig = FIGURES[name](db)
            if fig is not None:
                written.extend(save_figure(fig, out / name))
    return written

