"""When two titles may be taken for one work: the rules title recognition shares (``add``,
``add --pdf``, reading lists, ``duplicates``), pure and without I/O.

A title alone is weak evidence. It counts only when it is distinctive (two words or more, 12
characters, and not made only of words every front page or template prints: "Supplementary
Material", "Sample Document", "Technical Report"), when the years agree where both sides give
one, and when the first authors' surnames agree where both sides name authors.
"""

from __future__ import annotations

from collections.abc import Sequence

from paperdesk.keys import surname, words
from paperdesk.stopwords import TITLE_WORDS

MIN_TITLE_CHARS = 12  # shorter normalised titles ("GPT-4", "Dropout") match nothing alone

GENERIC_WORDS: frozenset[str] = frozenset(
    """
    abstract acknowledgements acknowledgments appendix article author authors bibliography
    chapter conference contents cover document draft example front guide index information
    instructions introduction journal letter manuscript material materials matter notes
    online paper part poster preprint presentation proceedings references report sample
    section slides submission supplement supplemental supplementary supporting table
    technical template thesis title untitled word workshop
    """.split()  # noqa: SIM905
)


def distinctive(norm: str) -> bool:
    """A normalised title specific enough to recognise a paper by: two words or more, 12
    characters, and some word that is neither a function word nor front-page boilerplate
    (a lone "Introduction" or "Supplementary Material" taken for a title says nothing)."""
    if len(norm) < MIN_TITLE_CHARS or " " not in norm:
        return False
    return any(w not in TITLE_WORDS and w not in GENERIC_WORDS for w in norm.split())


def same_first_author(ours: Sequence[str], theirs: Sequence[str]) -> bool:
    """Whether the first authors agree: the same surname, or one surname part of the other
    ("Van Gundy" / "Gundy"). Either side without authors is no evidence against."""
    if not ours or not theirs:
        return True
    a, b = surname(ours[0]), surname(theirs[0])
    if not a or not b or a == b:
        return True
    if a in words(theirs[0]) or b in words(ours[0]):
        return True
    short, long_ = sorted((a, b), key=len)
    return len(short) >= 4 and short in long_
