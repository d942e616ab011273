"""The reading view on a real parsed PDF (made with PyMuPDF, parsed by the real parser): jump by
section and through the outline, quote a passage into the note with its page, search within
the paper, start at a search hit's passage, captions and references, a paper not parsed yet,
opening the PDF without a viewer, and snapshots at 80x24 and 120x40."""

from __future__ import annotations

import asyncio
import itertools
import os
import stat
from pathlib import Path
from typing import Any

import pytest
from textual import events
from textual.app import App
from textual.reactive import reactive

import paperdesk.tui
from paperdesk.library import Library
from paperdesk.services import notes, reading
from paperdesk.storage import repository as repo
from paperdesk.storage.models import Passage
from paperdesk.tui.jobs import Change
from paperdesk.tui.screens.reader import ReaderScreen
from paperdesk.tui.widgets.outline import Outline
from paperdesk.tui.widgets.passages import (
    CURRENT_MATCH_STYLE,
    MATCH_STYLE,
    PassageBlock,
    PassageView,
)
from tests.parse.pdfs import Built, build_paper

KEY = "1706.03762"
APP_CSS = Path(paperdesk.tui.__file__).with_name("app.tcss")


class Host(App[None]):
    """The reading view alone, over a real library (the TUI pushes it with ``v``)."""

    CSS_PATH = str(APP_CSS)
    change: reactive[Change] = reactive(Change(), init=False)  # as PaperdeskApp's

    def __init__(self, library: Library, screen: ReaderScreen) -> None:
        super().__init__()
        self.library = library
        self.reader = screen
        self.notes: list[tuple[str, str]] = []

    def on_mount(self) -> None:
        self.push_screen(self.reader)

    def notify(self, message: str, *, severity: str = "information", **kw: Any) -> None:  # type: ignore[override]
        self.notes.append((severity, str(message)))
        super().notify(message, severity=severity, **kw)  # type: ignore[arg-type]


async def ready(pilot: Any) -> None:
    for _ in range(3):
        await pilot.pause()
        await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def burst(app: App[Any], keys: list[str]) -> None:
    """Keys as a fast typist delivers them: all queued before the first is handled."""
    names = {" ": "space", "/": "slash"}
    for key in keys:
        char = {"slash": "/", "space": " "}.get(key, key if len(key) == 1 else None)
        app.post_message(events.Key(names.get(key, key), char))


@pytest.fixture
def parsed(lib: Library, tmp_path: Path) -> Built:
    """Attention Is All You Need with a real PDF attached and parsed (the synthetic paper:
    numbered sections on three pages, sentences S000, S001, ... whose pages are known)."""
    from paperdesk.services.attach import attach_pdf

    built = build_paper(tmp_path / "synthetic.pdf", paragraphs=4, per_paragraph=8)
    attach_pdf(lib, built.path, ref=KEY, force=True)
    assert reading.paper_text(lib, KEY).problem is None
    return built


def _view(app: App[Any]) -> PassageView:
    return app.screen.query_one(PassageView)


def _passage(app: App[Any]) -> reading.ReadPassage:
    view = _view(app)
    assert view.paper is not None
    return view.paper.passages[view.cursor]


def _first_sentence(passage: reading.ReadPassage) -> int:
    return int(next(w for w in passage.text.split() if w.startswith("S"))[1:4])


def test_jump_by_section_and_quote_with_its_page(lib: Library, parsed: Built) -> None:
    asyncio.run(_jump_and_quote(lib, parsed))


async def _jump_and_quote(lib: Library, built: Built) -> None:
    app = Host(lib, ReaderScreen(KEY))
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        outline = app.screen.query_one(Outline)
        labels = [e.label for e in _view(app).paper.outline]  # type: ignore[union-attr]
        assert labels == [
            "Abstract",
            "1 Introduction",
            "2 Method",
            "2.1 Data Collection",
            "3 Results",
            "References",
        ]

        await pilot.press("right_square_bracket", "right_square_bracket")
        assert _passage(app).section == "2 Method"
        assert outline.highlighted == labels.index("2 Method")
        await pilot.press("right_square_bracket")
        assert _passage(app).section == "2.1 Data Collection"
        await pilot.press("left_square_bracket")
        assert _passage(app).section == "2 Method"

        # the outline: tab, down to "3 Results", enter jumps there and gives the text focus
        await pilot.press("tab")
        assert outline.has_focus
        while outline.highlighted != labels.index("3 Results"):
            await pilot.press("j")
        await pilot.press("enter")
        await pilot.pause()
        assert _view(app).has_focus
        passage = _passage(app)
        assert passage.section == "3 Results"
        assert passage.page_start == built.sentence_page[_first_sentence(passage)]

        # meanwhile another editor saved the note: the quote is added, nothing is lost
        notes.save_note(lib, KEY, "written elsewhere\n")
        await pilot.press("q")
        await ready(pilot)
        assert ("information", f"Quoted the passage ({passage.pages}) into the note of {KEY}.") in (
            app.notes
        )

    body = notes.get_note(lib, KEY).body
    assert body.startswith("written elsewhere\n")
    quote = body.split("\n\n", 1)[1].strip()
    assert quote == f"> {passage.text} ({passage.pages})"
    assert quote.endswith(f"(p. {passage.page_start})") or "pp." in quote


