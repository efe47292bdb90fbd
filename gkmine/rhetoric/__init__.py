"""Rhetoric and reuse: how reports are written, and how much of it is shared.

- :mod:`gkmine.rhetoric.mask`: names, places, dates and numbers replaced by placeholders;
- :mod:`gkmine.rhetoric.vectors`: hashed term counts per report part, TF-IDF and LSA;
- :mod:`gkmine.rhetoric.cluster`: :class:`RhetoricClusterer` and the choice of k;
- :mod:`gkmine.rhetoric.neighbours`: each report's most similar other report, without all pairs;
- :mod:`gkmine.rhetoric.describe`: keyness terms, example sentences, cross-tabulations and
  the tables of the ``rhetoric`` corpus analysis;
- :mod:`gkmine.rhetoric.minhash` holds the one near-duplicate mechanism (MinHash LSH),
  :mod:`gkmine.rhetoric.sentences` the sentences compared and their comparable form (in the
  masking of :mod:`gkmine.rhetoric.mask`), and
  :mod:`gkmine.rhetoric.reuse` boilerplate, reuse between reports, year-over-year reuse,
  template families and the same report on two sites.
"""
