"""Views for registration, login, e-mail confirmation, password reset and the profile."""

from urllib.parse import urlsplit

from flask import flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user, login_required, login_user, logout_user

from lms.accounts import bp, email_change, membership, services, sessions
from lms.accounts.forms import (
    ChangeEmailForm,
    ChangePasswordForm,
    ConfirmForm,
    EmailOnlyForm,
    LoginForm,
    MembershipForm,
    ProfileForm,
    RegisterForm,
    ResetPasswordForm,
)
from lms.core.forms import show_error
from lms.extensions import limiter


def _safe_next(target: str | None) -> str:
    """Only follow ``next`` to a path on this site."""
    if (
        target
        and target.startswith("/")
        and not target.startswith("//")
        and not urlsplit(target).netloc
    ):
        return target
    return url_for("home.index")


@bp.route("/registrieren", methods=["GET", "POST"])
@limiter.limit("10 per hour", methods=["POST"])
def register():
    if current_user.is_authenticated:
        return redirect(url_for("home.index"))
    form = RegisterForm()
    form.set_organisation_choices(services.organisation_choices())
    if form.validate_on_submit():
        try:
            user = services.register_user(
                email=form.email.data,
                name=form.name.data,
                password=form.password.data,
                organisation_id=form.organisation_id,
            )
        except services.AccountError as error:
            show_error(form, error.field, error.message)
        else:
            return render_template("accounts/registered.html", email=user.email,
                                   requested=form.organisation_id is not None)
    return render_template("accounts/register.html", form=form)


@bp.route("/anmelden", methods=["GET", "POST"])
def login():
    if current_user.is_authenticated:
        return redirect(url_for("home.index"))
    form = LoginForm()
    unconfirmed = False
    if form.validate_on_submit():
        try:
            user = services.log_in(form.email.data, form.password.data, request.remote_addr or "")
        except services.LoginThrottled as throttled:
            return _throttled(form, throttled.wait)
        except services.LoginRefused as refusal:
            flash(refusal.message, "error")
            unconfirmed = refusal.unconfirmed
        else:
            sessions.start(user, remember=form.remember.data,
                           user_agent=request.user_agent.string)
            login_user(user, remember=form.remember.data)
            session["locale"] = user.locale
            flash(_("Willkommen zurück, %(name)s!", name=user.name), "success")
            return redirect(_safe_next(request.args.get("next")))
    return render_template("accounts/login.html", form=form, unconfirmed=unconfirmed), (
        401 if request.method == "POST" else 200
    )


def _throttled(form: LoginForm, wait: int):
    """The login page again, saying how long to wait (429 with ``Retry-After``)."""
    flash(ngettext("Zu viele fehlgeschlagene Anmeldeversuche von hier aus. Bitte warten Sie "
                   "%(num)d Sekunde und versuchen Sie es dann erneut.",
                   "Zu viele fehlgeschlagene Anmeldeversuche von hier aus. Bitte warten Sie "
                   "%(num)d Sekunden und versuchen Sie es dann erneut.", wait), "error")
    page = render_template("accounts/login.html", form=form, unconfirmed=False)
    return page, 429, {"Retry-After": str(wait)}


@bp.post("/abmelden")
def logout():
    form = ConfirmForm()
    if form.validate_on_submit():
        sessions.end(getattr(current_user, "login_session_key", None))
        logout_user()
        flash(_("Sie sind abgemeldet."), "success")
    return redirect(url_for("home.index"))


@bp.post("/konto/ueberall-abmelden")
@login_required
def log_out_everywhere():
    if ConfirmForm().validate_on_submit():
        services.log_out_everywhere(current_user)
        logout_user()
        flash(_("Sie sind jetzt auf allen Geräten abgemeldet."), "success")
        return redirect(url_for("accounts.login"))
    return redirect(url_for("accounts.profile"))


@bp.get("/konto/bestaetigen/<token>")
def confirm_email(token: str):
    try:
        services.confirm_email(token)
    except services.AccountError as error:
        flash(error.message, "error")
        return redirect(url_for("accounts.resend_confirmation"))
    flash(_("Ihre E-Mail-Adresse ist bestätigt. Sie können sich jetzt anmelden."), "success")
    return redirect(url_for("accounts.login"))


@bp.route("/konto/bestaetigung-senden", methods=["GET", "POST"])
@limiter.limit("5 per hour", methods=["POST"])
def resend_confirmation():
    form = EmailOnlyForm()
    if form.validate_on_submit():
        user = services.find_user_by_email(form.email.data)
        if user and user.email_confirmed_at is None:
            services.send_confirmation_mail(user)
        flash(
            _(
                "Falls zu dieser Adresse ein unbestätigtes Konto gehört, "
                "ist ein neuer Link unterwegs."
            ),
            "success",
        )
        return redirect(url_for("accounts.login"))
    return render_template("accounts/resend_confirmation.html", form=form)


