"""Dismissed suggestions and feed entries in the JSON backup: the round trip on SQLite and
PostgreSQL, a backup without them, merge and ``--as``, the empty-library rule and bad input."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from sqlalchemy import select, update

from paperdesk.errors import ExportError
from paperdesk.export.backup import dump, export_json, import_json, load_backup, to_json
from paperdesk.library import Library
from paperdesk.search.abstracts import content_hash
from paperdesk.services.feed import embed_text
from paperdesk.services.feedlist import dismiss_feed
from paperdesk.services.suggest import dismiss, suggest
from paperdesk.storage.models import FeedEntry, Paper, SuggestionDismissal
from tests.services.references_lib import add_references

MakeLib = Callable[..., Library]
ATTENTION = "vaswani2017attention"  # a paper of tests/export/sample.py
LAYER_NORM = (
    "Jimmy Lei Ba, Jamie Ryan Kiros, and Geoffrey E. Hinton. 2016. Layer normalization. "
    "arXiv preprint arXiv:1607.06450."
)
ADAM = (
    "Kingma, D. P. and Ba, J. (2014). Adam: A Method for Stochastic Optimization. "
    "arXiv preprint arXiv:1412.6980."
)
T1, T2, T3 = datetime(2024, 6, 1, 8), datetime(2024, 6, 2, 8), datetime(2024, 6, 3, 8)


def cite(lib: Library, key: str, texts: list[str]) -> None:
    """The paper's parsed reference list, as ``paperdesk parse`` stores it (a backup holds none:
    a restored library parses its PDFs again)."""
    with lib.session() as s:
        add_references(s, s.scalars(select(Paper).where(Paper.key == key)).one(), texts)


def feed(lib: Library, arxiv_id: str, title: str, abstract: str = "An abstract.") -> None:
    """A feed entry as ``paperdesk feed`` stores it."""
    with lib.session() as s:
        s.add(
            FeedEntry(
                arxiv_id=arxiv_id,
                version=2,
                title=title,
                authors=["A. Writer", "B. Ü. Writer"],
                abstract=abstract,
                categories=["cs.CL", "cs.LG"],
                primary_category="cs.CL",
                published=datetime(2024, 5, 30, 17),
                updated=datetime(2024, 5, 31, 17),
                pdf_url=f"https://arxiv.org/pdf/{arxiv_id}v2",
                content_hash=content_hash(embed_text(title, abstract, arxiv_id)),
                fetched_at=datetime(2024, 6, 1, 7),
            )
        )


def dismissed_at(lib: Library, when: datetime) -> None:
    """Give every dismissal of the library the time ``when`` (fixed times to compare)."""
    with lib.session() as s:
        s.execute(update(SuggestionDismissal).values(dismissed_at=when))
        s.execute(
            update(FeedEntry).where(FeedEntry.dismissed_at.is_not(None)).values(dismissed_at=when)
        )


def suggestions(lib: Library) -> dict[str, datetime]:
    with lib.session() as s:
        rows = s.execute(select(SuggestionDismissal.key, SuggestionDismissal.dismissed_at))
        return {key: at for key, at in rows}


def feed_rows(lib: Library) -> dict[str, tuple[str, datetime | None, str]]:
    with lib.session() as s:
        return {
            e.arxiv_id: (e.title, e.dismissed_at, e.content_hash)
            for e in s.scalars(select(FeedEntry))
        }


def with_dismissals(lib: Library) -> Library:
    """The sample library ``lib``, its Transformer paper citing Layer normalization and Adam;
    Layer normalization dismissed from the suggestions, one of two feed entries dismissed."""
    cite(lib, ATTENTION, [LAYER_NORM, ADAM])
    shown = {w.title: w.key for w in suggest(lib).suggestions}
    assert dismiss(lib, [shown["Layer normalization"]]) == 1
    feed(lib, "2406.00001", "A dismissed submission")
    feed(lib, "2406.00002", "A submission still to rank")
    assert dismiss_feed(lib, ["2406.00001"]) == 1
    dismissed_at(lib, T2)
    return lib


@pytest.fixture
def dismissing(full_lib: Library) -> Library:
    return with_dismissals(full_lib)


def test_the_backup_holds_the_dismissals(dismissing: Library) -> None:
    data = dump(dismissing)
    assert data["dismissed_suggestions"] == [
        {"key": "arxiv:1607.06450", "dismissed_at": "2024-06-02T08:00:00"}
    ]
    assert data["dismissed_feed"] == [
        {
            "arxiv_id": "2406.00001",
            "version": 2,
            "title": "A dismissed submission",
            "authors": ["A. Writer", "B. Ü. Writer"],
            "abstract": "An abstract.",
            "categories": ["cs.CL", "cs.LG"],
            "primary_category": "cs.CL",
            "published": "2024-05-30T17:00:00",
            "updated": "2024-05-31T17:00:00",
            "doi": None,
            "journal_ref": None,
            "comment": None,
            "pdf_url": "https://arxiv.org/pdf/2406.00001v2",
            "fetched_at": "2024-06-01T07:00:00",
            "dismissed_at": "2024-06-02T08:00:00",
        }
    ]  # the entry not dismissed is the feed's cache: fetched again, not backed up


def test_round_trip_on_every_database(any_lib: Library, make_lib: MakeLib, tmp_path: Path) -> None:
    """Restored into a fresh library (SQLite or PostgreSQL), a dismissed work is not suggested
    once the papers are parsed again, and the dismissed feed entry is there, dismissed, under
    the hash of its text (the key of its vector); its backup is the same bytes again."""
    from tests.export.sample import populate

    dismissing = make_lib("source")
    populate(dismissing)
    with_dismissals(dismissing)
    export_json(dismissing, tmp_path / "b.json")
    report = import_json(any_lib, tmp_path / "b.json")
    assert (report.dismissed_suggestions, report.dismissed_feed) == (1, 1)
    assert to_json(dump(any_lib)) == to_json(dump(dismissing))
    before = feed_rows(dismissing)
    assert feed_rows(any_lib) == {"2406.00001": before["2406.00001"]}

    cite(any_lib, ATTENTION, [LAYER_NORM, ADAM])  # what `paperdesk parse` gives back
    shown = suggest(any_lib)
    assert [w.title for w in shown.suggestions] == ["Adam: A Method for Stochastic Optimization"]
    assert shown.dismissed == 1

    export_json(any_lib, tmp_path / "again.json")
    back = make_lib("back")
    import_json(back, tmp_path / "again.json")
    assert to_json(dump(back)) == to_json(dump(dismissing))


def test_a_backup_without_them_restores(
    dismissing: Library, make_lib: MakeLib, tmp_path: Path
) -> None:
    """A backup written before the dismissals were carried (or by a paperdesk that leaves them
    out) restores with nothing dismissed."""
    data = dump(dismissing)
    del data["dismissed_suggestions"], data["dismissed_feed"]
    (tmp_path / "old.json").write_text(json.dumps(data), encoding="utf-8")
    fresh = make_lib("fresh")
    report = import_json(fresh, tmp_path / "old.json")
    assert report.added_papers == 5
    assert (report.dismissed_suggestions, report.dismissed_feed) == (0, 0)
    assert suggestions(fresh) == {} and feed_rows(fresh) == {}
    restored = dump(fresh)
    assert restored["dismissed_suggestions"] == [] and restored["dismissed_feed"] == []
    assert {k: v for k, v in restored.items() if not k.startswith("dismissed_")} == data


def test_merge_keeps_both_sides_and_the_earlier_time(
    dismissing: Library, make_lib: MakeLib, tmp_path: Path
) -> None:
    export_json(dismissing, tmp_path / "b.json")  # LN and feed 1 dismissed at T2
    other = make_lib("other")
    with other.session() as s:
        s.add_all(
            [
                SuggestionDismissal(key="arxiv:1607.06450", dismissed_at=T3),  # later here
                SuggestionDismissal(key="title:some other work", dismissed_at=T1),
            ]
        )
    feed(other, "2406.00001", "Its title as this library fetched it", "Another abstract.")
    feed(other, "2406.00003", "Dismissed only here")
    dismiss_feed(other, ["2406.00001", "2406.00003"])
    dismissed_at(other, T1)  # earlier here: every dismissal of this library at T1 ...
    with other.session() as s:  # ... but LN's, dismissed here after the backup's
        s.execute(
            update(SuggestionDismissal)
            .where(SuggestionDismissal.key == "arxiv:1607.06450")
            .values(dismissed_at=T3)
        )
    mine = feed_rows(other)

    import_json(other, tmp_path / "b.json", merge=True)
    assert suggestions(other) == {"arxiv:1607.06450": T2, "title:some other work": T1}
    assert feed_rows(other) == mine  # the library's text kept, its earlier time kept

    feed(other, "2406.00002", "Fetched here, dismissed in the backup only")  # not dismissed
    data = json.loads((tmp_path / "b.json").read_text(encoding="utf-8"))
    data["dismissed_feed"].append({**data["dismissed_feed"][0], "arxiv_id": "2406.00002v3"})
    data["dismissed_feed"].append({**data["dismissed_feed"][0], "arxiv_id": "2406.00004"})
    data["dismissed_feed"][-1]["dismissed_at"] = T3.isoformat()
    (tmp_path / "more.json").write_text(json.dumps(data), encoding="utf-8")
    import_json(other, tmp_path / "more.json", merge=True)
    rows = feed_rows(other)
    assert rows["2406.00002"][:2] == ("Fetched here, dismissed in the backup only", T2)
    assert rows["2406.00004"][1] == T3  # added whole, under the hash of its own text
    assert rows["2406.00004"][2] == content_hash(
        embed_text("A dismissed submission", "An abstract.", "2406.00004")
    )
    again = dump(other)
    import_json(other, tmp_path / "more.json", merge=True)
    assert dump(other) == again  # a second merge adds nothing


def test_as_a_member_brings_the_libraries_dismissals(
    dismissing: Library, make_lib: MakeLib, tmp_path: Path
) -> None:
    """Dismissals are the library's, not a member's: ``--as NAME`` merges them."""
    export_json(dismissing, tmp_path / "b.json")
    team = make_lib("team")
    report = import_json(team, tmp_path / "b.json", as_member="carol")
    assert report.dismissed_suggestions == 1
    assert suggestions(team) == {"arxiv:1607.06450": T2}
    assert set(feed_rows(team)) == {"2406.00001"}


def test_a_dismissal_makes_a_library_not_empty(
    dismissing: Library, make_lib: MakeLib, tmp_path: Path
) -> None:
    """An exact restore would drop the library's own dismissals: it needs --merge."""
    export_json(dismissing, tmp_path / "b.json")
    other = make_lib("other", seed=True)
    dismiss(other, ["title:a work i never want"])
    with pytest.raises(ExportError, match=r"not empty \(dismissed suggestions: 1\).*--merge"):
        import_json(other, tmp_path / "b.json")
    feed(other, "2406.00009", "Hidden")
    dismiss_feed(other, ["2406.00009"])
    with pytest.raises(ExportError, match=r"dismissed feed entries: 1"):
        import_json(other, tmp_path / "b.json")


