"""Views of the catalogue, module and course pages, and "Mein Lernplan"."""

from urllib.parse import urlsplit

from flask import (
    abort,
    current_app,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user, login_required

from lms.catalog import bp, queries, services, standing
from lms.catalog.assignments import assignments_of
from lms.catalog.forms import CatalogFilterForm, PlanForm
from lms.extensions import db

PER_PAGE = 24


def player_url(slug: str, course: str | None = None) -> str | None:
    """Where a learner starts or resumes module ``slug`` (in ``course``); None without a player."""
    if "player.launch_module" not in current_app.view_functions:
        return None
    if course:
        return url_for("player.launch_module", slug=slug, kurs=course)
    return url_for("player.launch_module", slug=slug)


def optional_url(endpoint: str) -> str | None:
    """The URL of a page another feature offers, or None while that feature is not installed."""
    return url_for(endpoint) if endpoint in current_app.view_functions else None


def _related(
    table_name: str, endpoint: str, slugs: list[str], module_slug: str
) -> list[tuple[str, str]]:
    """``(title, url)`` of the related wiki pages or seminars that exist, in manifest order.

    The links say which module pointed to them (``?von=modul:…``), so reading them is
    recorded in that module's context.
    """
    if endpoint not in current_app.view_functions:
        return []
    titles = queries.titles_by_slug(table_name, slugs)
    came_from = f"modul:{module_slug}"
    return [
        (titles[slug], url_for(endpoint, slug=slug, von=came_from))
        for slug in slugs
        if slug in titles
    ]


def _user_id() -> int | None:
    return current_user.id if current_user.is_authenticated else None


def _back_to(target: str | None, default: str) -> str:
    """Only follow ``next`` to a path on this site."""
    if (
        target
        and target.startswith("/")
        and not target.startswith("//")
        and not urlsplit(target).netloc
    ):
        return target
    return default


def _published_or_404(slug: str):
    module = queries.published_module(slug)
    if module is None:
        abort(404)
    return module


@bp.get("/module")
def show_catalog():
    form = CatalogFilterForm(request.args)
    form.validate()
    filters = form.filters()
    page = db.paginate(
        queries.module_list(filters),
        page=request.args.get("seite", 1, type=int),
        per_page=PER_PAGE,
        error_out=False,
    )
    user_id = _user_id()
    standings = standing.standings_for(user_id)  # one query for the cards and the courses
    return render_template(
        "catalog/catalog.html",
        not_started=standing.NOT_STARTED,
        form=form,
        filters=filters,
        page=page,
        standings=standings,
        courses=services.catalogue_courses(filters, user_id, standings) if page.page == 1 else [],
        on_plan=queries.plan_module_ids(user_id) if user_id else set(),
        plan_form=PlanForm(),
        filter_args=form.url_args(),
    )


@bp.get("/module/<slug>")
def show_module(slug: str):
    module = _published_or_404(slug)
    manifest = module.current_version.manifest or {}
    return render_template(
        "catalog/module.html",
        module=module,
        version=module.current_version,
        manifest=manifest,
        details=services.module_details(module, _user_id()),
        wiki=_related("wiki_page", "wiki.show_page", list(manifest.get("wiki", [])), slug),
        seminars=_related(
            "seminar", "seminars.show_seminar", list(manifest.get("seminars", [])), slug
        ),
        plan_form=PlanForm(),
    )


@bp.get("/kurse")
def list_courses():
    return redirect(url_for("catalog.show_catalog", _anchor="courses-title"))


@bp.get("/kurse/<slug>")
def show_course(slug: str):
    course = queries.course_by_slug(slug)
    if course is None:
        abort(404)
    user_id = _user_id()
    status = standing.course_statuses([course], user_id)[0]
    return render_template(
        "catalog/course.html",
        status=status,
        course=course,
        plan_form=PlanForm(),
        on_plan=queries.plan_module_ids(user_id) if user_id else set(),
    )


@bp.get("/lernplan")
@login_required
def view_plan():
    standings = standing.standings_for(current_user.id)
    items = services.plan_items(current_user.id, standings)
    planned = {item.module.id for item in items}
    others = queries.current_versions_by_module_id(sorted(set(standings) - planned))
    removed = None
    removed_slug = request.args.get("entfernt", "")
    if removed_slug:
        removed = queries.current_versions_by_slug([removed_slug]).get(removed_slug)
        if removed is not None and removed.module_id in planned:
            removed = None
    return render_template(
        "catalog/plan.html",
        items=items,
        standings=standings,
        others=list(others.values()),
        courses=services.plan_courses(current_user.id, items, standings),
        removed=removed,
        plan_form=PlanForm(),
        assigned=assignments_of(current_user.id),
    )


def _wants_json() -> bool:
    """catalog.js asks for JSON to update the button in place; forms without JS get a redirect."""
    return request.accept_mimetypes.best == "application/json"


def _plan_changed(module, planned: bool, message: str, category: str, target: str):
    if _wants_json():
        return jsonify(
            planned=planned,
            message=message,
            action=url_for(
                "catalog.remove_from_plan" if planned else "catalog.add_to_plan", slug=module.slug
            ),
            planCount=len(queries.plan_module_ids(current_user.id)),
        )
    flash(message, category)
    return redirect(target)


@bp.post("/lernplan/<slug>")
@login_required
def add_to_plan(slug: str):
    module = _published_or_404(slug)
    form = PlanForm()
    target = _back_to(form.next.data, url_for("catalog.view_plan"))
    title = module.current_version.title
    if services.add_to_plan(current_user.id, module):
        message = _("„%(title)s“ steht jetzt auf Ihrem Lernplan.", title=title)
        return _plan_changed(module, True, message, "success", target)
    message = _("„%(title)s“ stand schon auf Ihrem Lernplan.", title=title)
    return _plan_changed(module, True, message, "info", target)


@bp.post("/lernplan/<slug>/entfernen")
@login_required
def remove_from_plan(slug: str):
    module = _published_or_404(slug)
    form = PlanForm()
    target = _back_to(form.next.data, url_for("catalog.view_plan"))
    title = module.current_version.title
    if not services.remove_from_plan(current_user.id, module):
        message = _("„%(title)s“ stand nicht auf Ihrem Lernplan.", title=title)
        return _plan_changed(module, False, message, "info", target)
    if urlsplit(target).path == url_for("catalog.view_plan"):
        target = url_for("catalog.view_plan", entfernt=module.slug)
    message = _(
        "„%(title)s“ ist nicht mehr auf Ihrem Lernplan. Ihr Lernstand bleibt erhalten.", title=title
    )
    return _plan_changed(module, False, message, "success", target)


@bp.post("/kurse/<slug>/lernplan")
@login_required
def add_course_to_plan(slug: str):
    course = queries.course_by_slug(slug)
    if course is None:
        abort(404)
    if PlanForm().validate_on_submit():
        added = services.add_course_to_plan(current_user.id, course)
        if added:
            message = ngettext(
                "1 Modul des Kurses ist „%(title)s“ neu auf Ihrem Lernplan.",
                "%(num)d Module des Kurses sind „%(title)s“ neu auf Ihrem Lernplan.",
                added,
                title=course.title,
            )
            flash(message, "success")
        else:
            message = _(
                "Alle Module des Kurses „%(title)s“ stehen schon auf Ihrem Lernplan.",
                title=course.title,
            )
            flash(message, "info")
    return redirect(url_for("catalog.show_course", slug=course.slug))


def home_panel_context() -> dict | None:
    """The start-page panel: resume and plan for learners, a course teaser for visitors."""
    if current_user.is_authenticated:
        standings = standing.standings_for(current_user.id)
        items = services.plan_items(current_user.id, standings)
        return {
            "resume": services.resume_point(current_user.id),
            "plan_items": items,
            "plan_done": sum(item.standing.done for item in items),
        }
    teaser = services.course_teaser()
    return {"teaser": teaser} if teaser else None
