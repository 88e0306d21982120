"""What an upload left behind: one stored package per module version (files and where from)."""

from sqlalchemy import BigInteger, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from lms.catalog.models import ModuleVersion
from lms.core.models import CreatedAtMixin
from lms.extensions import db


class Package(CreatedAtMixin, db.Model):
    """The uploaded package behind a module version: its kind, the manifest that was used,
    the package's own identifier and the folder its files live in (under PACKAGE_STORAGE).

    The structure, the launchable units and their rules are part of the version itself
    (``ModuleVersion.content``), so the catalogue, player and progress read them there.
    """

    id: Mapped[int] = mapped_column(primary_key=True)
    module_version_id: Mapped[int] = mapped_column(
        ForeignKey("module_version.id", ondelete="CASCADE"), unique=True)
    kind: Mapped[str] = mapped_column(String(20))
    manifest_file: Mapped[str] = mapped_column(String(200))
    publisher_id: Mapped[str] = mapped_column(String(600), index=True)
    storage_key: Mapped[str | None] = mapped_column(String(120), unique=True)
    file_count: Mapped[int] = mapped_column(default=0)
    total_bytes: Mapped[int] = mapped_column(BigInteger, default=0)
    uploaded_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user.id", ondelete="SET NULL"))

    version: Mapped[ModuleVersion] = relationship()
