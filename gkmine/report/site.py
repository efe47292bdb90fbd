def build_site(*a, **k):
    raise NotImplementedError