@bp.route("/passwort-vergessen", methods=["GET", "POST"])
@limiter.limit("5 per hour", methods=["POST"])
def forgot_password():
    form = EmailOnlyForm()
    if form.validate_on_submit():
        services.request_password_reset(form.email.data)
        flash(
            _(
                "Falls zu dieser Adresse ein Konto gehört, haben wir einen Link zum "
                "Zurücksetzen geschickt. Er ist zwei Stunden gültig."
            ),
            "success",
        )
        return redirect(url_for("accounts.login"))
    return render_template("accounts/forgot_password.html", form=form)


@bp.route("/passwort-zuruecksetzen/<token>", methods=["GET", "POST"])
def reset_password(token: str):
    try:
        services.check_reset_token(token)
    except services.AccountError as error:
        flash(error.message, "error")
        return redirect(url_for("accounts.forgot_password"))
    form = ResetPasswordForm()
    if form.validate_on_submit():
        try:
            services.reset_password(token, form.password.data)
        except services.AccountError as error:
            show_error(form, error.field, error.message)
        else:
            flash(_("Ihr neues Passwort ist gespeichert. Bitte melden Sie sich an."), "success")
            return redirect(url_for("accounts.login"))
    return render_template("accounts/reset_password.html", form=form)


@bp.route("/konto", methods=["GET", "POST"])
@login_required
def profile():
    form = ProfileForm(obj=current_user)
    if form.validate_on_submit():
        try:
            services.update_profile(current_user, name=form.name.data, locale=form.locale.data)
        except services.AccountError as error:
            show_error(form, error.field, error.message)
        else:
            session["locale"] = current_user.locale
            flash(_("Ihr Profil ist gespeichert."), "success")
            return redirect(url_for("accounts.profile"))
    return render_profile(form)


def render_profile(form: ProfileForm, membership_form: MembershipForm | None = None,
                   status: int = 200):
    """The account page: profile form, organisation and its requests, where one is logged in."""
    if membership_form is None:
        membership_form = MembershipForm(formdata=None)
    membership_form.set_organisation_choices(services.organisation_choices(),
                                             current_user.organisation_id)
    page = render_template(
        "accounts/profile.html", form=form, membership_form=membership_form,
        latest_request=membership.latest_request_of(current_user.id),
        logins=sessions.sessions_of(current_user.id),
        current_key=current_user.login_session_key, is_current=sessions.is_current,
        device_label=sessions.device_label, confirm_form=ConfirmForm())
    return page, status


@bp.route("/konto/email", methods=["GET", "POST"])
@login_required
def change_email():
    form = ChangeEmailForm()
    if form.validate_on_submit():
        try:
            address = email_change.request_email_change(current_user, form.email.data,
                                                    form.current_password.data)
        except services.AccountError as error:
            show_error(form, error.field, error.message)
        else:
            flash(_("Wir haben einen Link an %(email)s geschickt. Erst wenn Sie ihn öffnen, "
                    "gilt die neue Adresse.", email=address), "success")
            return redirect(url_for("accounts.profile"))
    return render_template("accounts/change_email.html", form=form)


@bp.get("/konto/email/bestaetigen/<token>")
def confirm_email_change(token: str):
    try:
        user = email_change.confirm_email_change(token)
    except services.AccountError as error:
        flash(error.message, "error")
        return redirect(url_for("accounts.profile" if current_user.is_authenticated
                                else "accounts.login"))
    flash(_("Ihre neue E-Mail-Adresse %(email)s ist bestätigt. Sie melden sich ab jetzt "
            "damit an.", email=user.email), "success")
    return redirect(url_for("accounts.profile" if current_user.is_authenticated
                            else "accounts.login"))


@bp.route("/konto/passwort", methods=["GET", "POST"])
@login_required
def change_password():
    form = ChangePasswordForm()
    if form.validate_on_submit():
        try:
            services.change_password(current_user, form.current_password.data, form.password.data)
        except services.AccountError as error:
            show_error(form, error.field, error.message)
        else:
            flash(_("Ihr Passwort ist geändert."), "success")
            return redirect(url_for("accounts.profile"))
    return render_template("accounts/change_password.html", form=form)


@bp.post("/sprache")
def set_language():
    locale = request.form.get("locale", "de")
    if locale in ("de", "en"):
        session["locale"] = locale
        if current_user.is_authenticated:
            services.set_locale(current_user, locale)
    return redirect(_safe_next(request.form.get("next")))
