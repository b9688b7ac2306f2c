"""Starting and stopping `touyan serve` and `touyan worker` processes for the scale-out test: each
its own process group, its output kept in a file, stopped by its own id."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TOUYAN = Path(sys.executable).with_name("touyan")


def has_command(name: str) -> bool:
    """Whether ``touyan help NAME`` knows the command."""
    done = subprocess.run(
        [str(TOUYAN), "help", name], capture_output=True, cwd=ROOT, timeout=120, check=False
    )
    return done.returncode == 0


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Process:
    name: str
    popen: subprocess.Popen
    log: Path

    def output(self) -> str:
        return self.log.read_text(errors="replace")[-4000:]

    def stop(self, timeout: float = 20) -> None:
        if self.popen.poll() is not None:
            return
        os.killpg(self.popen.pid, signal.SIGTERM)
        try:
            self.popen.wait(timeout)
        except subprocess.TimeoutExpired:
            os.killpg(self.popen.pid, signal.SIGKILL)
            self.popen.wait(timeout)


def start(name: str, args: list[str], *, env: dict, logs: Path) -> Process:
    log = logs / f"{name}.log"
    handle = log.open("wb")
    popen = subprocess.Popen(
        [str(TOUYAN), *args],
        cwd=ROOT,
        env=env,
        stdout=handle,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    handle.close()
    return Process(name, popen, log)


def wait_until_answering(process: Process, base_url: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.popen.poll() is not None:
            raise RuntimeError(f"{process.name} ended:\n{process.output()}")
        try:
            with urllib.request.urlopen(f"{base_url}/livez", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"{process.name} did not answer within {timeout}s:\n{process.output()}")


@contextmanager
def running(processes: list[Process]):
    try:
        yield processes
    finally:
        for process in processes:
            process.stop()


def environment(database_url: str, **extra: str) -> dict:
    """The environment of a process of the cluster: production settings without HTTPS."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("PYTEST_", "DJANGO_SETTINGS"))
    }
    env.update(
        DATABASE_URL=database_url,
        DEBUG="0",
        SECURE_SSL_REDIRECT="0",
        SESSION_COOKIE_SECURE="0",
        CSRF_COOKIE_SECURE="0",
        SECURE_HSTS_SECONDS="0",
        ALLOWED_HOSTS="127.0.0.1,localhost",
        PYTHONPATH=str(ROOT),
        **extra,
    )
    return env
