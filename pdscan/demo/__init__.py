"""`pdscan demo`: a synthetic estate of a Norwegian IT-services company, scanned against the example register."""
