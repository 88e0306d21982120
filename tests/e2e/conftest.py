"""Browser fixtures: the app served on a free local port, driven by Debian's Chromium."""

import shutil
import threading

import pytest
from werkzeug.serving import make_server

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-quic",
    "--no-first-run",
    "--disable-component-update",
    "--disable-sync",
]


def pytest_collection_modifyitems(items):
    for item in items:
        if "/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def _live_server(app):
    """Serve the session's app in a thread on a free port; returns the port."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server.server_port
    server.shutdown()


@pytest.fixture
def server_url(app, _live_server):
    """The live server's base URL; the app believes it lives there for this test only.

    Package files are served from ``localhost`` on the same port: a host of its own, as in
    production, so the session cookie of ``127.0.0.1`` never reaches package content.
    """
    url = f"http://127.0.0.1:{_live_server}"
    saved = {key: app.config[key] for key in ("SERVER_NAME", "BASE_URL", "CONTENT_BASE_URL")}
    app.config.update(SERVER_NAME=f"127.0.0.1:{_live_server}", BASE_URL=url,
                      CONTENT_BASE_URL=f"http://localhost:{_live_server}")
    yield url
    app.config.update(saved)


@pytest.fixture(scope="session")
def browser():
    """One headless Chromium for the session (Debian's package, not Playwright's download)."""
    from playwright.sync_api import sync_playwright

    executable = shutil.which("chromium") or shutil.which("chromium-browser")
    if executable is None:
        pytest.fail("chromium fehlt: `make test` installiert es (apt-get install chromium).")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, server_url, app):
    """A fresh browser tab with German locale; CSRF is on, as in production."""
    app.config["WTF_CSRF_ENABLED"] = True
    context = browser.new_context(
        locale="de-DE", base_url=server_url, viewport={"width": 1280, "height": 900}
    )
    page = context.new_page()
    yield page
    context.close()
    app.config["WTF_CSRF_ENABLED"] = False


@pytest.fixture
def assert_accessible():
    """Run axe-core on the page and fail with the violations listed (WCAG 2.1 A/AA)."""
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()

    def check(page):
        results = axe.run(
            page,
            options={
                "runOnly": {
                    "type": "tag",
                    "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"],
                }
            },
        )
        violations = results.response["violations"]
        details = [
            f"{v['id']}: {v['help']} ({[n['target'] for n in v['nodes']][:3]})" for v in violations
        ]
        assert not violations, f"axe auf {page.url}:\n" + "\n".join(details)

    return check
