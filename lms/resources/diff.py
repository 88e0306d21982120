"""Word-level differences between two versions of a text, readable and screen-reader friendly.

Paragraphs are compared one by one; inside a changed paragraph words are compared, so a
single corrected word shows as one ``<del>``/``<ins>`` pair, not as two whole paragraphs.
Each deletion and insertion carries a visually hidden label („gelöscht:“, „eingefügt:“),
because colour and strike-through alone are not accessible.
"""

import difflib
import re
from dataclasses import dataclass

from flask_babel import gettext as _
from markupsafe import Markup, escape

TOKEN = re.compile(r"\s+|[^\s]+")
CONTEXT = 1
"""Unchanged paragraphs shown around a change."""


@dataclass(frozen=True)
class FieldDiff:
    """The differences in one field (title, summary, body …); ``html`` is None if unchanged."""

    label: str
    html: Markup | None


def _paragraphs(text: str) -> list[str]:
    return [part.strip("\n") for part in re.split(r"\n\s*\n", (text or "").strip()) if part]


def _marked(kind: str, text: str) -> Markup:
    if not text:
        return Markup("")
    if kind == "del":
        return Markup('<del><span class="visually-hidden">%s </span>%s</del>') % (
            _("gelöscht:"), text)
    return Markup('<ins><span class="visually-hidden">%s </span>%s</ins>') % (
        _("eingefügt:"), text)


def word_diff(old: str, new: str) -> Markup:
    """One paragraph's change as escaped HTML with ``<del>`` and ``<ins>`` around words."""
    a, b = TOKEN.findall(old or ""), TOKEN.findall(new or "")
    out = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            out.append(escape("".join(a[i1:i2])))
            continue
        out.append(_marked("del", "".join(a[i1:i2])))
        out.append(_marked("ins", "".join(b[j1:j2])))
    return Markup("").join(out)


def text_diff(old: str, new: str) -> Markup | None:
    """The changed paragraphs of ``new`` against ``old`` with a little context; None if equal."""
    if (old or "").strip() == (new or "").strip():
        return None
    a, b = _paragraphs(old), _paragraphs(new)
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    blocks, gap = [], Markup('<p class="diff__gap">…</p>')
    groups = list(matcher.get_grouped_opcodes(CONTEXT))
    for group in groups:
        if blocks or group[0][1] > 0:
            blocks.append(gap)
        for op, i1, i2, j1, j2 in group:
            if op == "equal":
                blocks += [Markup('<p class="diff__same">%s</p>') % text for text in a[i1:i2]]
            elif op == "replace" and i2 - i1 == j2 - j1:
                blocks += [Markup('<p class="diff__changed">%s</p>') % word_diff(x, y)
                           for x, y in zip(a[i1:i2], b[j1:j2], strict=True)]
            else:
                old_part, new_part = "\n\n".join(a[i1:i2]), "\n\n".join(b[j1:j2])
                blocks.append(Markup('<p class="diff__changed">%s</p>')
                              % word_diff(old_part, new_part))
    if groups and groups[-1][-1][2] < len(a):
        blocks.append(gap)
    return Markup("").join(blocks)


def fields_diff(old: dict[str, str], new: dict[str, str], labels: dict[str, str]) -> list[
        FieldDiff]:
    """Per labelled field the difference of ``new`` against ``old`` (unchanged ones included)."""
    return [FieldDiff(label, text_diff(str(old.get(name) or ""), str(new.get(name) or "")))
            for name, label in labels.items()]
