"""Parsing in child processes, with a time limit and a memory limit.

PDFs come from the internet: MuPDF can crash on them, loop for ever or eat all memory. Each
worker is a long-lived child (``python -m paperdesk.parse.worker``) that parses one file at a
time and answers with one JSON line. Its address space is capped with ``setrlimit(RLIMIT_AS)``;
the parent gives every file ``timeout`` seconds, then kills the child and starts a new one for
the next file. A crash or a kill costs one file, never the batch. Only the child imports PyMuPDF.

Test hook: ``PAPERDESK_PARSE_FAULT="hang:GLOB,crash:GLOB,oom:GLOB"`` makes the child hang, die
or allocate past the memory limit on files whose name matches GLOB.
"""

from __future__ import annotations

import contextlib
import json
import os
import selectors
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterable, Iterator, Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from queue import Queue
from typing import IO, Any, cast

from paperdesk.errors import ConfigError, ParseError
from paperdesk.parse.result import ParseResult, failure

STARTUP_TIMEOUT = 60.0
MAX_WORKERS = 4
FAULT_ENV = "PAPERDESK_PARSE_FAULT"


class Worker:
    """One child process; :meth:`parse` never raises for a bad PDF, it returns a failure."""

    def __init__(self, *, memory_mb: int) -> None:
        self.memory_mb = memory_mb
        self.proc: subprocess.Popen[bytes] | None = None
        self._stderr: IO[bytes] | None = None
        self._buf = b""

    def _start(self) -> None:
        src = str(Path(__file__).resolve().parents[2])
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(p for p in (src, env.get("PYTHONPATH")) if p)
        self._stderr = tempfile.TemporaryFile()  # noqa: SIM115 - lives as long as the child
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "paperdesk.parse.worker", str(self.memory_mb)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self._stderr,
            env=env,
            start_new_session=True,  # Ctrl-C reaches the parent, which kills the child
        )
        self._buf = b""
        hello = self._read_line(time.monotonic() + STARTUP_TIMEOUT)
        if hello is None or not hello.get("ready"):
            why = (hello or {}).get("reason") or self._stderr_tail() or "no answer"
            self.kill()
            if hello and hello.get("code") == "config":
                raise ConfigError(why)
            raise ParseError(f"the PDF parser process did not start: {why}")

    def parse(self, path: Path, timeout: float) -> ParseResult:
        if self.proc is None or self.proc.poll() is not None:
            self._start()
        assert self.proc is not None and self.proc.stdin is not None
        try:
            self.proc.stdin.write(
                json.dumps({"path": str(path), "timeout": timeout}).encode() + b"\n"
            )
            self.proc.stdin.flush()
        except OSError:
            return self._crashed()
        deadline = time.monotonic() + timeout
        answer = self._read_line(deadline)
        if answer is None:
            if time.monotonic() >= deadline and self.proc.poll() is None:
                self.kill()
                return failure("timeout", f"timed out after {timeout:g} s")
            return self._crashed()  # end of output before the deadline: the child died
        if answer.get("code") == "memory":
            self.kill()  # a child that ran out of memory is not trusted with the next file
        return cast(ParseResult, answer)  # the child's answer to a parse request

    def _read_line(self, deadline: float) -> Mapping[str, Any] | None:
        """The next JSON line from the child, or None on timeout or end of file."""
        assert self.proc is not None and self.proc.stdout is not None
        fd = self.proc.stdout.fileno()
        with selectors.DefaultSelector() as sel:
            sel.register(fd, selectors.EVENT_READ)
            while b"\n" not in self._buf:
                left = deadline - time.monotonic()
                if left <= 0 or not sel.select(left):
                    return None
                chunk = os.read(fd, 1 << 16)
                if not chunk:
                    return None
                self._buf += chunk
        line, self._buf = self._buf.split(b"\n", 1)
        try:
            return json.loads(line)
        except ValueError:
            return failure("crash", "parser process sent garbage")

    def _crashed(self) -> ParseResult:
        assert self.proc is not None
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.proc.wait(5)
        rc = self.proc.returncode
        tail = self._stderr_tail()
        self.kill()
        if rc is not None and rc < 0:
            with contextlib.suppress(ValueError):
                return failure("crash", f"parser crashed ({signal.Signals(-rc).name})")
        if "MemoryError" in tail:
            return failure("memory", f"out of memory (limit {self.memory_mb} MB)")
        return failure("crash", f"parser crashed (exit {rc}{': ' + tail if tail else ''})")

    def _stderr_tail(self) -> str:
        if self._stderr is None:
            return ""
        try:
            self._stderr.seek(0)
            lines = self._stderr.read()[-2000:].decode("utf-8", "replace").strip().splitlines()
        except (OSError, ValueError):
            return ""
        return lines[-1][:200] if lines else ""

    def interrupt(self) -> None:
        """Kill the child from another thread; the thread waiting on it sees a crash."""
        proc = self.proc
        if proc is not None and proc.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)

    def kill(self) -> None:
        if self.proc is not None:
            if self.proc.poll() is None:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(self.proc.pid, signal.SIGKILL)
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.proc.wait(5)
            for stream in (self.proc.stdin, self.proc.stdout):
                with contextlib.suppress(OSError):
                    if stream:
                        stream.close()
            self.proc = None
        if self._stderr is not None:
            self._stderr.close()
            self._stderr = None

    def close(self) -> None:
        """Let an idle child exit on end of input; kill it if it does not."""
        if self.proc is not None and self.proc.poll() is None and self.proc.stdin:
            with contextlib.suppress(OSError):
                self.proc.stdin.close()
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.proc.wait(2)
        self.kill()


