"""What the crawler reads from an HTML page: language, headings, ids, links, assets, forms.

Standard library only (``html.parser``): the crawler needs start tags, attributes and the text
of ``<option>``; a full DOM would add a dependency for nothing.
"""

from dataclasses import dataclass, field
from html.parser import HTMLParser

LINK_ATTRIBUTES = {"a": "href", "area": "href"}
"""Elements whose URL the crawler follows as a page."""

ASSET_ATTRIBUTES = {"link": "href", "img": "src", "script": "src", "iframe": "src",
                    "source": "src", "video": "src", "audio": "src", "track": "src"}
"""Elements whose URL the crawler requests once to see that it answers."""

TEXT_TYPES = {"text", "search", "email", "tel", "url"}


@dataclass
class Field:
    """One control of a form: an input, a select (with its options) or a textarea."""

    tag: str
    type: str
    name: str
    value: str = ""
    checked: bool = False
    options: list[str] = field(default_factory=list)
    selected: str | None = None
    disabled: bool = False

    @property
    def default(self) -> str:
        """The value a browser sends for a select or a text field without any change."""
        if self.tag == "select":
            return self.selected if self.selected is not None else (
                self.options[0] if self.options else "")
        return self.value


@dataclass
class Form:
    """A form with its method, action (as written, may be empty) and controls in order."""

    method: str
    action: str
    fields: list[Field] = field(default_factory=list)

    @property
    def submit_button(self) -> Field | None:
        """The first named submit button: what pressing Enter sends."""
        return next((f for f in self.fields if f.type == "submit" and f.name), None)


@dataclass
class Page:
    """Everything the crawler checks and follows on one HTML page."""

    lang: str | None = None
    h1_count: int = 0
    ids: set[str] = field(default_factory=set)
    links: list[str] = field(default_factory=list)
    assets: list[str] = field(default_factory=list)
    forms: list[Form] = field(default_factory=list)


class _Reader(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.page = Page()
        self._form: Form | None = None
        self._select: Field | None = None
        self._option: dict | None = None
        self._textarea: Field | None = None

    def handle_starttag(self, tag, attrs):
        attributes = {name: value or "" for name, value in attrs}
        if tag == "html" and self.page.lang is None:
            self.page.lang = attributes.get("lang", "").strip()
        elif tag == "h1":
            self.page.h1_count += 1
        if attributes.get("id"):
            self.page.ids.add(attributes["id"])
        if tag == "a" and attributes.get("name"):
            self.page.ids.add(attributes["name"])
        if tag in LINK_ATTRIBUTES and LINK_ATTRIBUTES[tag] in attributes:
            self.page.links.append(attributes[LINK_ATTRIBUTES[tag]])
        elif tag in ASSET_ATTRIBUTES and attributes.get(ASSET_ATTRIBUTES[tag]):
            self.page.assets.append(attributes[ASSET_ATTRIBUTES[tag]])
        self._form_control(tag, attributes)

    def _form_control(self, tag, attributes):
        if tag == "form":
            self._form = Form(attributes.get("method", "get").lower(), attributes.get("action", ""))
            self.page.forms.append(self._form)
            return
        if self._form is None or not attributes.get("name") and tag != "option":
            return
        disabled = "disabled" in attributes
        if tag in ("input", "button"):
            kind = attributes.get("type", "text" if tag == "input" else "submit").lower()
            self._form.fields.append(Field(tag, kind, attributes["name"],
                                           attributes.get("value", "on" if kind in (
                                               "checkbox", "radio") else ""),
                                           "checked" in attributes, disabled=disabled))
        elif tag == "select" and "multiple" not in attributes:
            self._select = Field("select", "select", attributes["name"], disabled=disabled)
            self._form.fields.append(self._select)
        elif tag == "textarea":
            self._textarea = Field("textarea", "textarea", attributes["name"], disabled=disabled)
            self._form.fields.append(self._textarea)
        elif tag == "option" and self._select is not None:
            if self._option is not None:  # the previous option's end tag was left out
                self._end_option()
            self._option = {"value": attributes.get("value"), "text": "",
                            "selected": "selected" in attributes,
                            "disabled": "disabled" in attributes}

    def handle_data(self, data):
        if self._option is not None:
            self._option["text"] += data
        elif self._textarea is not None:
            self._textarea.value += data

    def handle_endtag(self, tag):
        if tag == "option" or (tag in ("select", "optgroup") and self._option is not None):
            self._end_option()
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None
        elif tag == "form":
            self._form = None

    def _end_option(self):
        option, self._option = self._option, None
        if option is None or option["disabled"]:
            return
        value = option["value"] if option["value"] is not None else option["text"].strip()
        self._select.options.append(value)
        if option["selected"]:
            self._select.selected = value


def read_page(html: str) -> Page:
    """Parse ``html`` into the facts the crawler checks and the URLs and forms it follows."""
    reader = _Reader()
    reader.feed(html)
    reader.close()
    if reader._option is not None:
        reader._end_option()
    return reader.page
