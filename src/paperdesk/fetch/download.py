"""PDF downloads that never leave a partial file under a real PDF's name.

The body is streamed into a hidden ``.NAME.pdf.<pid>.<random>.part`` file in the target folder
(named by :mod:`paperdesk.fsutil`) while it is checked (HTML instead of a PDF, ``%PDF`` magic,
size limit) and hashed; only a body that arrived whole (Content-Length met, ``%%EOF`` near the
end) is fsynced and renamed into place with ``os.replace``, which is atomic on one file system.
A run killed meanwhile leaves a ``.part`` file that no one mistakes for a PDF;
:func:`remove_stale_parts` deletes it on the next run.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

import requests

from paperdesk import fsutil
from paperdesk.errors import FetchError
from paperdesk.fetch.http import Http, Retry, host_of
from paperdesk.paths import human_size
from paperdesk.progress import Cancelled

CHUNK = 64 * 1024
PART_SUFFIX = ".part"
_HTML_TYPES = ("text/html", "application/xhtml+xml")


@dataclass(frozen=True)
class Downloaded:
    path: Path
    sha256: str
    size: int


def remove_stale_parts(folder: Path, *, max_age: float = 24 * 3600) -> list[Path]:
    """Delete temporary files left by a killed run: their process is gone, or they are old
    (:func:`paperdesk.fsutil.sweep`)."""
    return fsutil.sweep(folder, max_age=max_age, legacy=True)


def is_whole_pdf(path: Path) -> bool:
    """Cheap check of a file on disk: ``%PDF`` at the start and ``%%EOF`` near the end."""
    try:
        with path.open("rb") as fh:
            head = fh.read(5)
            fh.seek(0, os.SEEK_END)
            size = fh.tell()
            fh.seek(max(0, size - 1024))
            tail = fh.read()
    except OSError:
        return False
    return head.startswith(b"%PDF") and b"%%EOF" in tail


def open_part(target: Path) -> tuple[BinaryIO, Path]:
    """A new hidden temporary file beside ``target``, named after it and this process."""
    return fsutil.open_temp(target, suffix=PART_SUFFIX)  # type: ignore[return-value]


class _Sink:
    """Checks and hashes a PDF body while writing it to a temporary file."""

    def __init__(
        self,
        target: Path,
        url: str,
        max_bytes: int,
        on_bytes: Callable[[int], None],
        cancelled: Callable[[], bool],
    ) -> None:
        self.target = target
        self.url = url
        self.max_bytes = max_bytes
        self.on_bytes = on_bytes
        self.cancelled = cancelled

    def _check_headers(self, response: requests.Response) -> int | None:
        ctype = response.headers.get("Content-Type", "").split(";")[0].strip().lower()
        if ctype in _HTML_TYPES:
            raise FetchError(
                f"got an HTML page instead of a PDF from {self.url} (Content-Type {ctype})"
            )
        length = response.headers.get("Content-Length")
        expected = int(length) if length and length.isdigit() else None
        if expected is not None and expected > self.max_bytes:
            raise FetchError(
                f"file is {human_size(expected)}, over the "
                f"{human_size(self.max_bytes)} limit (PAPERDESK_PDF_MAX_MB)"
            )
        return expected

    def __call__(self, response: requests.Response) -> Downloaded:
        expected = self._check_headers(response)
        fh, tmp = open_part(self.target)
        try:
            with fh:
                digest, size = self._stream(response, fh, expected)
                fh.flush()
                os.fsync(fh.fileno())
            return Downloaded(tmp, digest, size)
        except BaseException:
            with contextlib.suppress(OSError):
                tmp.unlink()
            raise

    def _stream(
        self, response: requests.Response, fh: BinaryIO, expected: int | None
    ) -> tuple[str, int]:
        digest = hashlib.sha256()
        size = 0
        head = b""
        tail = b""
        try:
            for chunk in response.iter_content(CHUNK):
                if not chunk:
                    continue
                if len(head) < 5:
                    head = (head + chunk)[:1024]
                    self._check_magic(head, final=False)
                size += len(chunk)
                if size > self.max_bytes:
                    raise FetchError(
                        f"file is over the {human_size(self.max_bytes)} limit "
                        f"(PAPERDESK_PDF_MAX_MB); download stopped"
                    )
                try:
                    fh.write(chunk)
                except OSError as exc:
                    raise _disk_error(exc, self.target) from None
                digest.update(chunk)
                tail = (tail + chunk)[-1024:]
                self.on_bytes(len(chunk))
                if self.cancelled():
                    raise Cancelled()
        except requests.exceptions.ChunkedEncodingError:
            raise Retry(_cut_message(size, expected)) from None
        except requests.exceptions.ConnectionError as exc:
            if "timed out" in str(exc).lower():
                raise Retry(
                    f"{host_of(self.url)} stalled after {human_size(size)} "
                    f"(no data within the timeout)"
                ) from None
            raise Retry(_cut_message(size, expected)) from None
        self._check_magic(head, final=True)
        if expected is not None and size < expected:
            raise Retry(_cut_message(size, expected))
        if b"%%EOF" not in tail:
            raise Retry(
                f"incomplete file: no %%EOF marker at the end ({human_size(size)} "
                "received, the download was probably cut short)"
            )
        return digest.hexdigest(), size

    def _check_magic(self, head: bytes, *, final: bool) -> None:
        if len(head) < 5 and not final:
            return
        if head.startswith(b"%PDF"):
            return
        sniff = head.lstrip()[:15].lower()
        if sniff.startswith((b"<!doctype html", b"<html", b"<head", b"<?xml")):
            raise FetchError(f"got an HTML page instead of a PDF from {self.url}")
        if not head:
            raise FetchError(f"{self.url} sent an empty file instead of a PDF")
        raise FetchError(f"{self.url} did not send a PDF (it starts with {head[:8]!r})")


def _cut_message(size: int, expected: int | None) -> str:
    of = f" of {human_size(expected)}" if expected else ""
    return f"download cut short after {human_size(size)}{of}"


def _disk_error(exc: OSError, target: Path) -> FetchError:
    if fsutil.is_disk_full(exc, target.parent):
        return FetchError(f"disk full while writing {target.name} in {target.parent}")
    return FetchError(f"cannot write {target.name} in {target.parent}: {exc.strerror or exc}")


def download_part(
    http: Http,
    url: str,
    target: Path,
    *,
    max_bytes: int,
    on_bytes: Callable[[int], None] = lambda n: None,
    cancelled: Callable[[], bool] = lambda: False,
) -> Downloaded:
    """Download ``url`` into a whole, fsynced temporary file beside ``target`` that the caller
    moves into place (see :func:`paperdesk.services.pdfswap.swap_in`) or removes."""
    sink = _Sink(target, url, max_bytes, on_bytes, cancelled)
    try:
        return http.fetch(url, sink, stream=True, what=host_of(url))
    except OSError as exc:
        raise _disk_error(exc, target) from None


def download_pdf(
    http: Http,
    url: str,
    target: Path,
    *,
    max_bytes: int,
    on_bytes: Callable[[int], None] = lambda n: None,
    cancelled: Callable[[], bool] = lambda: False,
) -> Downloaded:
    """Download ``url`` to ``target`` (replaced atomically only when the new file is whole).

    Raises :class:`FetchError` with the cause; ``target`` is then exactly as it was before.
    """
    part = download_part(
        http, url, target, max_bytes=max_bytes, on_bytes=on_bytes, cancelled=cancelled
    )
    try:
        os.replace(part.path, target)
    except OSError as exc:
        with contextlib.suppress(OSError):
            part.path.unlink()
        raise _disk_error(exc, target) from None
    fsutil.fsync_dir(target.parent)
    return Downloaded(target, part.sha256, part.size)