def test_find_highlights_and_moves(lib: Library, parsed: Built) -> None:
    asyncio.run(_find(lib))


async def _find(lib: Library) -> None:
    app = Host(lib, ReaderScreen(KEY))
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        screen = app.screen
        assert isinstance(screen, ReaderScreen)
        # typed fast right behind '/': every key goes into the box, none runs a binding
        # ('q' would quote, 'n' would jump)
        burst(app, ["slash", *"S020 quite"])
        await pilot.pause()
        assert screen.find_box.value == "S020 quite"
        assert not screen.matches
        await pilot.press("ctrl+u")  # clear the box
        await pilot.press(*"S020")
        await pilot.pause()
        assert len(screen.matches) == 1
        assert "S020" in _passage(app).text
        await pilot.press("enter")
        assert _view(app).has_focus and not screen.find_box.has_class("-shown")

        # a word of every sentence: many matches, n / N step through them and wrap
        await pilot.press("slash", *"synthetic paper", "enter")
        await pilot.pause()
        total = len(screen.matches)
        assert total > 20
        first = screen.match
        here = _passage(app)
        assert "synthetic paper" in here.text
        block = _view(app).blocks[_view(app).cursor]
        styles = {str(span.style) for span in block.shown.spans}
        assert CURRENT_MATCH_STYLE in styles  # the match the cursor is on
        assert MATCH_STYLE in styles or len(screen.matches) == total
        passages_seen = []
        for _ in range(total):
            await pilot.press("n")
            passages_seen.append(screen.matches[screen.match].passage)  # type: ignore[index]
        assert screen.match == first  # wrapped round
        # in reading order, going back to the start once
        assert sum(b < a for a, b in itertools.pairwise(passages_seen)) == 1
        await pilot.press("N")
        assert screen.match == (first - 1) % total  # type: ignore[operator]
        status = str(screen.query_one("#reader-status").render())
        assert f"'synthetic paper' {screen.match + 1} of {total}" in status  # type: ignore[operator]

        # escape clears the search first, then leaves
        await pilot.press("escape")
        assert screen.matches == [] and app.screen is screen
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is not screen
    assert notes.get_note(lib, KEY).body == ""  # no stray quote from the typed 'q'


def test_starts_at_a_search_hit(lib: Library, parsed: Built) -> None:
    text = reading.paper_text(lib, KEY)
    target = next(p for p in text.passages if p.section == "3 Results")
    asyncio.run(_starts_at(lib, target))


async def _starts_at(lib: Library, target: reading.ReadPassage) -> None:
    app = Host(lib, ReaderScreen(KEY, passage_id=target.id, page=target.page_start))
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        assert _passage(app).id == target.id
        status = str(app.screen.query_one("#reader-status").render())
        assert "3 Results" in status and target.pages in status


def test_a_search_hit_shows_its_words_a_third_of_the_way_down(lib: Library, parsed: Built) -> None:
    """At 80x24 the words a search matched late in a long passage are in view, in the upper
    half of the pane, highlighted, and n steps to the next occurrence."""
    text = reading.paper_text(lib, KEY)
    target = max(text.passages, key=lambda p: len(p.text))
    word = [w for w in target.text.split() if w.startswith("S")][-1].strip(".,")
    asyncio.run(_hit_words(lib, target, word))


async def _hit_words(lib: Library, target: reading.ReadPassage, word: str) -> None:
    from tests.tui.conftest import screen_text

    app = Host(lib, ReaderScreen(KEY, passage_id=target.id, query=f"the {word}"))
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        screen = app.screen
        assert isinstance(screen, ReaderScreen)
        assert _passage(app).id == target.id and screen.match is not None
        assert screen.matches[screen.match].passage == _view(app).cursor
        rows = screen_text(app).splitlines()  # type: ignore[arg-type]
        seen = [i for i, row in enumerate(rows) if word in row]
        assert seen and 1 <= seen[0] <= 12, (seen, rows)
        block = _view(app).blocks[_view(app).cursor]
        assert CURRENT_MATCH_STYLE in {str(span.style) for span in block.shown.spans}
        status = str(screen.query_one("#reader-status").render())
        assert f"'the {word}' {screen.match + 1} of {len(screen.matches)}" in status


