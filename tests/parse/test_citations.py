"""The citation graph on a real SQLite library, from PDFs made here: references that carry no
arXiv id and no DOI still link to the library paper whose title they cite, whichever of the
two came first, and every link says how it was made."""

from __future__ import annotations

import shutil
import time
from pathlib import Path
from typing import Any

from sqlalchemy import delete, select

from paperdesk.library import Library
from paperdesk.parse.citations import relink_citations
from paperdesk.parse.refparse import title_norm
from paperdesk.paths import pdf_target, stored_pdf_path
from paperdesk.services.papers import add_other, paper_detail
from paperdesk.services.parse import parse_papers, sha256_file
from paperdesk.storage.models import Cite, Paper, Reference
from tests.parse.pdfs import HEIGHT, WIDTH, sentence

# "Attention is all you need" as six house styles print it: no arXiv id, no DOI, no URL
TRANSFORMER_CITED = {
    "acl": "Ashish Vaswani, Noam Shazeer, Niki Parmar, Jakob Uszkoreit, Llion Jones, Aidan N. "
    "Gomez, Lukasz Kaiser, and Illia Polosukhin. 2017. Attention is all you need. In Advances "
    "in Neural Information Processing Systems 30, pages 5998–6008.",
    "ieee": "[1] A. Vaswani, N. Shazeer, N. Parmar, J. Uszkoreit, L. Jones, A. N. Gomez, L. "
    'Kaiser, and I. Polosukhin, "Attention is all you need," in Proc. NIPS, 2017, pp. '
    "5998–6008.",
    "lncs": "1. Vaswani, A., Shazeer, N., Parmar, N., Uszkoreit, J., Jones, L., Gomez, A.N., "
    "Kaiser, L., Polosukhin, I.: Attention is all you need. In: Advances in Neural "
    "Information Processing Systems, pp. 5998–6008 (2017)",
    "apa": "Vaswani, A., Shazeer, N., Parmar, N., Uszkoreit, J., Jones, L., Gomez, A. N., "
    "Kaiser, L., & Polosukhin, I. (2017). Attention is all you need. Advances in Neural "
    "Information Processing Systems, 30.",
    "neurips": "[1] Ashish Vaswani, Noam Shazeer, Niki Parmar, Jakob Uszkoreit, Llion Jones, "
    "Aidan N Gomez, Łukasz Kaiser, and Illia Polosukhin. Attention is all you need. In "
    "NeurIPS, 2017.",
    "acm": "[1] Ashish Vaswani, Noam Shazeer, Niki Parmar, Jakob Uszkoreit, Llion Jones, Aidan "
    "N. Gomez, Łukasz Kaiser, and Illia Polosukhin. 2017. Attention Is All You Need. In "
    "Advances in Neural Information Processing Systems 30 (NIPS 2017). 5998–6008.",
}
OTHER = {
    "acl": "Jacob Devlin, Ming-Wei Chang, Kenton Lee, and Kristina Toutanova. 2019. BERT: "
    "pre-training of deep bidirectional transformers for language understanding. In NAACL.",
    "ieee": '[2] K. He, X. Zhang, S. Ren, and J. Sun, "Deep residual learning for image '
    'recognition," in Proc. CVPR, 2016, pp. 770–778.',
    "lncs": "2. Hochreiter, S., Schmidhuber, J.: Long short-term memory. Neural Computation "
    "9(8), 1735–1780 (1997)",
    "apa": "Zaremba, W., Sutskever, I., & Vinyals, O. (2014). Recurrent neural network "
    "regularization. arXiv preprint.",
    "neurips": "[2] Kaiming He, Xiangyu Zhang, Shaoqing Ren, and Jian Sun. Deep residual "
    "learning for image recognition. In CVPR, 2016.",
    "acm": "[2] Yoshua Bengio, Réjean Ducharme, and Pascal Vincent. 2003. A neural "
    "probabilistic language model. J. Mach. Learn. Res. 3 (2003), 1137–1155.",
}
TRANSFORMER = "Attention Is All You Need"
AUTHORS = ["Ashish Vaswani", "Noam Shazeer", "Niki Parmar", "Jakob Uszkoreit"]


