"""What a browser would send for a form on a page, read from the page's HTML (no JavaScript).

Used by tests that submit a form exactly as it was shown: unchanged saves, hostile edits.
"""

from dataclasses import dataclass, field
from html.parser import HTMLParser

from werkzeug.datastructures import MultiDict

SKIPPED_INPUTS = {"submit", "button", "reset", "image", "file"}


@dataclass
class Form:
    """One ``<form>``: its method, action and the (name, value) pairs a browser submits."""

    method: str
    action: str
    fields: list[tuple[str, str]] = field(default_factory=list)
    submit: tuple[str, str] | None = None
    has_file: bool = False

    def data(self) -> MultiDict:
        """The fields in document order, with the first named submit button pressed."""
        return MultiDict(self.fields + ([self.submit] if self.submit else []))


@dataclass
class _Select:
    name: str
    multiple: bool
    options: list[tuple[str, bool]] = field(default_factory=list)

    def chosen(self) -> list[str]:
        selected = [value for value, is_selected in self.options if is_selected]
        if selected or self.multiple:
            return selected
        # A single select with nothing marked selected shows (and sends) its first option.
        return [self.options[0][0]] if self.options else []


class _FormParser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[Form] = []
        self._form: Form | None = None
        self._select: _Select | None = None
        self._option: list | None = None
        self._textarea: list | None = None

    def handle_starttag(self, tag, attrs):
        attributes = {name: (value if value is not None else "") for name, value in attrs}
        if tag == "form":
            self._form = Form(attributes.get("method", "get").lower(),
                              attributes.get("action", ""))
            self.forms.append(self._form)
        elif self._form is None or "disabled" in attributes:
            return
        elif tag == "input":
            self._input(attributes)
        elif tag == "button" and attributes.get("type", "submit") == "submit":
            if attributes.get("name") and self._form.submit is None:
                self._form.submit = (attributes["name"], attributes.get("value", ""))
        elif tag == "select" and attributes.get("name"):
            self._select = _Select(attributes["name"], "multiple" in attributes)
        elif tag == "option" and self._select is not None:
            self._option = [attributes.get("value"), "selected" in attributes, ""]
        elif tag == "textarea" and attributes.get("name"):
            self._textarea = [attributes["name"], ""]

    def _input(self, attributes):
        kind = attributes.get("type", "text").lower()
        name = attributes.get("name")
        if kind == "file":
            self._form.has_file = True
        if not name:
            return
        if kind == "submit":
            if self._form.submit is None:
                self._form.submit = (name, attributes.get("value", ""))
        elif kind in ("checkbox", "radio"):
            if "checked" in attributes:
                self._form.fields.append((name, attributes.get("value", "on")))
        elif kind not in SKIPPED_INPUTS:
            self._form.fields.append((name, attributes.get("value", "")))

    def handle_data(self, data):
        if self._option is not None:
            self._option[2] += data
        if self._textarea is not None:
            self._textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "option" and self._option is not None:
            value, selected, text = self._option
            self._select.options.append((text.strip() if value is None else value, selected))
            self._option = None
        elif tag == "select" and self._select is not None:
            self._form.fields.extend((self._select.name, value) for value in self._select.chosen())
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            name, text = self._textarea
            # HTML drops one newline right after <textarea>; html.parser keeps it.
            self._form.fields.append((name, text[1:] if text.startswith("\n") else text))
            self._textarea = None
        elif tag == "form":
            self._form = None


def forms_in(html: str) -> list[Form]:
    """Every form of ``html`` in document order."""
    parser = _FormParser()
    parser.feed(html)
    parser.close()
    return parser.forms


def post_forms(html: str, url: str) -> list[Form]:
    """The POST forms of a page that submit to ``url`` itself (action empty or ``url``)."""
    path = url.split("?")[0]
    return [form for form in forms_in(html)
            if form.method == "post" and form.action.split("?")[0] in ("", path)]
