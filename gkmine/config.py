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
    #: the text-to-numbers panel and its analyses
    link: LinkOptions = field(default_factory=LinkOptions)

    def replace(self, **changes) -> Config:
        return replace(self, **changes)

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> Config:
        known = {f.name: f for f in fields(cls)}
        values = {k: _rebuild(known[k], v) for k, v in data.items() if k in known}
        return cls(**values)


def _rebuild(spec, value):
    """A field's value from its ``to_dict`` form: lists are tuples, nested options rebuilt."""
    default = spec.default_factory() if callable(spec.default_factory) else spec.default
    if is_dataclass(default) and isinstance(value, dict):
        inner = {f.name: f for f in fields(default)}
        return type(default)(**{k: _rebuild(inner[k], v) for k, v in value.items()
                                if k in inner})
    return tuple(value) if isinstance(value, list) else value


DEFAULT = Config()