def citing_pdf(path: Path, style: str, refs: list[str]) -> Path:
    """A one-page paper whose reference list is ``refs`` in ``style``: numbered styles with a
    hanging label, author-year styles with a hanging indent."""
    import pymupdf

    from tests.parse.pdfs import wrap

    doc = pymupdf.open()
    page = doc.new_page(width=WIDTH, height=HEIGHT)
    y = 90.0

    def put(text: str, size: float = 10, bold: bool = False, x: float = 72) -> None:
        nonlocal y
        y += size * 1.35
        page.insert_text((x, y), text, fontname="tibo" if bold else "tiro", fontsize=size)

    put(f"A Paper in the {style.upper()} Style", 15, True, 150)
    y += 10
    put("1 Introduction", 12, True)
    for line in wrap(" ".join(sentence(k) for k in range(6)), 88):
        put(line)
    y += 10
    put("References", 12, True)
    for ref in refs:
        for j, line in enumerate(wrap(ref, 90)):
            put(line, 9, x=72 if j == 0 else 84)
        y += 3
    doc.save(str(path))
    doc.close()
    return path


def add_pdf_paper(lib: Library, key: str, src: Path) -> None:
    target = pdf_target(lib.settings, key)
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(src, target)
    with lib.session() as s:
        s.add(
            Paper(
                key=key,
                title=f"A Paper in the {key.upper()} Style",
                pdf_path=stored_pdf_path(lib.settings, target),
                pdf_sha256=sha256_file(target),
            )
        )


def add_citers(lib: Library, tmp_path: Path) -> None:
    for style, cited in TRANSFORMER_CITED.items():
        pdf = citing_pdf(tmp_path / f"{style}.pdf", style, [cited, OTHER[style]])
        add_pdf_paper(lib, style, pdf)
    # the same words as a title, by someone else, eleven years earlier: not the Transformer
    decoy = "J. Smith. 2006. Attention is all you need. Journal of Mindfulness 4, 1–9."
    add_pdf_paper(lib, "decoy", citing_pdf(tmp_path / "decoy.pdf", "decoy", [decoy, decoy]))
    report = parse_papers(lib)
    assert {r.status for r in report.results} == {"parsed"}


def add_transformer(lib: Library) -> str:
    res = add_other(
        lib,
        title=TRANSFORMER,
        year=2017,
        authors=AUTHORS,
        url="https://example.org/attention",
        doi=None,
    )
    assert res.id is not None
    return res.id


def cited_by(lib: Library, key: str) -> dict[str, str]:
    return {x.id: x.method for x in paper_detail(lib, key).cited_by}


def test_title_only_references_are_parsed(empty_lib: Library, tmp_path: Path) -> None:
    add_citers(empty_lib, tmp_path)
    with empty_lib.session() as s:
        refs = s.execute(
            select(Paper.key, Reference.title, Reference.title_norm, Reference.year)
            .join(Paper, Paper.id == Reference.paper_id)
            .where(Reference.position == 1)
        ).all()
        authors = {
            k: a
            for k, a in s.execute(
                select(Paper.key, Reference.authors)
                .join(Paper, Paper.id == Reference.paper_id)
                .where(Reference.position == 1)
            )
        }
    got = {key: (title, norm, year) for key, title, norm, year in refs}
    for style in TRANSFORMER_CITED:
        title, norm, year = got[style]
        assert norm == "attention is all you need", (style, title)
        assert year == 2017, style
        assert authors[style][0].split()[-1] == "Vaswani", (style, authors[style])
    assert got["decoy"][2] == 2006


def test_six_title_only_citers_are_cited_by_when_the_transformer_came_first(
    empty_lib: Library, tmp_path: Path
) -> None:
    key = add_transformer(empty_lib)
    add_citers(empty_lib, tmp_path)
    assert cited_by(empty_lib, key) == dict.fromkeys(TRANSFORMER_CITED, "title")


def test_and_when_it_is_added_after_them(empty_lib: Library, tmp_path: Path) -> None:
    add_citers(empty_lib, tmp_path)
    key = add_transformer(empty_lib)
    assert cited_by(empty_lib, key) == dict.fromkeys(TRANSFORMER_CITED, "title")
    shown = paper_detail(empty_lib, "acl").cites
    assert [(x.id, x.how) for x in shown] == [(key, "title match")]


