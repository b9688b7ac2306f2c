"""`touyan serve` on a free port, as `make demo` and production run it: the health answer, a
page, a static file with its long cache, and an access log without query strings."""

import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _get(url: str, **headers) -> tuple[int, dict, bytes]:
    request = urllib.request.Request(url, headers=headers)
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.status, dict(response.headers), response.read()


def test_the_production_server_serves_health_pages_and_static_files(tmp_path):
    env = {
        **os.environ,
        "DEBUG": "0",
        "SECURE_SSL_REDIRECT": "0",
        "SESSION_COOKIE_SECURE": "0",
        "CSRF_COOKIE_SECURE": "0",
        "TOUYAN_DATA_DIR": str(tmp_path),
    }
    for name in ("DATABASE_URL", "STATIC_ROOT", "CACHE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"):
        env.pop(name, None)
    touyan = [sys.executable, "-m", "touyan"]
    collected = subprocess.run(
        [*touyan, "collectstatic", "--noinput", "--verbosity", "0"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert collected.returncode == 0, collected.stderr

    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    log = tmp_path / "access.log"
    with log.open("w") as out:
        server = subprocess.Popen(
            [*touyan, "serve", "--bind", f"127.0.0.1:{port}", "--workers", "1"],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.PIPE,
            text=True,
        )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                status, headers, body = _get(f"{base}/livez")
                break
            except OSError:
                assert server.poll() is None, server.stderr.read()
                assert time.monotonic() < deadline, "the server did not answer within 60 s"
                time.sleep(0.3)
        assert (status, body) == (200, b'{"status": "ok"}')
        assert headers["Server"] == "gunicorn"

        status, _headers, body = _get(
            f"{base}/accounts/login/?next=/registry/%3Fq%3D110101199003077777"
        )
        assert status == 200
        page = body.decode()
        stylesheet = re.search(r'href="(/static/touyan/touyan\.[0-9a-f]{12}\.css)"', page)
        assert stylesheet, "the page links the stylesheet by its hashed name"

        status, headers, body = _get(base + stylesheet.group(1), **{"Accept-Encoding": "gzip"})
        assert status == 200
        assert headers["Content-Encoding"] == "gzip"
        assert "immutable" in headers["Cache-Control"]
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=60)
        server.stderr.close()

    assert server.returncode == 0
    access = log.read_text()
    assert '"GET /livez HTTP/1.1" 200' in access
    assert '"GET /accounts/login/ HTTP/1.1" 200' in access
    assert "110101199003077777" not in access and "next=" not in access
