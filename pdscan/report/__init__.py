"""Report renderers, one module per format, each registering with `@renderer(name)`.

    from pdscan.report import build_report
    report = build_report("scan-out", register="examples/register.yaml", previous="scan-last-month")
    report.as_dict()["findings"][0]
"""
from .build import Report, build_report

__all__ = ["Report", "build_report"]
