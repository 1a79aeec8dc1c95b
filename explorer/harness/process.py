"""JVM child processes that cannot outlive us.

Three guards: the kernel kills the JVM when the process that started it dies (Linux
``PR_SET_PDEATHSIG``, which covers a crashed or SIGKILLed test run); an ``atexit`` hook stops
whatever is still running at interpreter exit; and :meth:`JvmProcess.stop` escalates from SIGTERM
to SIGKILL.

``PR_SET_PDEATHSIG`` fires when the *thread* that forked the child ends, so every JVM is forked
by one daemon thread that lives as long as the process: starting a broker from a short-lived
worker thread (``asyncio.to_thread``, an executor) must not kill it when that thread goes.
"""

from __future__ import annotations

import atexit
import ctypes
import os
import queue
import shutil
import signal
import subprocess
import sys
import threading
from collections.abc import Sequence
from pathlib import Path

_PR_SET_PDEATHSIG = 1
_live: set[JvmProcess] = set()
_live_lock = threading.Lock()
_SpawnJob = tuple["JvmProcess", "queue.Queue[BaseException | None]"]
_spawn_queue: queue.Queue[_SpawnJob] = queue.Queue()
_spawner: threading.Thread | None = None


def _die_with_parent() -> None:  # runs in the child between fork and exec
    try:
        libc = ctypes.CDLL("libc.so.6", use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    except OSError:
        pass


def java_executable() -> str:
    java_home = os.environ.get("JAVA_HOME")
    if java_home and (Path(java_home) / "bin" / "java").exists():
        return str(Path(java_home) / "bin" / "java")
    found = shutil.which("java")
    if found is None:
        raise RuntimeError("Java is not installed (need Java 17 or newer on PATH or JAVA_HOME).")
    return found


class JvmProcess:
    """One ``java`` process whose output goes to a log file."""

    def __init__(self, name: str, argv: Sequence[str], log_path: Path) -> None:
        self.name = name
        self.argv = [java_executable(), *argv]
        self.log_path = log_path
        self._popen: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        """Launch the JVM (from the spawner thread, whatever thread calls this)."""
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        done: queue.Queue[BaseException | None] = queue.Queue(maxsize=1)
        _spawn_queue.put((self, done))
        _ensure_spawner()
        failure = done.get()
        if failure is not None:
            raise failure
        with _live_lock:
            _live.add(self)

    def _spawn(self) -> None:
        with open(self.log_path, "ab") as log:
            preexec = _die_with_parent if sys.platform.startswith("linux") else None
            self._popen = subprocess.Popen(self.argv, stdout=log, stderr=subprocess.STDOUT,
                                           stdin=subprocess.DEVNULL, preexec_fn=preexec,
                                           start_new_session=True)

    @property
    def pid(self) -> int | None:
        return self._popen.pid if self._popen else None

    def running(self) -> bool:
        return self._popen is not None and self._popen.poll() is None

    def exit_code(self) -> int | None:
        return self._popen.poll() if self._popen else None

    def log_tail(self, lines: int = 40) -> str:
        try:
            text = self.log_path.read_text(errors="replace")
        except OSError:
            return "(no log)"
        return "\n".join(text.splitlines()[-lines:])

    def terminate(self) -> None:
        """Ask the JVM to shut down (SIGTERM) without waiting; :meth:`stop` waits."""
        if self._popen is not None and self._popen.poll() is None:
            self._popen.terminate()

    def stop(self, timeout: float = 10.0, *, kill: bool = False) -> None:
        """Stop the JVM: SIGTERM for a clean shutdown (or SIGKILL), SIGKILL after ``timeout``."""
        popen = self._popen
        if popen is None:
            return
        if popen.poll() is None:
            popen.send_signal(signal.SIGKILL if kill else signal.SIGTERM)
            try:
                popen.wait(timeout)
            except subprocess.TimeoutExpired:
                popen.kill()
                popen.wait(5)
        with _live_lock:
            _live.discard(self)


def _spawn_forever() -> None:
    while True:
        proc, done = _spawn_queue.get()
        try:
            proc._spawn()
        except BaseException as exc:  # handed back to the caller of start()
            done.put(exc)
        else:
            done.put(None)


def _ensure_spawner() -> None:
    global _spawner
    with _live_lock:
        if _spawner is None or not _spawner.is_alive():
            _spawner = threading.Thread(target=_spawn_forever, name="jvm-spawner", daemon=True)
            _spawner.start()


def run_tool(argv: Sequence[str], log_path: Path, timeout: float = 120.0) -> None:
    """Run a short-lived Java tool (format, config), raising with its output if it fails."""
    proc = JvmProcess(Path(log_path).stem, argv, log_path)
    proc.start()
    assert proc._popen is not None
    try:
        code = proc._popen.wait(timeout)
    except subprocess.TimeoutExpired:
        proc.stop(kill=True)
        raise RuntimeError(f"{' '.join(argv[-3:])} timed out:\n{proc.log_tail()}") from None
    finally:
        with _live_lock:
            _live.discard(proc)
    if code != 0:
        raise RuntimeError(f"Java tool failed (exit {code}):\n{proc.log_tail()}")


def stop_all() -> None:
    """Kill every JVM this process started that is still running."""
    with _live_lock:
        procs = list(_live)
    for proc in procs:
        proc.stop(timeout=5)


atexit.register(stop_all)
