from __future__ import annotations

import os
from pathlib import Path

import pytest

from paperdesk.config import DEFAULT_ARXIV_API_URL, load_settings
from paperdesk.errors import ConfigError
from tests.conftest import run_cli


def test_home_moves_everything(tmp_path: Path) -> None:
    s = load_settings({"PAPERDESK_HOME": str(tmp_path)})
    assert s.resolved_database_url == f"sqlite:///{tmp_path / 'library.sqlite'}"
    for folder in (s.pdf_dir, s.index_dir, s.cache_dir):
        assert folder.parent == tmp_path
    assert s.arxiv_api_url == DEFAULT_ARXIV_API_URL


def test_env_beats_file_beats_default(tmp_path: Path) -> None:
    (tmp_path / "config.toml").write_text('arxiv_delay = 1.5\nmodel = "my/model"\n')
    s = load_settings({"PAPERDESK_HOME": str(tmp_path), "PAPERDESK_ARXIV_DELAY": "0"})
    assert s.arxiv_delay == 0.0
    assert s.model == "my/model"
    assert s.arxiv_timeout == 30.0


def test_database_url_override(tmp_path: Path) -> None:
    url = "postgresql://u:p@localhost/pd"
    s = load_settings({"PAPERDESK_HOME": str(tmp_path), "PAPERDESK_DATABASE_URL": url})
    assert s.resolved_database_url == url and not s.is_sqlite


@pytest.mark.parametrize(
    ("env", "fragment"),
    [
        ({"PAPERDESK_ARXIV_DELAY": "soon"}, "^PAPERDESK_ARXIV_DELAY must be a number, got 'soon'$"),
        ({"PAPERDESK_ARXIV_DELAY": "-1"}, "must be >= 0"),
        ({"PAPERDESK_SEED_LISTS": "maybe"}, "PAPERDESK_SEED_LISTS must be true or false"),
    ],
)
def test_bad_values_are_named(tmp_path: Path, env: dict[str, str], fragment: str) -> None:
    with pytest.raises(ConfigError, match=fragment):
        load_settings({"PAPERDESK_HOME": str(tmp_path), **env})


def test_broken_config_file(tmp_path: Path) -> None:
    (tmp_path / "config.toml").write_text("arxiv_delay = = 3\n")
    with pytest.raises(ConfigError, match=r"config\.toml: not valid TOML"):
        load_settings({"PAPERDESK_HOME": str(tmp_path)})
    (tmp_path / "config.toml").write_text("arxiv_dealy = 3\n")
    with pytest.raises(ConfigError, match="unknown setting"):
        load_settings({"PAPERDESK_HOME": str(tmp_path)})


def test_threads_zero_means_all_cores_at_most_four(tmp_path: Path) -> None:

    s = load_settings({"PAPERDESK_HOME": str(tmp_path)})
    assert s.threads == 0 and s.embed_threads == max(1, min(4, os.cpu_count() or 1))
    assert s.threads_why.endswith("at most 4") and s.threads_why.startswith("all ")
    s = load_settings({"PAPERDESK_HOME": str(tmp_path), "PAPERDESK_THREADS": "3"})
    assert (s.embed_threads, s.threads_why) == (3, "")


@pytest.mark.parametrize("value", ["-2", "-1"])
def test_negative_threads_are_refused(tmp_path: Path, value: str) -> None:
    with pytest.raises(ConfigError, match=f"PAPERDESK_THREADS must be >= 0 .*got {value}"):
        load_settings({"PAPERDESK_HOME": str(tmp_path), "PAPERDESK_THREADS": value})


def test_a_home_that_is_a_file_is_named_as_not_a_folder(tmp_path: Path) -> None:
    afile = tmp_path / "qa-file"
    afile.write_text("")
    with pytest.raises(ConfigError, match=r"PAPERDESK_HOME .*qa-file is a file, not a folder"):
        load_settings({"PAPERDESK_HOME": str(afile)})
    with pytest.raises(ConfigError, match=r"qa-file/sub cannot be made: .*qa-file is a file"):
        load_settings({"PAPERDESK_HOME": str(afile / "sub")})
    cfg = tmp_path / "config.toml"
    cfg.write_text(f'home = "{afile}"\n')
    with pytest.raises(ConfigError, match=r"config.toml: home .*qa-file is a file, not a folder"):
        load_settings({"PAPERDESK_CONFIG": str(cfg)})
    assert load_settings({"PAPERDESK_HOME": str(tmp_path / "new" / "home")}).home.name == "home"


