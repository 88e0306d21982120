"""Background job runs that failed: what, why, how often; kept until they succeed."""

from datetime import datetime

from sqlalchemy import LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from lms.extensions import db


class JobFailure(db.Model):
    """The last failure of one queued job; ``final`` once no retry is left."""

    __tablename__ = "job_failure"

    id: Mapped[int] = mapped_column(primary_key=True)
    task_id: Mapped[str] = mapped_column(String(64), unique=True)
    job: Mapped[str] = mapped_column(String(120), index=True)
    label: Mapped[str] = mapped_column(String(200))
    arguments: Mapped[str] = mapped_column(Text, default="")
    error: Mapped[str] = mapped_column(Text)
    details: Mapped[str] = mapped_column(Text, default="")
    attempts: Mapped[int] = mapped_column(default=1)
    final: Mapped[bool] = mapped_column(default=False)
    failed_at: Mapped[datetime]
    task_data: Mapped[bytes] = mapped_column(LargeBinary)
