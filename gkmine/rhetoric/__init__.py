"""Rhetoric and reuse: how reports are written, and how much of it is shared.

``gkmine.rhetoric.minhash`` holds the one near-duplicate mechanism (MinHash LSH),
``gkmine.rhetoric.sentences`` the sentences compared and their comparable form, and
``gkmine.rhetoric.reuse`` boilerplate, reuse between reports, year-over-year reuse, template
families and the same report on two sites.
"""
