"""One polite HTTP client for the whole fetch stage.

arXiv asks for one request every three seconds, and its API answers 503 with ``Retry-After``
when it is busy. ``requests`` alone has no default timeout, so a stalled server would hang a run
forever. :class:`Http` puts the rules in one place: a timeout on every request (connect and each
read), the politeness delay between the end of one request and the start of the next, and a
bounded number of retries with exponential backoff that honours ``Retry-After``.

Failures come out as :class:`paperdesk.errors.FetchError` with a message naming the host and
the cause; a host that cannot be reached at all is a :class:`paperdesk.errors.NetworkError`.
"""

from __future__ import annotations

import email.utils
import time
from collections.abc import Callable
from datetime import UTC, datetime
from typing import TypeVar
from urllib.parse import urlsplit

import requests
from urllib3.exceptions import (
    ConnectTimeoutError,
    MaxRetryError,
    NewConnectionError,
    ReadTimeoutError,
)

from paperdesk import __version__
from paperdesk.config import Settings
from paperdesk.errors import FetchError, NetworkError

T = TypeVar("T")

USER_AGENT = f"paperdesk/{__version__} (+https://github.com/paperdesk/paperdesk)"
RETRY_STATUS = frozenset({429, 500, 502, 503, 504})
MAX_BACKOFF = 60.0
MAX_RETRY_AFTER = 300.0


class Retry(Exception):
    """Raised by a response consumer for a transient problem (a cut body, a malformed feed):
    the request is tried again after the backoff, and the message is shown if all tries fail."""


class HttpStatusError(FetchError):
    """A final, non-retryable HTTP status (or a retryable one after the last try)."""

    def __init__(self, message: str, status: int, body: bytes = b"") -> None:
        super().__init__(message)
        self.status = status
        self.body = body


def host_of(url: str) -> str:
    return urlsplit(url).netloc or url


