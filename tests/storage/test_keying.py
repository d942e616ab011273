"""Keys in the database: made once when a paper enters, provisional until authors arrive,
set by hand, and every earlier key still resolving."""

from __future__ import annotations

from paperdesk.library import Library
from paperdesk.services.papers import add_papers
from paperdesk.storage import keying
from paperdesk.storage import repository as repo
from paperdesk.storage.models import Paper


def _paper(title: str, authors: list[str], year: int | None, **kw: object) -> Paper:
    return Paper(title=title, authors=authors, year=year, categories=[], **kw)


def test_a_new_paper_gets_its_key_at_flush(empty_lib: Library) -> None:
    with empty_lib.session() as s:
        a = _paper("Attention Is All You Need", ["Ashish Vaswani"], 2017)
        b = _paper("Attention Is All You Need", ["Ashish Vaswani"], 2017, doi="10.1/x")
        c = _paper("Attention, again", ["Jane Vaswani"], 2017)
        s.add_all([a, b, c])
        s.flush()
        assert (a.key, b.key, c.key) == (
            "vaswani2017attention",
            "vaswani2017attentionb",
            "vaswani2017attentionc",
        )
        assert not (a.key_provisional or b.key_provisional or c.key_provisional)
    with empty_lib.session() as s:  # a later paper with the same base key never renames one
        d = _paper("Attention rules", ["A. Vaswani"], 2017)
        s.add(d)
        s.flush()
        assert d.key == "vaswani2017attentiond"


def test_an_explicit_key_is_kept(empty_lib: Library) -> None:
    with empty_lib.session() as s:
        s.add(_paper("Deep Nets", ["A. Smith"], 2020, key="mykey"))
    with empty_lib.session() as s:
        assert repo.find_paper(s, "mykey").title == "Deep Nets"


def test_provisional_key_is_finalised_once(empty_lib: Library) -> None:
    [res] = add_papers(empty_lib, ["1706.03762"])
    assert res.id == "arxiv170603762"
    with empty_lib.session() as s:
        p = repo.find_paper(s, "1706.03762")
        assert p.key_provisional
        p.title = "Attention Is All You Need"  # a title alone does not finalise it
        s.flush()
        assert p.key == "arxiv170603762"
        p.authors, p.year = ["Ashish Vaswani", "Noam Shazeer"], 2017
    with empty_lib.session() as s:
        p = repo.find_paper(s, "1706.03762")
        assert (p.key, p.key_provisional) == ("vaswani2017attention", False)
        assert keying.aliases(s, p) == ["arxiv170603762"]  # it was committed: still names it
        assert repo.find_paper(s, "arxiv170603762") is p
        p.authors, p.title, p.year = ["Noam Shazeer"], "Another Title", 2018  # never again
    with empty_lib.session() as s:
        assert repo.find_paper(s, "1706.03762").key == "vaswani2017attention"


def test_key_made_and_finalised_in_one_transaction_leaves_no_alias(empty_lib: Library) -> None:
    with empty_lib.session() as s:
        p = Paper(arxiv_id="2106.09685", title="arXiv:2106.09685", authors=[], categories=[])
        s.add(p)
        s.flush()
        assert p.key == "arxiv210609685" and p.key_provisional
        p.title, p.authors, p.year = "LoRA", ["Edward J. Hu"], 2021
    with empty_lib.session() as s:
        p = repo.find_paper(s, "2106.09685")
        assert p.key == "hu2021lora"
        assert keying.aliases(s, p) == []


def test_finalising_avoids_taken_keys_and_aliases(empty_lib: Library) -> None:
    with empty_lib.session() as s:
        s.add(_paper("LoRA", ["Edward J. Hu"], 2021))
        other = _paper("Other", ["B. Jones"], 2020)
        s.add(other)
        s.flush()
        keying.set_key(s, other, "hu2021lorab")  # the name hu2021lorab now is an alias of it
        keying.set_key(s, other, "jones")
    add_papers(empty_lib, ["2106.09685"])
    with empty_lib.session() as s:
        p = repo.find_paper(s, "2106.09685")
        p.title, p.authors, p.year = "LoRA", ["Edward J. Hu"], 2021
    with empty_lib.session() as s:
        assert repo.find_paper(s, "2106.09685").key == "hu2021lorac"
        assert repo.find_paper(s, "hu2021lorab").key == "jones"


def test_a_merge_gives_the_survivor_the_plain_key_it_was_a_clash_variant_of(lib: Library) -> None:
    from paperdesk.services.merge import merge_papers
    from paperdesk.services.papers import add_other

    copy = add_other(
        lib,
        title="Attention, a reprint",
        year=2017,
        authors=["A. Vaswani"],
        url="https://x.org",
        doi=None,
    )
    assert copy.id == "vaswani2017attentionb"
    report = merge_papers(lib, "vaswani2017attentionb", "1706.03762")
    assert report.kept == "vaswani2017attention"
    with lib.session() as s:
        kept = repo.find_paper(s, "vaswani2017attentionb")  # the old key is an alias now
        assert (kept.key, kept.title) == ("vaswani2017attention", "Attention, a reprint")
        assert keying.aliases(s, kept) == ["vaswani2017attentionb"]


def test_a_merge_keeps_the_survivors_key_when_it_is_the_plainer_one(lib: Library) -> None:
    from paperdesk.services.merge import merge_papers
    from paperdesk.services.papers import add_other

    add_other(
        lib,
        title="Attention, a reprint",
        year=2017,
        authors=["A. Vaswani"],
        url="https://x.org",
        doi=None,
    )
    assert merge_papers(lib, "1706.03762", "vaswani2017attentionb").kept == "vaswani2017attention"
    with lib.session() as s:
        assert keying.aliases(s, repo.find_paper(s, "1706.03762")) == ["vaswani2017attentionb"]