@pytest.mark.parametrize(
    ("var", "value", "fragment"),
    [
        ("PAPERDESK_ARXIV_API_URL", "notaurl", "must be an http(s) URL"),
        ("PAPERDESK_PDF_MAX_MB", "0", "PAPERDESK_PDF_MAX_MB must be > 0"),
        ("PAPERDESK_PARSE_TIMEOUT", "-5", "PAPERDESK_PARSE_TIMEOUT must be > 0"),
    ],
)
def test_nonsense_settings_are_named(home: Path, var: str, value: str, fragment: str) -> None:
    out = run_cli("papers", env={var: value})
    assert out.returncode == 1 and fragment in out.stderr and "Traceback" not in out.stderr


def test_umask_in_the_config_file_is_a_setting(tmp_path: Path) -> None:
    from paperdesk.config import startup_umask

    (tmp_path / "config.toml").write_text('umask = "022"\n')
    env = {"PAPERDESK_HOME": str(tmp_path)}
    s = load_settings(env)
    assert (s.umask, s.umask_bits) == ("022", 0o022)
    assert startup_umask(env) == 0o022
    assert startup_umask({**env, "PAPERDESK_UMASK": "027"}) == 0o027  # env beats file
    (tmp_path / "config.toml").unlink()
    assert startup_umask(env) == 0o077


@pytest.mark.parametrize(
    ("line", "fragment"),
    [
        ("umask = 22", r'config\.toml: umask must be octal text such as "077" \(quoted\), got 22'),
        ('umask = "99"', r"config\.toml: umask must be an octal mask such as 077, not '99'"),
    ],
)
def test_a_bad_umask_in_the_file_is_named_by_the_file(
    tmp_path: Path, line: str, fragment: str
) -> None:
    from paperdesk.config import startup_umask

    (tmp_path / "config.toml").write_text(line + "\n")
    env = {"PAPERDESK_HOME": str(tmp_path)}
    for read in (load_settings, startup_umask):
        with pytest.raises(ConfigError, match=fragment):
            read(env)


def test_a_broken_config_file_does_not_stop_the_umask_at_start_up(tmp_path: Path) -> None:
    from paperdesk.config import startup_umask

    (tmp_path / "config.toml").write_text("umask = = 3\n")
    assert startup_umask({"PAPERDESK_HOME": str(tmp_path)}) == 0o077  # the command says why


def test_values_from_the_file_are_named_by_the_file_not_the_variable(tmp_path: Path) -> None:
    cfg = tmp_path / "config.toml"
    cfg.write_text("arxiv_delay = -1\nparse_memory_mb = 10\n")
    with pytest.raises(ConfigError) as caught:
        load_settings({"PAPERDESK_HOME": str(tmp_path)})
    message = str(caught.value)
    assert f"{cfg}: arxiv_delay must be >= 0 (got -1.0)" in message
    assert f"{cfg}: parse_memory_mb must be at least 256 (got 10)" in message
    assert "PAPERDESK_" not in message
    with pytest.raises(ConfigError, match=r"^PAPERDESK_ARXIV_DELAY must be >= 0 \(got -2.0\)$"):
        env = {"PAPERDESK_ARXIV_DELAY": "-2", "PAPERDESK_PARSE_MEMORY_MB": "512"}
        load_settings({"PAPERDESK_HOME": str(tmp_path), **env})


def test_the_cli_applies_the_config_files_umask(tmp_path: Path) -> None:
    shared, private = tmp_path / "shared", tmp_path / "private"
    shared.mkdir()
    (shared / "config.toml").write_text('umask = "022"\nseed_lists = false\n')
    for home in (shared, private):
        done = run_cli("lists", env={"PAPERDESK_HOME": str(home), "PAPERDESK_SEED_LISTS": "0"})
        assert done.returncode == 0, done.stderr
    assert (shared / "library.sqlite").stat().st_mode & 0o777 == 0o644
    assert (private / "library.sqlite").stat().st_mode & 0o777 == 0o600
    (shared / "config.toml").write_text('umask = "8"\n')
    done = run_cli("lists", env={"PAPERDESK_HOME": str(shared)})
    assert done.returncode == 1
    assert done.stderr == (
        f"error: {shared / 'config.toml'}: umask must be an octal mask such as 077, not '8'\n"
    )