class WorkerPool:
    """``workers`` children parsing files in parallel; results come back as they finish."""

    def __init__(self, *, timeout: float, memory_mb: int, workers: int = 1) -> None:
        self.timeout = timeout
        self.workers = [Worker(memory_mb=memory_mb) for _ in range(max(1, workers))]
        self._idle: Queue[Worker] = Queue()
        for w in self.workers:
            self._idle.put(w)
        self._executor = ThreadPoolExecutor(len(self.workers), thread_name_prefix="parse")
        self._futures: list[Future[ParseResult]] = []

    def _run(self, path: Path) -> ParseResult:
        worker = self._idle.get()
        try:
            return worker.parse(path, self.timeout)
        finally:
            self._idle.put(worker)

    def map(self, items: Iterable[tuple[Any, Path]]) -> Iterator[tuple[Any, ParseResult]]:
        """Yield ``(key, result)`` for every ``(key, path)``, in the order they finish."""
        from concurrent.futures import as_completed

        futures: dict[Future[ParseResult], Any] = {
            self._executor.submit(self._run, path): key for key, path in items
        }
        self._futures = list(futures)
        for fut in as_completed(futures):
            yield futures[fut], fut.result()

    def close(self) -> None:
        """Stop: queued files are dropped, children busy with a file are killed."""
        self._executor.shutdown(wait=False, cancel_futures=True)
        if any(not f.done() for f in self._futures):
            for w in self.workers:
                w.interrupt()
        self._executor.shutdown(wait=True)
        for w in self.workers:
            w.close()

    def __enter__(self) -> WorkerPool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def default_workers(n_files: int) -> int:
    return max(1, min(MAX_WORKERS, os.cpu_count() or 1, n_files))


# ---------------------------------------------------------------------------- the child side


def _vm_mb() -> int:
    try:
        with open("/proc/self/status") as fh:
            for line in fh:
                if line.startswith("VmSize:"):
                    return int(line.split()[1]) // 1024
    except OSError:
        pass
    return 0


def _fault(path: str) -> str | None:
    from fnmatch import fnmatch

    for item in filter(None, os.environ.get(FAULT_ENV, "").split(",")):
        kind, _, pattern = item.partition(":")
        if fnmatch(Path(path).name, pattern):
            return kind
    return None


def _handle(request: dict[str, Any], memory_mb: int) -> ParseResult:
    from paperdesk.parse.document import PdfProblem, parse_pdf

    path = request["path"]
    fault = _fault(path)
    if fault == "hang":
        while True:
            time.sleep(1)
    if fault == "crash":
        os.kill(os.getpid(), signal.SIGSEGV)
    try:
        if fault == "oom":  # bounded, so that a missing limit fails the test, not the machine
            hog = [bytearray(64 << 20) for _ in range(2 * memory_mb // 64 + 1)]
            del hog
        return parse_pdf(path)
    except PdfProblem as exc:
        return failure(exc.code, exc.reason)
    except MemoryError:
        return failure("memory", f"out of memory (limit {memory_mb} MB)")
    except Exception as exc:  # a MuPDF error we did not foresee: this file fails, not the batch
        msg = str(exc).splitlines()[0][:160] if str(exc) else type(exc).__name__
        if "memory" in msg.lower() or "malloc" in msg.lower():
            return failure("memory", f"out of memory (limit {memory_mb} MB)")
        return failure("error", f"parser error: {msg}")


def main(argv: list[str]) -> int:
    memory_mb = int(argv[1]) if len(argv) > 1 else 0
    out = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)  # stray prints from libraries must not corrupt the answers

    def send(obj: Mapping[str, Any]) -> None:
        out.write(json.dumps(obj, ensure_ascii=False).encode("utf-8", "replace") + b"\n")
        out.flush()

    # pymupdf imports its layout model (onnxruntime) and pymupdf4llm (numpy) when installed;
    # plain text extraction needs neither, and skipping them halves the start-up time
    for optional in ("pymupdf.layout", "pymupdf4llm"):
        sys.modules[optional] = None  # type: ignore[assignment]
    import pymupdf

    pymupdf.TOOLS.mupdf_display_errors(False)
    pymupdf.TOOLS.mupdf_display_warnings(False)
    # line boxes from the font's ascender/descender as they are, without PyMuPDF's per-span
    # corrections: a third less time in get_text("dict"), and positions are all we use
    pymupdf.TOOLS.unset_quad_corrections(True)
    import resource

    import paperdesk.parse.document  # noqa: F401  # import before the limit applies

    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))  # a crash leaves no core file to write
    if memory_mb > 0:
        base = _vm_mb()
        if memory_mb < base + 64:
            send(
                {
                    "ready": False,
                    "code": "config",
                    "reason": f"PAPERDESK_PARSE_MEMORY_MB={memory_mb} is too small: the parser "
                    f"needs at least {base + 64} MB",
                }
            )
            return 2
        _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        limit = memory_mb << 20
        if hard != resource.RLIM_INFINITY:
            limit = min(limit, hard)
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    send({"ready": True, "pid": os.getpid()})
    for raw in sys.stdin.buffer:
        request = json.loads(raw)
        # backstop for an orphaned child stuck in C code: SIGALRM's default action kills it
        signal.alarm(int(request.get("timeout", 0)) + 10 if request.get("timeout") else 0)
        answer = _handle(request, memory_mb)
        signal.alarm(0)
        send(answer)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
