"""A breadth-first crawler over the Flask test client: from ``/`` it follows every same-origin
link and submits every GET form (see ``submissions``), and records what is wrong on the way.

Each distinct path is visited once per role for each distinct set of query argument names.
Values the crawler chose in a form stay part of the key of the links that carry them on, so
"export with these filters" or "next page" links are followed for each filter combination.
Nothing here names a route or a filter of Lernraum: new pages and filters are found by links.
"""

import random
from collections import Counter, deque
from dataclasses import dataclass, field
from time import perf_counter
from urllib.parse import parse_qsl, unquote, urlencode, urljoin, urlsplit

from werkzeug.exceptions import HTTPException
from werkzeug.routing import RequestRedirect

from tests.crawler.pages import Form, Page, read_page
from tests.crawler.submissions import submissions

SERVER_ERROR, BROKEN_LINK, NO_LANG, H1, UNFINISHED = (
    "server error", "broken link", "no lang", "h1", "unfinished")
"""Kinds of finding."""

BROKEN = {403: "für diese Rolle verboten", 404: "nicht gefunden", 405: "nimmt GET nicht an"}
ACCEPT = {"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"}


@dataclass(frozen=True)
class Finding:
    """One thing wrong with one response: who, what, where it came from, which status."""

    kind: str
    role: str
    problem: str
    url: str
    found_on: str
    via: str
    status: int | str

    def __str__(self) -> str:
        return (f"[{self.role}] {self.status} {self.url} ({self.via}; gefunden auf "
                f"{self.found_on}): {self.problem}")


@dataclass(frozen=True)
class Visit:
    """One request the crawler made and how it went."""

    role: str
    url: str
    status: int
    seconds: float
    endpoint: str | None
    asset: bool
    via_form: bool


@dataclass(frozen=True)
class _Target:
    """A URL to request, where it was found, how, and the chosen values it carries on."""

    url: str
    found_on: str
    via: str
    context: frozenset = frozenset()
    asset: bool = False
    via_form: bool = False


@dataclass
class _RoleState:
    """What one crawl has queued, seen and learned so far."""

    queue: deque = field(default_factory=deque)
    keys: set = field(default_factory=set)
    urls: set = field(default_factory=set)
    forms: set = field(default_factory=set)
    ids: dict = field(default_factory=dict)
    anchors: list = field(default_factory=list)
    requests: int = 0


