"""``diagnose`` (services/doctor.py) in-process: a broken config is the only finding; folders
not made yet are fine, folders others can list and PDFs others can read are warnings; the
password's source on PostgreSQL; the model looked for on disk. Nothing is created."""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from paperdesk.config import Settings, load_settings
from paperdesk.errors import ConfigError
from paperdesk.library import Library
from paperdesk.services.checks import Check
from paperdesk.services.doctor import diagnose


@pytest.fixture
def private_umask() -> Iterator[None]:
    old = os.umask(0o077)
    yield
    os.umask(old)


def by_name(checks: list[Check]) -> dict[str, Check]:
    return {c.name: c for c in checks}


def test_a_broken_config_is_the_only_finding() -> None:
    def load() -> Settings:
        raise ConfigError("pace in config.toml: not a number")

    report = diagnose(load)
    assert [(c.name, c.status) for c in report.results] == [("settings", "fail")]
    assert "pace in config.toml" in report.results[0].finding
    assert report.failed == report.results


def test_a_fresh_home_is_ready_and_nothing_is_made(
    home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PAPERDESK_MODEL", "hash-64")
    report = diagnose(load_settings)
    checks = by_name(report.results)
    assert not report.failed, report.results
    assert "password" not in checks  # SQLite has none
    for name in ("home", "pdfs", "index"):
        assert checks[name].status == "ok" and "not made yet" in checks[name].finding
    assert checks["model"].status == "ok" and "hashing embedder" in checks["model"].finding
    assert "GB free at" in checks["disk"].finding
    assert not home.exists()


def test_folders_and_pdfs_others_can_read_warn(
    lib: Library, settings: Settings, private_umask: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PAPERDESK_MODEL", "hash")
    settings.pdf_dir.mkdir(parents=True, exist_ok=True)
    os.chmod(settings.home, 0o700)
    os.chmod(settings.pdf_dir, 0o700)
    pdf = settings.pdf_dir / "1706.03762v7.pdf"
    pdf.write_bytes(b"%PDF-1.4\n")
    os.chmod(pdf, 0o644)
    checks = by_name(diagnose(load_settings).results)
    assert checks["home"].status == "ok" and "writable, 0700" in checks["home"].finding
    assert checks["pdfs"].status == "warn"
    assert (
        "1 file(s)" in checks["pdfs"].finding
        and "1706.03762v7.pdf (0644)" in checks["pdfs"].finding
    )
    assert checks["pdfs"].fix == f"chmod 600 {settings.pdf_dir}/*.pdf"
    os.chmod(settings.home, 0o755)
    home = by_name(diagnose(load_settings).results)["home"]
    assert home.status == "warn" and "others on this machine can list it" in home.finding


def test_a_home_or_pdf_folder_that_is_a_file_fails(
    home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PAPERDESK_MODEL", "hash")
    home.parent.mkdir(parents=True, exist_ok=True)
    home.write_text("not a folder")
    report = diagnose(load_settings)  # the settings say so, and nothing else is checked
    assert [(c.name, c.status) for c in report.results] == [("settings", "fail")]
    assert "is a file, not a folder" in report.results[0].finding
    home.unlink()
    home.mkdir()
    pdfs = load_settings().pdf_dir
    pdfs.write_text("not a folder")
    check = by_name(diagnose(load_settings).results)["pdfs"]
    assert check.status == "fail" and f"{pdfs} is not a folder" in check.finding


def test_an_incomplete_model_folder_fails(
    home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "my-model"
    folder.mkdir()
    (folder / "config.json").write_text("{}")
    monkeypatch.setenv("PAPERDESK_MODEL", str(folder))
    check = by_name(diagnose(load_settings).results)["model"]
    assert check.status == "fail" and "holds no complete model" in check.finding
    (folder / "model.safetensors").write_bytes(b"\0")
    check = by_name(diagnose(load_settings).results)["model"]
    assert check.status == "ok" and "(model.safetensors)" in check.finding


def test_the_password_of_a_postgres_url(
    home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PAPERDESK_MODEL", "hash")
    url = "postgresql://ann:s3cret@127.0.0.1:1/papers"  # nothing listens on port 1
    passfile = tmp_path / "pgpass"
    env = {"PAPERDESK_DATABASE_URL": url, "PGPASSFILE": str(passfile)}
    settings = dataclasses.replace(load_settings(), database_url=url)
    report = diagnose(lambda: settings, env, timeout=2)
    checks = report.results
    password = [c for c in checks if c.name == "password"]
    assert password[0].status == "warn" and "PAPERDESK_DATABASE_URL" in password[0].finding
    assert all("s3cret" not in c.finding + c.fix for c in checks)
    assert by_name(checks)["database"].status == "fail"

    # a password file others can read: libpq ignores it
    passfile.write_text("127.0.0.1:1:papers:ann:s3cret\n")
    os.chmod(passfile, 0o644)
    plain = dataclasses.replace(settings, database_url="postgresql://ann@127.0.0.1:1/papers")
    env["PAPERDESK_DATABASE_URL"] = plain.database_url
    found = [c for c in diagnose(lambda: plain, env, timeout=2).results if c.name == "password"]
    assert found[0].status == "warn" and found[0].fix == f"chmod 600 {passfile}"
    os.chmod(passfile, 0o600)
    found = [c for c in diagnose(lambda: plain, env, timeout=2).results if c.name == "password"]
    assert found[0].status == "ok" and f"read from {passfile} (line 1)" in found[0].finding
    found = [
        c
        for c in diagnose(lambda: plain, {**env, "PGPASSWORD": "x"}, timeout=2).results
        if c.name == "password"
    ]
    assert found[0].finding == "not in the URL; read from PGPASSWORD"
