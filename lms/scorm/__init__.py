"""SCORM runtime: the CMI data models of SCORM 1.2 and 2004, attempts and launch sessions,
the endpoint the API adapter commits to, navigation between SCOs, and the xAPI statements
that carry what a SCO reports into the LRS (docs/scorm.md).

Importing packages (``imsmanifest.xml``) is lms.packages.kinds.scorm; the player shows the
table of contents and frames the adapter page of the content origin.
"""

from flask import Blueprint, Flask

from lms.extensions import csrf
from lms.scorm import models  # noqa: F401  (register the tables)
from lms.scorm.overview import overview

bp = Blueprint("scorm", __name__, url_prefix="/scorm")


def init_app(app: Flask) -> None:
    """The runtime endpoint authenticates by its launch token, not by session and CSRF; the
    module page asks for the learner's table of contents."""
    csrf.exempt(bp)
    app.jinja_env.globals.update(scorm_overview=overview)


from lms.scorm import routes  # noqa: E402,F401  (routes attach themselves to bp)
