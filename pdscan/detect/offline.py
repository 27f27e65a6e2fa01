"""Keep Presidio offline: its e-mail/URL recognisers call tldextract, which by default fetches the public
suffix list from the network on first use. Point it at the snapshot bundled with tldextract instead.

Shared by the engine and the evaluation's Presidio baseline (call before the first analyze)."""
from __future__ import annotations


def make_tldextract_offline() -> None:
    import tldextract
    import tldextract.tldextract as _tx

    _tx.TLD_EXTRACTOR = tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)
