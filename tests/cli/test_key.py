"""``paperdesk key ID NEWKEY``: set a key by hand, refused when taken or invalid."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import run_cli


def test_set_a_key_then_every_name_resolves(home: Path) -> None:
    out = run_cli("key", "arXiv:1706.03762v7", "transformer2017")
    assert out.returncode == 0, out.stderr
    assert out.stdout == "vaswani2017attention → transformer2017 (the old key still names it)\n"
    for ref in ("transformer2017", "vaswani2017attention", "1706.03762"):
        show = json.loads(run_cli("show", ref, "--json").stdout)
        assert show["id"] == "transformer2017", ref
    bib = run_cli("export", "bibtex", "-").stdout
    assert "{transformer2017," in bib and "vaswani2017attention" not in bib
    again = run_cli("key", "transformer2017", "transformer2017")
    assert again.returncode == 0 and "already transformer2017" in again.stdout


def test_a_taken_or_invalid_key_is_refused(home: Path) -> None:
    taken = run_cli("key", "1810.04805", "vaswani2017attention")
    assert taken.returncode == 1 and taken.stdout == ""
    assert taken.stderr == (
        "error: key 'vaswani2017attention' is taken: it is the key of vaswani2017attention "
        "(Attention Is All You Need); the key of devlin2018bert is unchanged\n"
    )
    bad = run_cli("key", "1810.04805", "bert 2018")
    assert bad.returncode == 1 and bad.stderr.count("\n") == 1
    assert "must start with a letter" in bad.stderr and "Traceback" not in bad.stderr
    unknown = run_cli("key", "nobody2020x", "somebody")
    assert unknown.returncode == 1 and "no paper 'nobody2020x'" in unknown.stderr
    show = json.loads(run_cli("show", "1810.04805", "--json").stdout)
    assert show["id"] == "devlin2018bert"
