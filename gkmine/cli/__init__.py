"""The ``gkmine`` command line.

Commands load their module only when they run (click's lazy-group pattern), so ``gkmine
--help`` is instant and a worker process never imports spaCy or scikit-learn it does not need.

>>> from click.testing import CliRunner
>>> result = CliRunner().invoke(main, ["--help"])
>>> "parse" in result.output and "classify" in result.output
True
"""

from __future__ import annotations

import importlib

import click

#: command name -> "module:attribute"
COMMANDS = {
    "parse": "gkmine.cli.corpus:parse_cmd",
    "check": "gkmine.cli.corpus:check_cmd",
    "export": "gkmine.cli.corpus:export_cmd",
    "reproduce": "gkmine.cli.corpus:reproduce_cmd",
    "claims": "gkmine.cli.nlp:claims_cmd",
    "keywords": "gkmine.cli.nlp:keywords_cmd",
    "keyness": "gkmine.cli.nlp:keyness_cmd",
    "classify": "gkmine.cli.classify:classify_group",
    "reuse": "gkmine.cli.reuse:reuse_cmd",
    "panel": "gkmine.cli.link:panel_cmd",
    "rhetoric": "gkmine.cli.rhetoric:rhetoric_cmd",
}

_HELP = {
    "parse": "Parse reports into JSON Lines or a DuckDB database.",
    "check": "List failing table checks with the source lines involved.",
    "export": "Export a gkmine database to Parquet.",
    "reproduce": "Run every analysis on a corpus and write all results.",
    "claims": "Numeric claims of the prose, one JSON line per document.",
    "keywords": "TF-IDF or TextRank keywords of a corpus.",
    "keyness": "Keyness between two groups of reports.",
    "classify": "Code the problems and measures of section 五.",
    "reuse": "Pairs of documents that share sentences, one JSON line per pair.",
    "panel": "The linked panel: figures, prose against tables, text measures.",
    "rhetoric": "Cluster reports by rhetoric; nearest report and boilerplate share.",
}


class LazyGroup(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        target = COMMANDS.get(name)
        if target is None:
            return None
        module_name, attr = target.split(":")
        return getattr(importlib.import_module(module_name), attr)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        # Listing help must not import every command's module.
        with formatter.section("Commands"):
            formatter.write_dl([(name, _HELP[name]) for name in sorted(COMMANDS)])


@click.group(cls=LazyGroup)
@click.version_option(package_name="gkmine")
def main() -> None:
    """gkmine: government information disclosure annual reports as data."""
