"""The member name (:mod:`paperdesk.membername`): checked, normalised, and where it comes from."""

from __future__ import annotations

import getpass
import unicodedata

import pytest

from paperdesk.config import Settings
from paperdesk.errors import ConfigError
from paperdesk.membername import NAME_MAX, check_name, configured_name, fallback_name


def test_check_name_strips_and_normalises_to_nfc() -> None:
    nfd = unicodedata.normalize("NFD", "  José  ")
    assert nfd != "José"
    assert check_name(nfd, "here") == "José"


@pytest.mark.parametrize("bad", ["", "   ", "a" * (NAME_MAX + 1), "a/b", "ana\x1b[31m", "x\ny"])
def test_check_name_refuses_bad_names_naming_where(bad: str) -> None:
    with pytest.raises(ConfigError, match=r"^here: a member name"):
        check_name(bad, "here")


def test_check_name_accepts_the_longest_name() -> None:
    assert check_name("a" * NAME_MAX, "here") == "a" * NAME_MAX


def test_environment_wins_over_config(monkeypatch: pytest.MonkeyPatch, tmp_path) -> None:
    monkeypatch.setenv("PAPERDESK_USER", " ana ")
    assert configured_name(Settings(home=tmp_path, user="bob")) == ("ana", "PAPERDESK_USER")


def test_config_user_then_os(monkeypatch: pytest.MonkeyPatch, tmp_path) -> None:
    monkeypatch.delenv("PAPERDESK_USER", raising=False)
    assert configured_name(Settings(home=tmp_path, user="bob")) == ("bob", "config")
    assert configured_name(Settings(home=tmp_path, user="  ")) == (fallback_name(), "os")
    assert configured_name(None) == (fallback_name(), "os")


def test_a_bad_environment_name_is_an_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PAPERDESK_USER", "a/b")
    with pytest.raises(ConfigError, match="PAPERDESK_USER"):
        configured_name()


def test_a_bad_config_name_names_the_config_file(monkeypatch: pytest.MonkeyPatch, tmp_path) -> None:
    monkeypatch.delenv("PAPERDESK_USER", raising=False)
    cfg = tmp_path / "config.toml"
    with pytest.raises(ConfigError, match=f"{cfg}: user"):
        configured_name(Settings(home=tmp_path, user="x/y", config_file=cfg))


def test_fallback_is_the_os_user_or_me(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(getpass, "getuser", lambda: "carol")
    assert fallback_name() == "carol"
    monkeypatch.setattr(getpass, "getuser", lambda: "bad/name")
    assert fallback_name() == "me"

    def no_user() -> str:
        raise OSError("no user")

    monkeypatch.setattr(getpass, "getuser", no_user)
    assert fallback_name() == "me"
