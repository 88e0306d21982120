"""Rendering: shipped templates, PDF content, QR code, PDF/A and tags, failures and retries."""

import io
import subprocess
from pathlib import Path

import pypdf
import pytest
from click.testing import CliRunner

from lms import signals
from lms.certificates import jobs, rendering, services
from lms.certificates.codes import format_code
from lms.certificates.models import Certificate, CertificateFile, RenderState
from lms.core.models import utcnow
from lms.extensions import db
from tests.certificates.builders import build_course, build_module, complete

ROOT = Path(__file__).resolve().parents[2] / "certificates"


def _text(pdf: bytes, tmp_path: Path) -> str:
    path = tmp_path / "nachweis.pdf"
    path.write_bytes(pdf)
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], check=True,
                          capture_output=True, text=True).stdout


def _qr(pdf: bytes, tmp_path: Path) -> str:
    path = tmp_path / "nachweis.pdf"
    path.write_bytes(pdf)
    subprocess.run(["pdftoppm", "-png", "-r", "150", str(path), str(tmp_path / "seite")],
                   check=True)
    image = next(tmp_path.glob("seite*.png"))
    return subprocess.run(["zbarimg", "--quiet", "--raw", str(image)], check=True,
                          capture_output=True, text=True).stdout.strip()


@pytest.fixture
def rendered(completed_course, issue_course):
    learner, course, _ = completed_course
    certificate = issue_course(learner, course)
    assert services.render_certificate(certificate.id)
    return certificate, db.session.get(CertificateFile, certificate.id).pdf


def test_every_shipped_template_loads():
    templates = {t.name: t for t in rendering.available_templates(ROOT)}
    assert {"kurs", "modul"} <= set(templates)
    assert templates["kurs"].kind == "course" and templates["modul"].kind == "module"


def test_templates_ship_their_fonts_with_licences():
    for name in ("kurs", "modul"):
        fonts = ROOT / name / "assets" / "fonts"
        assert list(fonts.glob("*.ttf")) and list(fonts.glob("LICENSE*"))


def test_pdf_contains_name_modules_hours_and_code(rendered, tmp_path):
    certificate, pdf = rendered
    assert pdf.startswith(b"%PDF")
    text = _text(pdf, tmp_path)
    for expected in ("Annegret Müller", "Demografischen Wandel gestalten",
                     "Grundlagen des demografischen Wandels", "Mobilität im ländlichen Raum",
                     "Wohnen und Quartier", "20.11.2026", "4,5", format_code(certificate.code),
                     "Netzwerkstelle", "Zukunftsraum Demografie"):
        assert expected in text


def test_qr_code_points_to_the_verification_page(rendered, tmp_path):
    certificate, pdf = rendered
    assert _qr(pdf, tmp_path) == f"http://lernraum.test/nachweis/{format_code(certificate.code)}"


def test_pdf_is_tagged_archivable_and_declares_pdfua(rendered):
    _, pdf = rendered
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    catalog = reader.trailer["/Root"]
    assert bool(catalog["/MarkInfo"]["/Marked"])
    assert "/StructTreeRoot" in catalog
    assert catalog["/Lang"] == "de"
    assert catalog["/OutputIntents"][0]["/S"] == "/GTS_PDFA1"
    xmp = catalog["/Metadata"].get_object().get_data().decode()
    assert 'pdfaid:part="3"' in xmp and 'pdfaid:conformance="A"' in xmp
    assert "<pdfuaid:part>1</pdfuaid:part>" in xmp


def test_fonts_are_embedded_from_the_template(rendered, tmp_path):
    _, pdf = rendered
    path = tmp_path / "nachweis.pdf"
    path.write_bytes(pdf)
    listing = subprocess.run(["pdffonts", str(path)], check=True, capture_output=True,
                             text=True).stdout.splitlines()[2:]
    assert listing
    for line in listing:
        assert "yes yes yes" in line
        assert "Garamond-Z" in line or "Sans-Z" in line


def test_module_confirmation_renders_with_its_own_template(make_user, tmp_path):
    learner = make_user(name="Kemal Yıldız")
    module = build_module("Bürgerbus gründen", hours=2.0, grants=True)
    complete(learner, module)
    signals.module_completed.send(None, user_id=learner.id, module_id=module.id,
                                  completed_at=utcnow())
    db.session.commit()
    certificate = db.session.scalars(db.select(Certificate)).one()
    assert services.render_certificate(certificate.id)
    text = _text(db.session.get(CertificateFile, certificate.id).pdf, tmp_path)
    assert "Teilnahmebestätigung" in text and "Kemal Yıldız" in text and "Bürgerbus gründen" in text


