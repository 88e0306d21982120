"""Learning resources beside the modules: what wiki pages and seminar records share.

Both are shipped as files or edited in the browser, keep revisions, are written in Markdown
with internal links, are tracked as xAPI activities and are indexed for search. Each kind
registers itself here (``register_kind``); this package never imports a kind, so the wiki
and the seminars are siblings that build on it.
"""

from flask import Flask

from lms.cli import lms_cli, register_seeder


def init_app(app: Flask) -> None:
    """The ``lms sync-content`` command and the ``lms init`` seeder for every kind."""
    register_seeder(app, "Wiki und Seminare", cli.seed_content)
    if "sync-content" not in lms_cli.commands:
        lms_cli.add_command(cli.sync_content_command)


from lms.resources import cli  # noqa: E402  (needs init_app's module loaded first)