def test_the_detail_pane_says_how_each_link_was_made(empty_lib: Library, tmp_path: Path) -> None:
    from paperdesk.tui.widgets.detail import render_detail

    add_citers(empty_lib, tmp_path)
    key = add_transformer(empty_lib)
    detail = paper_detail(empty_lib, key)
    text = render_detail(None, detail).plain
    assert "cited by 6 (" in text
    assert f"{detail.cited_by[0].id} by title match" in text


def test_a_title_match_is_checked_by_first_author(empty_lib: Library, tmp_path: Path) -> None:
    """Same title and year, another first author: another paper."""
    add_citers(empty_lib, tmp_path)
    res = add_other(
        empty_lib,
        title=TRANSFORMER,
        year=2017,
        authors=["Jane Doe"],
        url="https://example.org/other",
        doi=None,
    )
    assert cited_by(empty_lib, str(res.id)) == {}


def test_title_norm_is_one_function_for_both_sides() -> None:
    assert title_norm("Attention Is All You Need.") == "attention is all you need"
    assert title_norm("“Attention is all you need,”") == "attention is all you need"
    assert title_norm("Łukasz's BERT: Pre-training") == "lukasz s bert pre training"
    assert title_norm("") is None


def test_relinking_stays_a_join_on_a_large_library(empty_lib: Library) -> None:
    """10,000 papers with 50 references each: the relink is a few indexed joins."""
    n_papers, n_refs = 10_000, 50
    with empty_lib.session() as s:
        s.execute(
            Paper.__table__.insert(),
            [
                {
                    "key": f"p{i}",
                    "title": f"Study number {i} of attention",
                    "year": 2000 + i % 20,
                    "authors": [f"Author{i} Surname{i}"],
                    "replication_state": "none",
                }
                for i in range(n_papers)
            ],
        )
        ids = list(s.scalars(select(Paper.id).order_by(Paper.id)))
        rows = []
        for k, pid in enumerate(ids):
            for j in range(n_refs):
                cited = (k * 7 + j * 13) % n_papers
                title = f"Study number {cited} of attention" if j % 5 == 0 else f"Other {k} {j}"
                rows.append(
                    {
                        "paper_id": pid,
                        "position": j + 1,
                        "text": title,
                        "title": title,
                        "title_norm": title_norm(title),
                        "year": 2000 + cited % 20 if j % 5 == 0 else None,
                        "authors": [f"A. Surname{cited}"] if j % 5 == 0 else [],
                    }
                )
        s.execute(Reference.__table__.insert(), rows)
    with empty_lib.session() as s:
        started = time.perf_counter()
        added = relink_citations(s)
        took = time.perf_counter() - started
        methods = set(s.scalars(select(Cite.method).distinct()))
    pairs = {(k, (k * 7 + j * 13) % n_papers) for k in range(n_papers) for j in range(0, n_refs, 5)}
    assert added == len({(a, b) for a, b in pairs if a != b})
    assert methods == {"title"}
    assert took < 30, f"relink of 10,000 papers x 50 references took {took:.1f} s"


def test_links_made_before_methods_were_recorded_get_one(empty_lib: Library) -> None:
    """An old library's (or a restored backup's) links say how they were made after a relink."""
    with empty_lib.session() as s:
        cited = Paper(key="vaswani2017attention", arxiv_id="1706.03762", title=TRANSFORMER)
        citing = Paper(key="citer", title="A citing paper", doi=None)
        s.add_all([cited, citing])
        s.flush()
        s.add(Reference(paper_id=citing.id, position=1, text="…", arxiv_id="1706.03762"))
        s.add(Cite(citing_id=citing.id, cited_id=cited.id, method=None))
    with empty_lib.session() as s:
        assert relink_citations(s) == 0
    assert cited_by(empty_lib, "vaswani2017attention") == {"citer": "arxiv"}


def _links(lib: Library) -> set[tuple[str, str, str | None]]:
    with lib.session() as s:
        key = dict(s.execute(select(Paper.id, Paper.key)).all())
        return {(key[c.citing_id], key[c.cited_id], c.method) for c in s.scalars(select(Cite))}


def _cites(pid: int, *refs: dict[str, Any]) -> list[dict[str, Any]]:
    """``paper_references`` rows of ``pid`` with only the given fields set."""
    empty = {"title": None, "authors": [], "year": None, "doi": None, "arxiv_id": None}
    rows = [empty | r for r in refs]
    return [
        r | {"paper_id": pid, "position": i, "text": str(r), "title_norm": title_norm(r["title"])}
        for i, r in enumerate(rows, start=1)
    ]


