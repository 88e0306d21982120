"""Real server processes for the tests that need more than one: gunicorn apps and Redis.

Ports come from ``TEST_PORT_RANGE`` (e.g. ``5200-5299`` on a shared machine), otherwise
any free port. Redis is ``TEST_REDIS_URL`` when set (tests then touch only their own keys
in that database), otherwise a private ``redis-server`` started for the test.
"""

import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from http.cookiejar import CookieJar
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    """A port nobody listens on, from ``TEST_PORT_RANGE`` if given."""
    wanted = os.environ.get("TEST_PORT_RANGE", "")
    low, _, high = wanted.partition("-")
    candidates = range(int(low), int(high) + 1) if wanted else [0]
    for port in candidates:
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
            return probe.getsockname()[1]
    raise RuntimeError(f"kein freier Port in {wanted}")


def _wait_until_up(url: str, process: subprocess.Popen, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{url}: der Prozess ist beendet ({process.returncode})")
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"{url} antwortet nicht")


def _stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@contextmanager
def redis_url(tmp_path: Path):
    """A Redis URL for the test: ``TEST_REDIS_URL`` or a private server on a free port."""
    configured = os.environ.get("TEST_REDIS_URL")
    if configured:
        yield configured
        return
    server = shutil.which("redis-server")
    if server is None:
        raise RuntimeError("redis-server fehlt: make test-tools installiert es")
    port = free_port()
    process = subprocess.Popen(
        [server, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
         "--dir", str(tmp_path)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 20
        while True:
            with socket.socket() as probe:
                if probe.connect_ex(("127.0.0.1", port)) == 0:
                    break
            if time.monotonic() > deadline:
                raise RuntimeError("redis-server startet nicht")
            time.sleep(0.1)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        _stop(process)


@contextmanager
def app_processes(count: int, env: dict[str, str]):
    """``count`` gunicorn processes of the app (one worker each); yields their base URLs."""
    processes, urls = [], []
    try:
        for _ in range(count):
            port = free_port()
            url = f"http://127.0.0.1:{port}"
            process = subprocess.Popen(
                [sys.executable, "-m", "gunicorn", "--workers", "1", "--bind",
                 f"127.0.0.1:{port}", "app:app"],
                cwd=ROOT, env={**os.environ, "LMS_BASE_URL": url, **env},
                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            processes.append(process)
            _wait_until_up(f"{url}/healthz", process)
            urls.append(url)
        yield urls
    finally:
        for process in processes:
            _stop(process)


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Browser:
    """A cookie-keeping HTTP client that does not follow redirects and reads CSRF tokens."""

    def __init__(self):
        self._opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(CookieJar()), _NoRedirects())

    def request(self, url: str, data: dict | None = None, headers: dict | None = None):
        """(status, headers, body text) of a GET, or of a form POST when ``data`` is given."""
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        request = urllib.request.Request(url, data=body, headers=headers or {})
        try:
            with self._opener.open(request, timeout=30) as response:
                return response.status, response.headers, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.headers, error.read().decode()

    def csrf_token(self, url: str) -> str:
        """The CSRF token of the form on the page at ``url``."""
        _status, _headers, page = self.request(url)
        return re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page)[1]