def test_captions_and_references_are_styled_apart(lib: Library, parsed: Built) -> None:
    with lib.session() as s:
        pid = repo.find_paper(s, KEY).id
        last = max(p.position for p in s.query(Passage).filter_by(paper_id=pid))
        for n, (kind, text) in enumerate(
            [
                ("caption", "Figure 1: The synthetic layout."),
                ("refs", "Vaswani et al. 2017."),
                ("abstract", "Not shown."),
            ]
        ):
            s.add(
                Passage(
                    paper_id=pid,
                    kind=kind,
                    position=last + 1 + n,
                    section="3 Results",
                    page_start=3,
                    page_end=3,
                    text=text,
                    content_hash=f"h{n}",
                )
            )
    asyncio.run(_kinds(lib))


async def _kinds(lib: Library) -> None:
    app = Host(lib, ReaderScreen(KEY))
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        blocks = list(app.screen.query(PassageBlock))
        caption = next(b for b in blocks if "Figure 1" in str(b.render()))
        refs = next(b for b in blocks if "Vaswani et al. 2017." in str(b.render()))
        assert caption.has_class("-caption") and "p. 3 · caption" in str(caption.render())
        assert refs.has_class("-refs") and "references" in str(refs.render())
        assert not any("Not shown." in str(b.render()) for b in blocks)


def test_a_paper_not_parsed_says_what_to_run(lib: Library, tmp_path: Path) -> None:
    asyncio.run(_not_parsed(lib, tmp_path))


async def _not_parsed(lib: Library, tmp_path: Path) -> None:
    from paperdesk.services.attach import attach_pdf

    app = Host(lib, ReaderScreen("1810.04805"))
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        text = str(app.screen.query_one("#reader-status").render())
        key = reading.paper_text(lib, "1810.04805").key  # devlin2018bert or the arXiv id
        assert f"{key} has no PDF yet: run 'paperdesk fetch {key}'" in text
        assert f"'paperdesk parse {key}'" in text and "--pdf FILE --id 1810.04805" in text
        await pilot.press("q", "slash", "right_square_bracket")
        await pilot.pause()
        assert all(sev == "warning" for sev, _ in app.notes) and app.notes
        assert notes.get_note(lib, "1810.04805").body == ""

        # parsed meanwhile (as `paperdesk add --pdf` in another terminal): the text appears
        built = build_paper(tmp_path / "bert.pdf", paragraphs=2, per_paragraph=4)
        attach_pdf(lib, built.path, ref="1810.04805", force=True)
        app.change = Change(1, None)
        await ready(pilot)
        assert _view(app).paper is not None and _view(app).paper.problem is None
        assert "passage 1 of" in str(app.screen.query_one("#reader-status").render())


def _executable(folder: Path, name: str, output: str = "") -> None:
    """A stand-in for a desktop program this machine does not have."""
    exe = folder / name
    exe.write_text(f"#!/bin/sh\necho '{output}'\n")
    exe.chmod(exe.stat().st_mode | stat.S_IEXEC)


def test_open_pdf_says_what_it_looked_for(
    lib: Library, parsed: Built, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    monkeypatch.setenv("PATH", str(bin_dir))
    monkeypatch.setattr("sys.platform", "linux")
    asyncio.run(_open_pdf(lib, bin_dir))


async def _open_pdf(lib: Library, bin_dir: Path) -> None:
    app = Host(lib, ReaderScreen(KEY))
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await pilot.press("G", "o")  # the last passage, on a later page
        await ready(pilot)
        severity, text = app.notes[-1]
        assert severity == "error" and "no PDF viewer found" in text

        # a desktop opener with a PDF application, which cannot be told a page
        _executable(bin_dir, "xdg-open")
        _executable(bin_dir, "xdg-mime", "org.gnome.Evince.desktop")
        page = _passage(app).page_start
        assert page is not None and page > 1
        await pilot.press("o")
        await ready(pilot)
        severity, text = app.notes[-1]
        assert severity == "warning" and f"the passage is on page {page}" in text
        assert "zathura, evince, okular, mupdf, qpdfview, xpdf" in text
    assert os.environ["PATH"] == str(bin_dir)


# -- snapshots ----------------------------------------------------------------------------------


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
def test_snapshot(lib: Library, parsed: Built, snap_compare: Any, size: tuple[int, int]) -> None:
    async def run_before(pilot: Any) -> None:
        await ready(pilot)
        await pilot.press("right_square_bracket", "right_square_bracket")
        await pilot.press("slash", *"attention", "enter")
        await pilot.pause()

    app = Host(lib, ReaderScreen(KEY))
    assert snap_compare(app, terminal_size=size, run_before=run_before)
