"""unspin: find machine-spun text and give the wording back.

Public API::

    >>> import detector
    >>> report = detector.analyze(text)      # Report: probability, label, passages, findings
    >>> detector.suggest("counterfeit consciousness")
    ['artificial intelligence', ...]
    >>> detector.restore(text)               # the text with confident findings replaced

Heavy tables load lazily on first use, so ``import detector`` stays cheap.
"""

from __future__ import annotations

from .report import SCHEMA_VERSION, Finding, Passage, Report

__version__ = "0.1.0"

__all__ = ["SCHEMA_VERSION", "Finding", "Passage", "Report", "__version__"]