class Crawler:
    """Crawls the app as one role after another and collects findings and visits."""

    def __init__(self, app, *, origin: str, seed: int, max_pairs: int = 12,
                 max_requests: int = 5000):
        self.origin = origin
        self.seed = seed
        self.max_pairs = max_pairs
        self.max_requests = max_requests
        self.findings: list[Finding] = []
        self.visits: list[Visit] = []
        self.forms: Counter = Counter()
        self.current: tuple[str, str] | None = None
        """(role, URL) of the request under way, for observers such as a write log."""
        self._assets_seen: set[str] = set()
        self._adapter = app.url_map.bind(origin)

    def crawl(self, role: str, client, start: str = "/") -> None:
        """Visit everything reachable from ``start`` with ``client`` (logged in as ``role``)."""
        state = _RoleState()
        self._enqueue(state, _Target(start, "(Start)", "Start"))
        while state.queue:
            if state.requests >= self.max_requests:
                self.findings.append(Finding(
                    UNFINISHED, role, f"abgebrochen nach {self.max_requests} Anfragen",
                    state.queue[0].url, "-", "als Nächstes", "-"))
                return
            self._visit(role, client, state, state.queue.popleft())
        self._check_anchors(role, state)

    # -- queueing -------------------------------------------------------------------------

    def _local(self, href: str, base: str) -> str | None:
        """``href`` as path and query when it stays on this site, else None."""
        parts = urlsplit(urljoin(f"http://{self.origin}{base}", href.strip()))
        if parts.scheme not in ("http", "https") or parts.netloc != self.origin:
            return None
        return parts.path + (f"?{parts.query}" if parts.query else "")

    @staticmethod
    def _key(url: str, context: frozenset) -> tuple:
        parts = urlsplit(url)
        arguments = frozenset(parse_qsl(parts.query, keep_blank_values=True))
        return (parts.path, frozenset(name for name, _ in arguments), context & arguments)

    def _enqueue(self, state: _RoleState, target: _Target) -> None:
        if target.asset:
            if target.url not in self._assets_seen:
                self._assets_seen.add(target.url)
                state.queue.append(target)
            return
        key = self._key(target.url, target.context)
        if target.url in state.urls or (key in state.keys and not target.via_form):
            return
        state.urls.add(target.url)
        state.keys.add(key)
        state.queue.append(_Target(target.url, target.found_on, target.via, key[2],
                                   via_form=target.via_form))

    def _link(self, state: _RoleState, target: _Target, href: str) -> None:
        """Queue a link or redirect; remember its #fragment to look for once it is fetched."""
        fragment = unquote(urlsplit(href).fragment)
        if fragment and fragment != "top":
            state.anchors.append((target, fragment))
        self._enqueue(state, target)

    def _follow(self, state: _RoleState, page_url: str, context: frozenset, page: Page) -> None:
        for href in page.links:
            url = self._local(href, page_url)
            if url is not None:
                self._link(state, _Target(url, page_url, f"Link {href}", context), href)
        for src in page.assets:
            url = self._local(src, page_url)
            if url is not None:
                self._enqueue(state, _Target(url, page_url, f"Datei {src}", asset=True))
        for form in page.forms:
            if form.method == "get":
                self._submit(state, page_url, context, form)

    def _submit(self, state: _RoleState, page_url: str, context: frozenset, form: Form) -> None:
        action = self._local(form.action or page_url, page_url)
        if action is None:
            return
        path = urlsplit(action).path
        carried = context & {(f.name, f.value) for f in form.fields if f.type == "hidden"}
        key = (path, tuple(f.name for f in form.fields), carried)
        if key in state.forms:
            return
        state.forms.add(key)
        self.forms[key[:2]] += 1
        rng = random.Random(f"{self.seed}:{path}:{key[1]}:{sorted(carried)}")
        for submission in submissions(form, rng, self.max_pairs):
            chosen = frozenset((n, v) for n, v in submission.changed if v)
            self._enqueue(state, _Target(
                f"{path}?{urlencode(submission.query)}", page_url,
                f"Formular {path} ({submission.describe()})", carried | chosen, via_form=True))

    # -- visiting -------------------------------------------------------------------------

    def _check_anchors(self, role: str, state: _RoleState) -> None:
        """Each #fragment of a link must name an element of the page, if that was fetched."""
        for target, fragment in state.anchors:
            ids = state.ids.get(target.url)
            if ids is not None and fragment not in ids:
                self._find(BROKEN_LINK, role, target, f"Sprungmarke #{fragment} fehlt", 200)

    def _endpoint(self, url: str) -> str | None:
        try:
            return self._adapter.match(urlsplit(url).path, method="GET")[0]
        except RequestRedirect:
            return None
        except HTTPException:
            return None

    def _visit(self, role: str, client, state: _RoleState, target: _Target) -> None:
        state.requests += 1
        self.current = (role, target.url)
        started = perf_counter()
        try:
            response = client.get(target.url, headers=ACCEPT)
        except Exception as error:  # the app raised: a browser would get a 500
            self.current = None
            self._record(role, target, 500, perf_counter() - started)
            message = " ".join(str(error).split())[:240]
            self._find(SERVER_ERROR, role, target, f"{type(error).__name__}: {message}", 500)
            return
        try:
            seconds = perf_counter() - started
            body = response.get_data(as_text=response.mimetype == "text/html")
        finally:
            response.close()
            self.current = None
        self._record(role, target, response.status_code, seconds)
        self._check(role, state, target, response, body)

    def _record(self, role: str, target: _Target, status: int, seconds: float) -> None:
        self.visits.append(Visit(role, target.url, status, seconds, self._endpoint(target.url),
                                 target.asset, target.via_form))

    def _find(self, kind: str, role: str, target: _Target, problem: str, status) -> None:
        self.findings.append(Finding(kind, role, problem, target.url, target.found_on,
                                     target.via, status))

    def _check(self, role, state, target: _Target, response, body) -> None:
        status = response.status_code
        if status >= 500:
            self._find(SERVER_ERROR, role, target, "Serverfehler", status)
        elif status in BROKEN:
            self._find(BROKEN_LINK, role, target, BROKEN[status], status)
        location = response.headers.get("Location")
        if 300 <= status < 400 and location:
            url = self._local(location, target.url)
            if url is not None:
                self._link(state, _Target(url, target.url, f"Weiterleitung nach {location}",
                                          target.context), location)
        if response.mimetype != "text/html":
            return
        page = read_page(body)
        state.ids.setdefault(target.url, page.ids)
        if not page.lang:
            self._find(NO_LANG, role, target, "<html> ohne lang", status)
        if page.h1_count != 1:
            self._find(H1, role, target, f"{page.h1_count} h1 statt genau einer", status)
        if not target.asset:
            self._follow(state, target.url, target.context, page)