def _bad(data: dict[str, Any], name: str, row: dict[str, Any]) -> dict[str, Any]:
    return {**data, name: [*data[name], row]}


@pytest.mark.parametrize(
    ("name", "row", "message"),
    [
        ("dismissed_suggestions", "arxiv:1", r"dismissed_suggestions: expected a list of objects"),
        (
            "dismissed_suggestions",
            {"key": "Layer normalization", "dismissed_at": "2024-06-01"},
            r'dismissed_suggestions\[1\]\.key: expected "arxiv:…", "doi:…" or "title:…"',
        ),
        (
            "dismissed_suggestions",
            {"key": "title:" + "x" * 400, "dismissed_at": "2024-06-01"},
            r"dismissed_suggestions\[1\]\.key: is 406 characters long \(at most 400\)",
        ),
        (
            "dismissed_suggestions",
            {"key": "title:a\ud800", "dismissed_at": "2024-06-01"},
            r"dismissed_suggestions\[1\]\.key: is not text: a lone surrogate",
        ),
        (
            "dismissed_suggestions",
            {"key": "doi:10.1/x"},
            r"dismissed_suggestions\[1\]\.dismissed_at: needs a date",
        ),
        (
            "dismissed_feed",
            {"arxiv_id": "not-an-id", "title": "t", "dismissed_at": "2024-06-01"},
            r"dismissed_feed\[1\]\.arxiv_id: .*not-an-id",
        ),
        (
            "dismissed_feed",
            {"arxiv_id": "2406.00005", "dismissed_at": "2024-06-01"},
            r'dismissed_feed\[1\] \(2406\.00005\): no "title"',
        ),
        (
            "dismissed_feed",
            {"arxiv_id": "2406.00005", "title": "t", "published": "May"},
            r"dismissed_feed\[1\]\.published: needs a date",
        ),
        (
            "dismissed_feed",
            {"arxiv_id": "2406.00005", "title": "t"},
            r"dismissed_feed\[1\]\.dismissed_at: needs a date",
        ),
        (
            "dismissed_feed",
            {"arxiv_id": "2406.00005", "title": "t\x00", "dismissed_at": "2024-06-01"},
            r"dismissed_feed\[1\] \(2406\.00005\)\.title: contains a NUL",
        ),
        (
            "dismissed_feed",
            {"arxiv_id": "2406.00005", "title": "t", "authors": "A", "dismissed_at": "2024-06-01"},
            r"dismissed_feed\[1\] \(2406\.00005\)\.authors: expected a list of text",
        ),
    ],
)
def test_a_bad_dismissal_stops_the_restore_before_anything_is_written(
    dismissing: Library, make_lib: MakeLib, tmp_path: Path, name: str, row: Any, message: str
) -> None:
    data = dump(dismissing)
    if isinstance(row, dict):
        data = _bad(data, name, row)
    else:
        data[name] = row
    (tmp_path / "bad.json").write_text(json.dumps(data), encoding="utf-8")
    fresh = make_lib("fresh", seed=True)
    before = to_json(dump(fresh))
    with pytest.raises(ExportError, match=message):
        import_json(fresh, tmp_path / "bad.json")
    assert to_json(dump(fresh)) == before  # the papers before it were not restored either


