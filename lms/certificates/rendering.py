"""Turn a certificate snapshot into a PDF with WeasyPrint, from a folder in ``certificates/``.

Each template folder holds ``template.toml`` (metadata), ``template.html`` (Jinja),
``theme.css`` and ``assets/`` (fonts, seal). Rendering reads nothing outside that folder:
the URL fetcher refuses every other address, so no system font file or network is touched.
"""

import io
import threading
import tomllib
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from importlib.resources import files
from pathlib import Path
from urllib.parse import unquote, urlparse

import segno
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from weasyprint import CSS, HTML
from weasyprint.css import ColorProfile
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher, URLFetcherResponse

from lms.certificates.codes import format_code
from lms.core.toml import load_toml

KINDS = ("course", "module")
PDF_VARIANTS = ("pdf/a-3a", "pdf/a-2a", "pdf/ua-1", "pdf/a-3u", "pdf/a-2u")
TAGGED_PDFA = ("pdf/a-3a", "pdf/a-2a")
"""PDF/A levels that carry a tag structure; only these may also claim PDF/UA-1."""
PDFUA_DESCRIPTION = (
    b'<rdf:Description rdf:about="" xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/">'
    b"<pdfuaid:part>1</pdfuaid:part></rdf:Description>"
)
"""Declares PDF/UA-1 conformance next to the PDF/A identification WeasyPrint writes."""


def declare_pdfua(document, pdf) -> None:
    """WeasyPrint finisher: add the PDF/UA-1 identification to the XMP metadata packet."""
    for pdf_object in pdf.objects:
        extra = getattr(pdf_object, "extra", None)
        if isinstance(extra, dict) and extra.get("Type") == "/Metadata":
            packet = b"".join(pdf_object.stream)
            closing = b"</rdf:RDF>"
            pdf_object.stream = [packet.replace(closing, PDFUA_DESCRIPTION + closing, 1)]
            return


MONTHS = ("Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August",
          "September", "Oktober", "November", "Dezember")


class TemplateError(ValueError):
    """A certificate template folder that is missing or malformed."""


class FetchRefused(ValueError):
    """A template tried to load something from outside its own folder."""


@dataclass(frozen=True)
class CertificateTemplate:
    """A parsed template folder."""

    name: str
    folder: Path
    title: str
    kind: str
    paper: str
    pdf_variant: str
    declare_pdfua: bool
    css: str


def german_date(value: date) -> str:
    """``25. November 2026``."""
    return f"{value.day}. {MONTHS[value.month - 1]} {value.year}"


