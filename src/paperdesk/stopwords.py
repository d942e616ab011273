"""English words that carry no topic: one list for the whole project.

:data:`TITLE_WORDS` are the function words of a title ("A Study of ...", "... for the ..."): a
citation key skips them when it picks the title word (:mod:`paperdesk.keys`), and title
matching ignores them (:mod:`paperdesk.parse.identity`). :data:`STOPWORDS` adds the common
words of running text and papers' boilerplate ("et al", "paper") for keyword search
(:mod:`paperdesk.search.keyword`), where BM25's idf already discounts common words and this only
keeps them from making every passage a candidate.
"""

from __future__ import annotations

TITLE_WORDS: frozenset[str] = frozenset(
    """
    a about all an and are as at be by can do does for from how in into is it its no not of
    on or our over that the these this those to toward towards under use using via vs we
    what when where which who why with without you your
    """.split()  # noqa: SIM905
)

STOPWORDS: frozenset[str] = TITLE_WORDS | frozenset(
    """
    above after again al also am any because been before being below between both but could
    did doing down during e each et few further g had has have having he her here hers him
    his i if itself just me more most my nor now off once only other ours out own paper
    papers same she should so some such than their theirs them then there they through too
    until up used very was were while whom will would
    """.split()  # noqa: SIM905
)
