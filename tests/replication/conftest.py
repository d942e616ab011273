"""Fixtures for the replication tests: a seeded library and the paper most tests walk."""

from __future__ import annotations

import pytest

from paperdesk.library import Library

ATTENTION = "vaswani2017attention"  # arXiv 1706.03762


@pytest.fixture
def attention(lib: Library) -> str:
    """The key of 'Attention Is All You Need', whose BLEU claims the seeded lists carry."""
    return ATTENTION
