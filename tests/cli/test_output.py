"""No terminal control character from a library's text reaches the terminal: not from an import
(BibTeX, a JSON backup: the door strips them), and not from text stored before the door checked
it (written here straight into the database), in any line the CLI prints. ``--json`` output is
exempt: JSON escapes them (``\\u001b``)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import text

from paperdesk.library import Library
from paperdesk.storage.models import Paper
from tests.conftest import run_cli

EVIL = "\x1b]0;pwn\x07"
#: escape sequences, BEL, a C1 CSI, and a bidi override
BAD = ("\x1b", "\x07", "\x9b", "\u202e")


def clean(*args: str, code: int = 0, input: str | None = None) -> str:
    """Run the CLI; nothing it prints (stdout and stderr) holds a control character."""
    done = run_cli(*args, input=input)
    out = done.stdout + done.stderr
    assert done.returncode == code, (args, out)
    assert "Traceback" not in out
    for bad in BAD:
        assert bad not in out, (args, bad, out)
    return done.stdout


def test_a_bibtex_import_prints_no_escape(home: Path, tmp_path: Path) -> None:
    bib = tmp_path / "evil.bib"
    bib.write_text(
        "@article{evil2020,\n"
        f" title={{Attention {EVIL}Hijacked}},\n"
        f" author={{Lory{EVIL}, Mal and Doe, Jane}},\n"
        " year={2020},\n"
        f" keywords={{tag{EVIL}one, plain}}\n"
        "}\n",
        encoding="utf-8",
    )
    clean("import", "bibtex", str(bib), "--list", f"evil{EVIL}list", code=1)  # a bad list name
    clean("import", "bibtex", str(bib))
    assert "Attention ]0;pwnHijacked" in clean("papers")
    assert "Lory" in clean("show", "evil2020")
    clean("lists")
    clean("tag", "evil2020", "more")
    clean("papers", "--tag", "plain")


def test_a_json_backup_prints_no_escape(home: Path, tmp_path: Path) -> None:
    bib = tmp_path / "a.bib"
    bib.write_text(
        "@article{evil2020,\n title={Plain Title},\n author={Doe, Jane},\n year={2020}\n}\n"
    )
    clean("import", "bibtex", str(bib))
    clean("tag", "evil2020", "plain")
    clean("note", "evil2020", "--append", "a first line")
    backup = tmp_path / "backup.json"
    clean("export", "json", str(backup))
    data = json.loads(backup.read_text())
    raw = json.dumps(data)
    # every string the backup holds about the paper gets an escape sequence
    for field in ("Plain Title", "Doe, Jane", "a first line"):
        raw = raw.replace(field, field + EVIL.replace("\x1b", "\\u001b").replace("\x07", "\\u0007"))
    poisoned = tmp_path / "poisoned.json"
    poisoned.write_text(raw)
    other = tmp_path / "other"
    env_home = {"PAPERDESK_HOME": str(other)}
    done = run_cli("import", "json", str(poisoned), env=env_home)
    out = done.stdout + done.stderr
    assert "Traceback" not in out and not any(b in out for b in BAD), out
    if done.returncode == 0:  # restored with the controls stripped at the door
        for args in (["papers"], ["show", "evil2020"], ["lists"], ["note", "evil2020", "--print"]):
            shown = run_cli(*args, env=env_home)
            assert shown.returncode == 0, shown.stderr
            assert not any(b in shown.stdout + shown.stderr for b in BAD), args


@pytest.fixture
def stored(lib: Library) -> Library:
    """A paper, tag, list, list entry and note holding control characters, stored as a
    library made before the checks at the door would hold them."""
    clean("tag", "1706.03762", "plain")
    clean("note", "1706.03762", "--append", "a note")
    with lib.session() as s:
        s.add(
            Paper(
                key="evil2020", title=f"Evil {EVIL}Title\x9b31m", authors=[f"Mal{EVIL} Lory"],
                year=2020, venue=f"Venue{EVIL}", abstract=f"An abstract {EVIL}with words.",
            )
        )  # fmt: skip
    with lib.db.engine.begin() as conn:
        evil = {"e": EVIL}
        conn.execute(text("UPDATE tags SET name = 'plain' || :e WHERE name = 'plain'"), evil)
        conn.execute(text("UPDATE notes SET body = 'note ' || :e || ' body'"), evil)
        conn.execute(
            text(
                "UPDATE reading_lists SET title = title || :e, description = :e || 'desc' "
                "WHERE name = 'nlp-foundations'"
            ),
            evil,
        )
        conn.execute(text("UPDATE list_entries SET why = 'why ' || :e"), evil)
    return lib


@pytest.mark.parametrize(
    "args",
    [
        ["papers"],
        ["papers", "--list", "nlp-foundations"],
        ["papers", "--tag", f"plain{EVIL}"],
        ["show", "evil2020"],
        ["show", "1706.03762"],
        ["lists"],
        ["tag", "evil2020", "more"],
        ["note", "1706.03762", "--print"],
        ["repro", "1706.03762"],
        ["stats"],
        ["search", "abstract words", "--mode", "keyword"],
        ["duplicates"],
        ["next"],
    ],
)
def test_stored_control_characters_never_reach_the_terminal(
    stored: Library, args: list[str]
) -> None:
    clean(*args)


def test_a_stored_list_name_and_its_plan_print_no_escape(lib: Library, tmp_path: Path) -> None:
    yaml = tmp_path / "mine.yaml"
    yaml.write_text(
        'name: mine\ntitle: Mine\nstages:\n  - stage: "1"\n    papers:\n'
        '      - id: "1706.03762"\n        why: because\n'
    )
    clean("lists", "import", str(yaml))
    clean("plan", "mine", "--pace", "2/week")
    with lib.db.engine.begin() as conn:
        conn.execute(
            text("UPDATE reading_lists SET name = 'mine' || :e WHERE name = 'mine'"), {"e": EVIL}
        )
    for args in (["plan"], ["lists"], ["papers", "--list", f"mine{EVIL}"], ["next"]):
        clean(*args)
    clean("lists", "move", f"mine{EVIL}", "1")
    clean("plan", f"mine{EVIL}", "--clear")


def test_errors_quoting_input_print_no_escape(stored: Library) -> None:
    clean("show", f"nope{EVIL}", code=1)
    clean("mark", "evil2020", f"bogus{EVIL}", code=1)
    clean("papers", "--list", f"no{EVIL}such", code=1)
    clean(f"cmd{EVIL}", code=2)


def test_search_json_escapes_what_it_holds(stored: Library) -> None:
    done = run_cli("search", "abstract words", "--mode", "keyword", "--json")
    assert done.returncode == 0, done.stderr
    assert "\x1b" not in done.stdout  # JSON writes it as \u001b, which a terminal shows as text


def test_rich_tables_and_styled_text_are_stripped(capsys: pytest.CaptureFixture[str]) -> None:
    from rich.table import Table
    from rich.text import Text

    from paperdesk.cli.output import console

    table = Table("key", "title")
    table.add_row("evil2020", f"Evil {EVIL}Title")
    line = Text("1. ")
    line.append(f"Evil {EVIL}Title", style="bold")
    out = console()
    out.print(table)
    out.print(line)
    printed = capsys.readouterr().out
    assert not any(b in printed for b in BAD)
    assert "Evil ]0;pwnTitle" in printed


STORED_EVIL = "\x1b[2J\x1b]0;pwned\x07Evil \u202etitle\x9b31m"


def test_tables_and_details_print_no_control_characters(lib: Library) -> None:
    with lib.session() as s:
        s.add(Paper(key="evil2020", title=STORED_EVIL, authors=["\x1b[31mMal Lory"], year=2020))
    for args in (["papers"], ["show", "evil2020"]):
        done = run_cli(*args)
        assert done.returncode == 0, done.stderr
        out = done.stdout + done.stderr
        assert "\x1b" not in out and "\x07" not in out and "\u202e" not in out, args
        assert "\x9b" not in out
    assert "Evil title" in run_cli("papers").stdout


def test_batch_statuses_share_one_style() -> None:
    from paperdesk.cli.output import styled_status

    assert styled_status("failed") == "[bold red]failed[/bold red]"
    assert styled_status("parsed") == "[green]parsed[/green]"
    assert styled_status("unchanged") == "[dim]unchanged[/dim]"
    assert styled_status("odd") == "odd"  # printed plain (an empty "[]...[/]" is bad markup)