def test_incremental_relink_gives_the_links_of_a_full_relink(any_lib: Library) -> None:
    """Papers and references arrive in three rounds (a citer before its cited paper, a cited
    paper before its citer, a DOI learnt later); each round relinks only what changed. A full
    relink from nothing then finds exactly the same links, made the same way."""

    def paper(s: Any, key: str, title: str, **kw: Any) -> int:
        p = Paper(key=key, title=title, year=2020, authors=["Ada Lovelace"], **kw)
        s.add(p)
        s.flush()
        return p.id

    ada = {"authors": ["A. Lovelace"], "year": 2020}
    with any_lib.session() as s:
        relink_citations(s, full=True)  # the mark: what the seeded library has is linked
        old = paper(s, "old", "Old citing paper about engines")
        early = paper(s, "early", "Analytical engines and their programs")
        s.execute(
            Reference.__table__.insert(),
            _cites(
                old,
                {"title": "Analytical engines and their programs", **ada},
                {"title": "Notes on the difference engine", **ada},  # not yet in the library
                {"doi": "10.1000/later"},  # a DOI no paper has yet
                {"arxiv_id": "2101.00001"},
            ),
        )
        assert relink_citations(s) == 1
    with any_lib.session() as s:
        paper(s, "notes", "Notes on the Difference Engine")  # cited before it came
        arx = paper(s, "arx", "A preprint", arxiv_id="2101.00001")
        new = paper(s, "new", "New citing paper")
        s.execute(
            Reference.__table__.insert(),
            _cites(
                new, {"title": "Old citing paper about engines", **ada}, {"arxiv_id": "2101.00001"}
            ),
        )
        assert arx
        assert relink_citations(s) == 4  # old→notes, old→arx, new→old, new→arx
    with any_lib.session() as s:
        s.get(Paper, early).doi = "10.1000/later"  # the DOI learnt by a fetch
    with any_lib.session() as s:
        assert relink_citations(s) == 0  # old→early is there already, by title
        s.add(Paper(key="late", title="Late", doi="10.1000/LATER", authors=[], year=None))
        s.flush()
        s.get(Paper, early).doi = None
    with any_lib.session() as s:
        assert relink_citations(s) == 1  # old→late by DOI
        assert relink_citations(s) == 0
    incremental = _links(any_lib)
    with any_lib.session() as s:
        s.execute(delete(Cite))
        relink_citations(s, full=True)
    assert _links(any_lib) == incremental
    assert {(a, b, m) for a, b, m in incremental} >= {
        ("old", "early", "title"),
        ("old", "notes", "title"),
        ("old", "arx", "arxiv"),
        ("old", "late", "doi"),
        ("new", "old", "title"),
        ("new", "arx", "arxiv"),
    }


def test_a_reparse_drops_the_links_its_old_references_made(empty_lib: Library) -> None:
    """A paper re-parsed with a list that no longer cites the Transformer loses that link and
    gains the new one; the other paper's link to the Transformer stays."""
    from paperdesk.parse.store import save_result

    def result(*titles: str) -> dict[str, Any]:
        refs = [{"text": t, "title": t, "arxiv_id": None, "doi": None} for t in titles]
        return {"sections": [], "passages": [], "references": refs, "metadata": None}

    with empty_lib.session() as s:
        s.add_all(
            [
                Paper(key="vaswani2017attention", title=TRANSFORMER, year=2017, authors=AUTHORS),
                Paper(key="he2016deep", title="Deep Residual Learning for Image Recognition"),
                citer := Paper(key="citer", title="A citing paper"),
                other := Paper(key="other", title="Another citing paper"),
            ]
        )
        s.flush()
        save_result(s, citer, result(TRANSFORMER), "a" * 64)
        save_result(s, other, result(TRANSFORMER), "b" * 64)
        relink_citations(s)
    assert cited_by(empty_lib, "vaswani2017attention") == {"citer": "title", "other": "title"}
    with empty_lib.session() as s:
        citer = s.scalars(select(Paper).where(Paper.key == "citer")).one()
        save_result(s, citer, result("Deep residual learning for image recognition"), "c" * 64)
        relink_citations(s)
    assert cited_by(empty_lib, "vaswani2017attention") == {"other": "title"}
    assert cited_by(empty_lib, "he2016deep") == {"citer": "title"}