def _retry_after(value: str | None) -> float | None:
    """Seconds to wait from a ``Retry-After`` header: a number of seconds or an HTTP date."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - datetime.now(UTC)).total_seconds())


def _root_cause(exc: BaseException) -> BaseException | None:
    reason = exc.args[0] if exc.args else None
    if isinstance(reason, MaxRetryError):
        reason = reason.reason
    return reason if isinstance(reason, BaseException) else None


def _unreachable(exc: requests.exceptions.ConnectionError) -> bool:
    """True when no connection could be made (refused, DNS, connect timeout), as opposed to a
    connection that was made and then dropped."""
    if isinstance(exc, requests.exceptions.ConnectTimeout):
        return True
    return isinstance(_root_cause(exc), NewConnectionError | ConnectTimeoutError)


def _why_unreachable(exc: requests.exceptions.ConnectionError) -> str:
    text = str(_root_cause(exc) or exc)
    lowered = text.lower()
    if "refused" in lowered:
        return "connection refused"
    if "resolve" in lowered or "name or service" in lowered or "nodename" in lowered:
        return "host name not found"
    if isinstance(exc, requests.exceptions.ConnectTimeout) or "timed out" in lowered:
        return "connection timed out"
    if "unreachable" in lowered:
        return "network unreachable"
    return text.split(": ", 1)[-1][:120]


MAX_REDIRECTS = 10


class Http:
    """A requests session with timeouts, the politeness delay and bounded retries.

    ``connected`` turns true once any server answered; the fetch service uses it to tell "the
    network is down" (stop with one message) from "this one host or paper failed" (go on).
    """

    def __init__(
        self,
        *,
        delay: float = 3.0,
        timeout: float = 30.0,
        retries: int = 3,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.delay = max(0.0, delay)
        self.timeout = timeout
        self.retries = max(0, retries)
        self.session = requests.Session()
        self.session.headers["User-Agent"] = USER_AGENT
        self.session.max_redirects = MAX_REDIRECTS
        self.connected = False
        self.requests_made = 0
        self._sleep = sleep
        self._clock = clock
        self._last_end: float | None = None

    @classmethod
    def from_settings(cls, settings: Settings) -> Http:
        return cls(
            delay=settings.arxiv_delay,
            timeout=settings.arxiv_timeout,
            retries=settings.arxiv_retries,
        )

    def close(self) -> None:
        self.session.close()

    def __enter__(self) -> Http:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _throttle(self) -> None:
        if self._last_end is None or self.delay <= 0:
            return
        wait = self._last_end + self.delay - self._clock()
        if wait > 0:
            self._sleep(wait)

    def backoff(self, attempt: int) -> float:
        """Wait before try ``attempt + 1``: the politeness delay doubled each time."""
        return min(MAX_BACKOFF, self.delay * (2**attempt))

    def fetch(
        self,
        url: str,
        consume: Callable[[requests.Response], T],
        *,
        stream: bool = False,
        what: str | None = None,
    ) -> T:
        """GET ``url`` and return ``consume(response)`` for a 200 answer, retrying transient
        failures (timeouts, dropped connections, 429/5xx, :class:`Retry` from ``consume``).

        ``consume`` may raise :class:`FetchError` to stop at once (e.g. not a PDF).
        """
        what = what or host_of(url)
        tries = self.retries + 1
        last: FetchError | None = None
        for attempt in range(tries):
            if attempt:
                wait = self.backoff(attempt - 1)
                if isinstance(last, _Busy) and last.retry_after is not None:
                    wait = max(wait, last.retry_after)
                elif isinstance(last, NetworkError):
                    wait = min(wait, 1.0)  # nothing reached the server: no load to spare it
                if wait > 0:
                    self._sleep(wait)
            try:
                return self._once(url, consume, stream=stream, what=what)
            except (_Busy, _Transient) as exc:
                last = exc
            except NetworkError as exc:
                last = exc
        assert last is not None
        suffix = f" (after {tries} tries)" if tries > 1 else ""
        if isinstance(last, NetworkError):
            raise NetworkError(f"{last}{suffix}") from None
        if isinstance(last, _Busy):
            raise HttpStatusError(f"{last}{suffix}", last.status) from None
        raise FetchError(f"{last}{suffix}") from None

    def _once(
        self, url: str, consume: Callable[[requests.Response], T], *, stream: bool, what: str
    ) -> T:
        self._throttle()
        self.requests_made += 1
        response: requests.Response | None = None
        reached = True
        try:
            response = self.session.get(url, timeout=(self.timeout, self.timeout), stream=stream)
            self.connected = True
            status = response.status_code
            if status == 200:
                return consume(response)
            reason = f"{what} answered HTTP {status} {response.reason or ''}".rstrip()
            if status in RETRY_STATUS:
                after = _retry_after(response.headers.get("Retry-After"))
                if after is not None and after > MAX_RETRY_AFTER:
                    raise HttpStatusError(
                        f"{reason} and asks to retry after {after:.0f} s; try again later", status
                    )
                raise _Busy(reason, status, after)
            body = response.content[:65536] if not stream else b""
            raise HttpStatusError(reason, status, body)
        except Retry as exc:
            raise _Transient(str(exc)) from None
        except requests.exceptions.ConnectionError as exc:
            if _unreachable(exc):
                reached = False  # the politeness delay is for servers that saw a request
                why = _why_unreachable(exc)
                raise NetworkError(f"cannot reach {host_of(url)} ({why})") from None
            self.connected = True
            if isinstance(_root_cause(exc), ReadTimeoutError):
                raise _Transient(
                    f"{what} stopped answering (no data for {self.timeout:g} s)"
                ) from None
            raise _Transient(f"{what} dropped the connection") from None
        except requests.exceptions.Timeout:
            self.connected = True
            raise _Transient(f"no answer from {what} within {self.timeout:g} s") from None
        except requests.exceptions.TooManyRedirects:
            self.connected = True  # a loop does not end by asking again: not retried
            raise FetchError(
                f"{what} redirects in a loop (more than {MAX_REDIRECTS} redirects)"
            ) from None
        except requests.exceptions.RequestException as exc:
            self.connected = True
            raise _Transient(f"{what}: {type(exc).__name__}: {exc}"[:300]) from None
        finally:
            if response is not None:
                response.close()
            if reached:
                self._last_end = self._clock()


class _Transient(FetchError):
    pass


class _Busy(FetchError):
    def __init__(self, message: str, status: int, retry_after: float | None) -> None:
        super().__init__(message)
        self.status = status
        self.retry_after = retry_after
