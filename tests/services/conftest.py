"""Fixtures the service tests share with tests/search/ (defined once, in its conftest): the
hashing embedder and the seeded library with real abstracts (``alib``)."""

from __future__ import annotations

from tests.search.conftest import alib, hash_embedder

__all__ = ["alib", "hash_embedder"]