def test_template_reaching_outside_its_folder_is_refused(tmp_path):
    folder = tmp_path / "boese"
    folder.mkdir()
    (folder / "template.toml").write_text('name = "boese"\ntitle = "x"\nkind = "course"\n')
    (folder / "template.html").write_text(
        '<html lang="de"><title>x</title><img src="/etc/hostname" alt="x">')
    (folder / "theme.css").write_text("body { color: black; }")
    template = rendering.load_template(tmp_path, "boese")
    snapshot = {"issued_on": "2026-11-25", "completed_on": "2026-11-24", "modules": []}
    with pytest.raises(rendering.FetchRefused):
        rendering.render_pdf(template, snapshot, "23456789ABCDEFGH", "http://x/nachweis/1")


def test_missing_template_is_a_clear_error(tmp_path):
    with pytest.raises(rendering.TemplateError, match="fehlt"):
        rendering.load_template(tmp_path, "gibt-es-nicht")


def _break_template(certificate):
    certificate.template = "gibt-es-nicht"
    db.session.commit()


def test_failed_render_is_recorded_and_scheduled_for_retry(completed_course, issue_course):
    learner, course, _ = completed_course
    certificate = issue_course(learner, course)
    _break_template(certificate)
    assert services.render_certificate(certificate.id) is False
    db.session.refresh(certificate)
    assert certificate.render_state == RenderState.FAILED
    assert certificate.render_attempts == 1
    assert "gibt-es-nicht" in certificate.render_error
    assert certificate.render_due_at > utcnow()
    assert certificate.status == "valid"


def test_backoff_doubles_and_is_capped():
    assert [services.backoff(n).total_seconds() for n in (1, 2, 3)] == [60, 120, 240]
    assert services.backoff(30) == services.MAX_BACKOFF


def test_render_command_renders_pending_certificates(app, completed_course, issue_course):
    learner, course, _ = completed_course
    certificate = issue_course(learner, course)
    result = CliRunner().invoke(app.cli, ["lms", "render-certificates"], catch_exceptions=False)
    assert "1 PDF-Nachweise erstellt, 0 fehlgeschlagen" in result.output
    db.session.expire_all()
    assert db.session.get(Certificate, certificate.id).render_state == RenderState.RENDERED


def test_render_command_retries_failed_ones_when_asked(app, completed_course, issue_course):
    learner, course, _ = completed_course
    certificate = issue_course(learner, course)
    _break_template(certificate)
    services.render_certificate(certificate.id)
    certificate = db.session.get(Certificate, certificate.id)
    certificate.template = "kurs"
    db.session.commit()
    waiting = CliRunner().invoke(app.cli, ["lms", "render-certificates"])
    assert "0 PDF-Nachweise erstellt" in waiting.output
    result = CliRunner().invoke(app.cli, ["lms", "render-certificates", "--sofort"])
    assert "1 PDF-Nachweise erstellt" in result.output
    db.session.expire_all()
    assert db.session.get(Certificate, certificate.id).render_attempts == 2


def test_the_periodic_sweep_renders_every_due_certificate(app, completed_course, issue_course):
    learner, course, modules = completed_course
    older = issue_course(learner, course)
    newer = issue_course(learner, build_course(modules[:1], title="Zweiter Kurs"))
    jobs.sweep_due()
    db.session.expire_all()
    assert db.session.get(Certificate, older.id).is_rendered
    assert db.session.get(Certificate, newer.id).is_rendered


def _figure_alts(node, found):
    node = node.get_object()
    if not isinstance(node, dict):
        return found
    if node.get("/S") == "/Figure":
        found.append(str(node.get("/Alt")))
    kids = node.get("/K")
    for kid in kids if isinstance(kids, list) else [kids] if kids is not None else []:
        _figure_alts(kid, found)
    return found


def test_seal_and_qr_code_carry_alternative_texts(rendered):
    _, pdf = rendered
    root = pypdf.PdfReader(io.BytesIO(pdf)).trailer["/Root"]["/StructTreeRoot"]
    alts = _figure_alts(root, [])
    assert "Siegel des Netzwerks Zukunftsraum Demografie" in alts
    assert any(alt.startswith("QR-Code: Link zur Echtheitsprüfung http://lernraum.test/nachweis/")
               for alt in alts)


def test_init_step_reports_what_it_rendered(completed_course, issue_course):
    learner, course, _ = completed_course
    issue_course(learner, course)
    assert services.render_due_report().startswith("1 PDF-Nachweise erstellt, 0 fehlgeschlagen")
