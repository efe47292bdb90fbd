"""A browsable static HTML report of a gkmine database, and the corpus figures.

:func:`build_site` writes the site (``index.html``, one page per report, corpus pages);
:func:`gkmine.report.figures.make_figures` draws the figures it shows. Both read the database
read-only and need no server: open ``index.html`` from the file system.
"""

from gkmine.report.site import build_site

__all__ = ["build_site"]
