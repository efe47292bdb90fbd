"""Text against numbers: claims keyed to cells, the linked panel and its analyses.

The modules are imported by name (``gkmine.link.panel``, ``gkmine.link.quantities``…): the
claim extractor imports :mod:`gkmine.link.quantities` in the worker, which must stay light.
"""
