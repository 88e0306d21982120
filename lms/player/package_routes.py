"""Player pages of package modules (xAPI, cmi5): the units, launching one, the frame, the
way back; and the authors' test launches and page previews."""

from flask import abort, current_app, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from lms.accounts.models import User
from lms.catalog.models import ModuleVersion
from lms.core.permissions import Role, role_required
from lms.core.security import CONTENT_SECURITY_POLICY
from lms.extensions import db
from lms.packages.content_origin import launch_policy, origin_of
from lms.player import bp, launching
from lms.player.forms import CsrfForm
from lms.progress.rules import module_missing, unit_title


def _languages() -> tuple[str, ...]:
    return (getattr(current_user, "locale", None) or "de",)


def _package_or_404(slug: str):
    module = launching.package_module(slug)
    if module is None:
        abort(404)
    return module


@bp.get("/lernen/<slug>/einheiten")
@login_required
def show_package(slug: str):
    """The units of a package module with the learner's state and launch buttons."""
    module = _package_or_404(slug)
    place = launching.place_of(current_user, module)
    row = place.progress
    page = render_template(
        "player/package.html", place=place, form=CsrfForm(), languages=_languages(),
        missing=module_missing(place.version, row.pages_seen, False) if row else [],
    )
    return page, 200, {"Content-Security-Policy": launch_policy(
        CONTENT_SECURITY_POLICY, current_app.config.get("CONTENT_BASE_URL"),
        place.version.content.get("units", []))}


def _frame(result, title: str, back_url: str, unit_title: str):
    """The in-page frame for AnyWindow units and xAPI packages, with a way out."""
    response = render_template("player/package_frame.html", launch_url=result.url,
                               title=title, unit_title=unit_title, back_url=back_url)
    policy = launch_policy(CONTENT_SECURITY_POLICY, None, [{"url": result.url}])
    return response, 200, {"Content-Security-Policy": policy, "Cache-Control": "no-store"}


def _launched(result, title: str, back_url: str, unit: dict, action=None):
    if result.own_window:
        return redirect(result.url, code=303)
    if result.navigation is not None:
        return _with_contents(result, title, back_url, unit, action)
    return _frame(result, title, back_url, unit_title(unit, _languages()))


def _with_contents(result, title: str, back_url: str, unit: dict, action):
    """SCORM: the frame with the table of contents and previous/next around it."""
    response = render_template(
        "player/scorm_player.html", launch_url=result.url, title=title, back_url=back_url,
        unit_title=unit_title(unit, _languages()), nav=result.navigation, action=action,
        form=CsrfForm(), content_origin=origin_of(result.url) or "",
        adapter="/laufzeit/" in result.url)
    policy = launch_policy(CONTENT_SECURITY_POLICY, None, [{"url": result.url}])
    return response, 200, {"Content-Security-Policy": policy, "Cache-Control": "no-store"}


@bp.post("/lernen/<slug>/einheit/<key>")
@login_required
def launch_unit(slug: str, key: str):
    """Launch a unit: new credentials (and for cmi5 a new session), then the content."""
    module = _package_or_404(slug)
    if not CsrfForm().validate_on_submit():
        abort(400)
    back = url_for("player.show_package", slug=slug)
    try:
        result = launching.launch_unit(
            current_user, module, key, mode=request.form.get("modus"), languages=_languages(),
            return_url=url_for("player.unit_returned", slug=slug, _external=True),
            navigation=request.form.get("nav", ""))
    except launching.LaunchError as error:
        flash(str(error), "error")
        return redirect(back)
    place = launching.place_of(current_user, module)
    unit = place.unit(key) or {"key": key, "titles": {}}
    return _launched(result, place.version.title, back, unit,
                     lambda target: url_for("player.launch_unit", slug=slug, key=target))


@bp.get("/lernen/<slug>/zurueck")
def unit_returned(slug: str):
    """Where a unit sends the learner when it ends (cmi5 returnURL): out of the frame, if it
    was shown in one, and back to the module's units.

    No login here: inside the frame of a cross-site content origin the browser sends no
    (SameSite) session cookie; the page only sends the top window on, where it has one.
    """
    target = url_for("player.show_package", slug=slug)
    return render_template("player/package_return.html", target=target)


def _version_for_preview(version_id: int) -> ModuleVersion:
    version = db.session.get(ModuleVersion, version_id)
    if version is None:
        abort(404)
    g.player_module = version.module.slug
    return version


@bp.post("/vorschau/<int:version_id>/einheit/<key>")
@role_required(Role.AUTHOR)
def preview_unit(version_id: int, key: str):
    """An author's test launch of a package version (drafts too), as themselves."""
    version = _version_for_preview(version_id)
    if not CsrfForm().validate_on_submit():
        abort(400)
    back = url_for("packages.show_version", slug=version.module.slug, version_id=version.id)
    try:
        result = launching.preview_launch(
            current_user, version, key, mode=request.form.get("modus"), languages=_languages(),
            return_url=url_for("player.preview_returned", version_id=version.id,
                               _external=True), navigation=request.form.get("nav", ""))
    except launching.LaunchError as error:
        flash(str(error), "error")
        return redirect(back)
    unit = next((u for u in version.content.get("units", []) if u["key"] == key), {})
    return _launched(result, version.title, back, unit,
                     lambda target: url_for("player.preview_unit", version_id=version.id,
                                            key=target))


@bp.get("/vorschau/<int:version_id>/zurueck")
def preview_returned(version_id: int):
    """The returnURL of a test launch (no login, see :func:`unit_returned`)."""
    version = _version_for_preview(version_id)
    target = url_for("packages.show_version", slug=version.module.slug, version_id=version.id)
    return render_template("player/package_return.html", target=target)


@bp.get("/vorschau/<int:version_id>/seite/<int:position>")
@role_required(Role.AUTHOR)
def preview_page(version_id: int, position: int):
    """A page of a native module version as learners will see it (answers are not stored)."""
    version = _version_for_preview(version_id)
    pages = (version.content or {}).get("pages") or []
    if not 1 <= position <= len(pages):
        abort(404)
    return render_template("player/preview_page.html", version=version,
                           page=pages[position - 1], position=position, total=len(pages))


@bp.post("/lernen/<slug>/erlassen")
@role_required(Role.AUTHOR)
def waive_unit(slug: str):
    """An author or admin waives a cmi5 unit for one learner (cmi5 9.3.7)."""
    module = _package_or_404(slug)
    if not CsrfForm().validate_on_submit():
        abort(400)
    email = (request.form.get("email") or "").strip().lower()
    learner = db.session.scalar(db.select(User).where(db.func.lower(User.email) == email))
    back = request.form.get("next") or url_for("catalog.show_module", slug=slug)
    if not back.startswith("/") or back.startswith("//"):
        back = url_for("catalog.show_module", slug=slug)
    if learner is None:
        flash(_("Unter dieser E-Mail-Adresse gibt es kein Konto."), "error")
        return redirect(back)
    try:
        done = launching.waive_unit(learner, module, request.form.get("unit", ""),
                                    request.form.get("reason", ""))
    except launching.LaunchError as error:
        flash(str(error), "error")
        return redirect(back)
    flash(_("Die Einheit ist für %(name)s erlassen.", name=learner.name) if done else
          _("Die Einheit war für %(name)s schon erlassen.", name=learner.name), "success")
    return redirect(back)
