"""One configuration per run.

A :class:`Config` is a frozen dataclass: it travels to worker processes with each task, it is
stored with every database run, and the same ``Config`` on the same input gives the same
output.

>>> Config().replace(tables=False).tables
False
>>> Config.from_dict(Config().to_dict()) == Config()
True
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields, is_dataclass, replace

from gkmine.link.options import LinkOptions
from gkmine.rhetoric.minhash import ReuseOptions
from gkmine.rhetoric.options import RhetoricOptions


@dataclass(frozen=True)
class Config:
    #: convert traditional characters to simplified (OpenCC t2s), keeping an offset map
    to_simplified: bool = True
    #: recover tables 二/三/四 into cells
    tables: bool = True
    #: run the per-report identity and narrative checks
    checks: bool = True
    #: read the PDF's own ruling-line grids (slower; text rows are always tried)
    pdf_grids: bool = True
    #: report files recognised in a directory walk
    extensions: tuple[str, ...] = (".txt", ".text", ".htm", ".html", ".shtml", ".pdf", ".docx")
    # Limits: a document over one gets an error row with its own code instead of exhausting
    # the worker. The defaults are far above any real report (the largest annual reports are
    # a few hundred pages and a few hundred thousand characters).
    #: bytes per input file (E005)
    max_file_bytes: int = 200_000_000
    #: characters of extracted text per document (E011)
    max_chars_per_document: int = 2_000_000
    #: pages per PDF (E105)
    max_pdf_pages: int = 1_000
    #: uncompressed bytes of the markup parts of a DOCX package together (E112); images and
    #: other binary parts are never inflated
    max_docx_unzipped_bytes: int = 50_000_000
    #: uncompressed / compressed size of a DOCX markup part over 1 MB (E113: a zip bomb)
    max_docx_ratio: int = 200
    #: wall time per document, enforced by the engine's workers (E311)
    max_seconds_per_document: float = 300.0
    #: sentence reuse, boilerplate and template detection
    reuse: ReuseOptions = field(default_factory=ReuseOptions)
    #: the text-to-numbers panel and its analyses
    link: LinkOptions = field(default_factory=LinkOptions)
    #: rhetoric profiles and clustering (masking, TF-IDF + LSA, clusterer, seed)
    rhetoric: RhetoricOptions = field(default_factory=RhetoricOptions)

    def replace(self, **changes) -> Config:
        return replace(self, **changes)

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> Config:
        return _from_dict(cls, data)


def _from_dict(cls, data: dict):
    """A frozen dataclass from its ``asdict`` form: lists become tuples, nested dataclass
    fields are rebuilt from their dicts."""
    values = {}
    for f in fields(cls):
        if f.name not in data:
            continue
        value = data[f.name]
        default = f.default_factory() if callable(f.default_factory) else f.default
        if is_dataclass(default) and isinstance(value, dict):
            value = _from_dict(type(default), value)
        elif isinstance(value, list):
            value = tuple(value)
        values[f.name] = value
    return cls(**values)


DEFAULT = Config()
