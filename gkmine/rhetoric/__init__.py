"""How agencies write: masked term vectors, rhetoric profiles and clusters of reports.

- :mod:`gkmine.rhetoric.mask`: names, places, dates and numbers replaced by placeholders;
- :mod:`gkmine.rhetoric.vectors`: hashed term counts per report part, TF-IDF and LSA;
- :mod:`gkmine.rhetoric.cluster`: :class:`RhetoricClusterer` and the choice of k;
- :mod:`gkmine.rhetoric.describe`: keyness terms, example sentences, cross-tabulations and
  the tables of the ``rhetoric`` corpus analysis.
"""
