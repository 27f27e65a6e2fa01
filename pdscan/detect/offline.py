"""Keep detection offline: tldextract must use its bundled public-suffix snapshot, never fetch one.

Presidio's e-mail and URL recognisers call `tldextract.extract`, which by default downloads the public
suffix list on first use (and caches it in the user's home). A scanner must not touch the network.
"""
from __future__ import annotations

from functools import lru_cache

import tldextract


@lru_cache(maxsize=1)
def tld_extractor() -> tldextract.TLDExtract:
    return tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)


def make_tldextract_offline() -> None:
    """Point tldextract's module-level extractor (the one Presidio uses) at the bundled snapshot."""
    import tldextract.tldextract as _tx

    _tx.TLD_EXTRACTOR = tld_extractor()
