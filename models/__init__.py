"""Shipped, versioned model artifacts for unspin (tables and weights, never pickle).

Installed as ``detector.models``; see ``models/README.md`` (the model card) for what each
file holds, where it comes from, its licence and how to rebuild it.
"""
