"""Reading package manifests (``cmi5.xml``, ``tincan.xml``) safely: defusedxml, BOM, namespaces.

Manifests come from strangers: entity tricks, DTDs and external references are refused by
defusedxml before anything is built; a UTF-8 byte order mark is accepted.
"""

import re
from xml.etree.ElementTree import Element, ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring

MAX_MANIFEST_BYTES = 20 * 1024 * 1024
ABSOLUTE_IRI = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:[^\s<>\"{}|\\^`]+$")
LANGUAGE_TAG = re.compile(r"^[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*$")


class ManifestError(Exception):
    """The manifest cannot be read at all; the message is German."""


def parse_xml(data: bytes) -> Element:
    """The root element of an XML manifest, or :class:`ManifestError`."""
    if len(data) > MAX_MANIFEST_BYTES:
        raise ManifestError("Die Datei ist zu groß für einen Steckbrief (höchstens 20 MB).")
    if not data.strip():
        raise ManifestError("Die Datei ist leer.")
    data = data.removeprefix(b"\xef\xbb\xbf")
    try:
        return fromstring(data, forbid_dtd=True)
    except DefusedXmlException as error:
        raise ManifestError("Die Datei enthält eine DTD oder Entitäten; das ist aus "
                            "Sicherheitsgründen nicht erlaubt.") from error
    except ParseError as error:
        line = error.position[0] if getattr(error, "position", None) else 0
        raise ManifestError(f"Die Datei ist kein gültiges XML (Zeile {line}).") from error
    except (ValueError, RecursionError, LookupError) as error:
        raise ManifestError("Die Datei ist kein gültiges XML.") from error


def split_tag(tag: str) -> tuple[str, str]:
    """``{namespace}name`` as ``(namespace, name)``; no namespace gives ``""``."""
    if isinstance(tag, str) and tag.startswith("{"):
        namespace, _, name = tag[1:].partition("}")
        return namespace, name
    return "", tag if isinstance(tag, str) else ""


def text_of(element: Element | None) -> str:
    """The element's text with surrounding whitespace removed (as cmi5 asks of an LMS)."""
    if element is None:
        return ""
    return "".join(element.itertext()).strip()


def is_absolute_iri(value: str) -> bool:
    """A fully qualified IRI: a scheme, no spaces, not a fragment or relative reference."""
    return bool(ABSOLUTE_IRI.match(value or ""))


def pick_text(texts: dict[str, str], languages: list[str] | tuple[str, ...] = ()) -> str:
    """The text for the first wanted language, then German, English, anything.

    ``texts`` maps language tags (``de-DE``, ``en``, or ``""`` when none was given) to text.
    """
    if not texts:
        return ""
    lowered = {tag.lower(): text for tag, text in texts.items()}
    for wanted in [*languages, "de", "en", ""]:
        wanted = (wanted or "").lower()
        if wanted in lowered:
            return lowered[wanted]
        prefix = wanted.split("-")[0]
        for tag, text in lowered.items():
            if prefix and tag.split("-")[0] == prefix:
                return text
    return next(iter(texts.values()))