plausible = st.one_of(
    st.text(max_size=300),
    st.lists(st.text(max_size=60), max_size=4),
    st.integers(min_value=-(2**31), max_value=2**31 - 1),
    st.sampled_from(["2024-06-01T08:00:00", "2024-06-01T08:00:00+02:00", "2024-06-01"]),
    st.none(),
)
FEED_NAMES = [
    "arxiv_id",
    "version",
    "title",
    "authors",
    "abstract",
    "categories",
    "primary_category",
    "published",
    "doi",
    "comment",
    "fetched_at",
    "dismissed_at",
]


@settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    st.lists(st.tuples(st.sampled_from(FEED_NAMES), plausible), min_size=1, max_size=3),
    st.one_of(
        st.builds(str.__add__, st.sampled_from(["arxiv:", "doi:", "title:"]), st.text(max_size=80)),
        plausible,
    ),
)
def test_what_passes_the_checks_restores(
    tmp_path_factory: Any, changes: list[tuple[str, Any]], key: Any
) -> None:
    """A dismissal that passes the checks at the door restores and backs up again; one that
    does not is refused with the file's name, never a traceback."""
    from paperdesk.config import Settings
    from paperdesk.export.backup_format import FORMAT, VERSION

    entry: dict[str, Any] = {
        "arxiv_id": "2406.00001",
        "title": "A submission",
        "dismissed_at": "2024-06-02T08:00:00",
    }
    for name, value in changes:
        entry[name] = value
    data = {
        "format": FORMAT,
        "version": VERSION,
        "papers": [],
        "dismissed_suggestions": [{"key": key, "dismissed_at": "2024-06-02T08:00:00"}],
        "dismissed_feed": [entry],
    }
    home = tmp_path_factory.mktemp("restore")
    (home / "b.json").write_text(json.dumps(data), encoding="utf-8")
    lib = Library.open(Settings(home=home / "lib"), seed=False)
    try:
        try:
            load_backup((home / "b.json").read_text(encoding="utf-8"), "b.json")
        except ExportError as exc:
            assert str(exc).startswith("b.json: dismissed_")
            return
        event("restored")
        import_json(lib, home / "b.json")
        restored = dump(lib)
        assert [d["key"] for d in restored["dismissed_suggestions"]] == [key]
        assert len(restored["dismissed_feed"]) == 1
    finally:
        lib.close()