def german_hours(value: float) -> str:
    """Hours with a German decimal comma and no trailing zeros: ``1,5`` or ``4``."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return text.replace(".", ",")


def load_template(root: Path, name: str) -> CertificateTemplate:
    """Read and check ``root/name``; raises :class:`TemplateError` with a German reason."""
    if not name or "/" in name or name.startswith("."):
        raise TemplateError(f"Ungültiger Vorlagenname „{name}“.")
    folder = (root / name).resolve()
    meta_path = folder / "template.toml"
    if not meta_path.is_file():
        raise TemplateError(f"Die Nachweis-Vorlage „{name}“ fehlt ({meta_path}).")
    try:
        meta = load_toml(meta_path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as error:
        raise TemplateError(f"{meta_path}: {error}") from error
    for required in ("name", "title", "kind"):
        if not meta.get(required):
            raise TemplateError(f"{meta_path}: Feld „{required}“ fehlt.")
    if meta["name"] != name:
        raise TemplateError(f"{meta_path}: name = „{meta['name']}“ passt nicht zum Ordner.")
    if meta["kind"] not in KINDS:
        raise TemplateError(f"{meta_path}: kind muss course oder module sein.")
    pdf = meta.get("pdf", {})
    variant = pdf.get("variant", "pdf/a-3a")
    if variant not in PDF_VARIANTS:
        raise TemplateError(f"{meta_path}: PDF-Variante „{variant}“ wird nicht unterstützt.")
    for needed in ("template.html", "theme.css"):
        if not (folder / needed).is_file():
            raise TemplateError(f"Die Vorlage „{name}“ hat keine Datei {needed}.")
    return CertificateTemplate(
        name=name, folder=folder, title=meta["title"], kind=meta["kind"],
        paper=meta.get("paper", "A4"), pdf_variant=variant,
        declare_pdfua=bool(pdf.get("declare_pdfua", True)),
        css=(folder / "theme.css").read_text(encoding="utf-8"),
    )


def available_templates(root: Path) -> list[CertificateTemplate]:
    """Every template folder under ``root``, parsed and checked."""
    return [load_template(root, path.name) for path in sorted(root.iterdir())
            if path.is_dir() and (path / "template.toml").exists()]


class FolderFetcher(URLFetcher):
    """Serves files below one folder (and ``data:`` URLs); remembers and refuses the rest."""

    def __init__(self, folder: Path):
        super().__init__(allowed_protocols=("file", "data"))
        self.folder = folder.resolve()
        self.refused: list[str] = []

    def fetch(self, url, headers=None):
        if url.startswith("data:"):
            return super().fetch(url, headers)
        parsed = urlparse(url)
        path = Path(unquote(parsed.path)).resolve()
        if parsed.scheme != "file" or not path.is_relative_to(self.folder) or not path.is_file():
            self.refused.append(url)
            raise FetchRefused(f"Nachweis-Vorlagen dürfen nur eigene Dateien laden: {url}")
        return URLFetcherResponse(path.as_uri(), path.read_bytes(),
                                  {"Content-Type": _content_type(path)})


def _content_type(path: Path) -> str:
    return {".css": "text/css", ".svg": "image/svg+xml", ".png": "image/png",
            ".ttf": "font/ttf", ".otf": "font/otf", ".woff2": "font/woff2"}.get(
        path.suffix.lower(), "application/octet-stream")


def qr_data_uri(url: str) -> str:
    """The QR code for ``url`` as an SVG ``data:`` URI (four modules of quiet zone)."""
    qr = segno.make(url, error="m", micro=False)
    return qr.svg_data_uri(scale=4, border=4, dark="#1b2430", light="#ffffff")


@lru_cache(maxsize=16)
def _jinja(folder: Path) -> Environment:
    env = Environment(loader=FileSystemLoader(folder), autoescape=select_autoescape(["html"]),
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    env.filters.update(german_date=german_date, german_hours=german_hours)
    return env


OUTPUT_INTENT = "lernraum-srgb"


@lru_cache(maxsize=1)
def _srgb_profile() -> ColorProfile:
    """WeasyPrint's sRGB profile, read once from memory (its own loader leaves the file open)."""
    data = (files("weasyprint.pdf") / "sRGB2014.icc").read_bytes()
    return ColorProfile(io.BytesIO(data), "sRGB2014.icc", "relative-colorimetric",
                        (["r"], ["g"], ["b"]))


_RENDER_LOCK = threading.Lock()
"""WeasyPrint shares font configurations between renders; one render at a time per process."""


@lru_cache(maxsize=16)
def _stylesheet(folder: Path, css: str) -> tuple[CSS, FontConfiguration, FolderFetcher]:
    fonts = FontConfiguration()
    fetcher = FolderFetcher(folder)
    sheet = CSS(string=css, base_url=folder.as_uri() + "/", font_config=fonts,
                url_fetcher=fetcher)
    if fetcher.refused:
        _stylesheet.cache_clear()
        raise FetchRefused(f"Die Vorlage lädt Fremdes: {', '.join(fetcher.refused)}")
    return sheet, fonts, fetcher


def build_html(template: CertificateTemplate, snapshot: dict, code: str, verify_url: str) -> str:
    """The filled-in HTML of the certificate."""
    return _jinja(template.folder).get_template("template.html").render(
        c=snapshot, code=format_code(code), verify_url=verify_url, qr=qr_data_uri(verify_url),
        issued_on=date.fromisoformat(snapshot["issued_on"]),
        completed_on=date.fromisoformat(snapshot["completed_on"]),
        modules=[{**m, "completed_on": date.fromisoformat(m["completed_on"])}
                 for m in snapshot.get("modules", [])],
    )


def render_pdf(template: CertificateTemplate, snapshot: dict, code: str, verify_url: str) -> bytes:
    """The certificate as archivable, tagged PDF bytes; refuses templates loading foreign files."""
    html = build_html(template, snapshot, code, verify_url)
    with _RENDER_LOCK:
        sheet, fonts, _ = _stylesheet(template.folder, template.css)
        fetcher = FolderFetcher(template.folder)
        options = {"pdf_variant": template.pdf_variant, "output_intent": OUTPUT_INTENT}
        document = HTML(string=html, base_url=template.folder.as_uri() + "/",
                        url_fetcher=fetcher).render(
            stylesheets=[sheet], font_config=fonts,
            color_profiles={OUTPUT_INTENT: _srgb_profile()}, **options)
        if fetcher.refused:
            raise FetchRefused(f"Die Vorlage lädt Fremdes: {', '.join(fetcher.refused)}")
        finisher = declare_pdfua if (template.declare_pdfua
                                     and template.pdf_variant in TAGGED_PDFA) else None
        return document.write_pdf(finisher=finisher, **options)
