"""Report tables as files: CSV for German Excel and XLSX (openpyxl), with German headers and
dates, written row by row so large tables stream through with a progress callback."""

import csv
import io
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum

from flask_babel import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font

from lms.certificates.issuing import LOCAL_ZONE

PROGRESS_EVERY = 500
"""Rows between two calls of the progress callback."""

Progress = Callable[[int], None]


class Kind(StrEnum):
    """How a column's values are written."""

    TEXT = "text"
    NUMBER = "number"
    SHARE = "share"  # 0.85 -> 85 % (a best score, a completion rate)
    MINUTES = "minutes"  # seconds -> whole minutes
    DATE = "date"  # a UTC moment -> the local calendar day


@dataclass(frozen=True)
class Column:
    """One column: its German header and kind."""

    header: str
    kind: Kind = Kind.TEXT
    width: int = 14


@dataclass
class Table:
    """A report table: file name, sheet title, columns and rows (values in column order)."""

    name: str
    title: str
    columns: list[Column]
    rows: Iterable[tuple] = field(default_factory=list)


def _local_day(value) -> date | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.astimezone(LOCAL_ZONE).date()
    return value


def _csv_text(text: str) -> str:
    """Text that Excel would run as a formula gets a leading apostrophe (CSV injection)."""
    return f"'{text}" if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def csv_value(value, kind: Kind) -> str:
    """One value as CSV text: German dates, whole percent and minutes."""
    if value is None or value == "":
        return ""
    if kind == Kind.DATE:
        return _local_day(value).strftime("%d.%m.%Y")
    if kind == Kind.SHARE:
        return str(round(100 * value))
    if kind == Kind.MINUTES:
        return str(round(value / 60))
    if kind == Kind.NUMBER:
        return str(round(value)) if float(value).is_integer() else f"{value:.1f}".replace(".", ",")
    return _csv_text(str(value))


def _ticking(rows: Iterable[tuple], progress: Progress | None) -> Iterable[tuple]:
    done = 0
    for done, row in enumerate(rows, 1):  # noqa: B007  (done is reported after the loop)
        yield row
        if progress and done % PROGRESS_EVERY == 0:
            progress(done)
    if progress:
        progress(done)


def to_csv(table: Table, progress: Progress | None = None) -> bytes:
    """The table as CSV bytes German Excel opens with umlauts and columns intact."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow([str(column.header) for column in table.columns])
    kinds = [column.kind for column in table.columns]
    for row in _ticking(table.rows, progress):
        writer.writerow([csv_value(value, kind) for value, kind in zip(row, kinds, strict=True)])
    return buffer.getvalue().encode("utf-8-sig")


_FORMATS = {Kind.DATE: "DD.MM.YYYY", Kind.SHARE: "0 %", Kind.MINUTES: "0", Kind.NUMBER: "0"}


def _xlsx_value(value, kind: Kind):
    if value is None or value == "":
        return None
    if kind == Kind.DATE:
        return _local_day(value)
    if kind == Kind.MINUTES:
        return round(value / 60)
    if kind == Kind.TEXT:
        return str(value)
    return value


def to_xlsx(table: Table, progress: Progress | None = None) -> bytes:
    """The table as an XLSX workbook: bold frozen header row, dates as date cells."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=table.title[:31] or _("Bericht"))
    sheet.freeze_panes = "A2"
    for index, column in enumerate(table.columns):
        sheet.column_dimensions[_letter(index)].width = column.width
    bold, wrap = Font(bold=True), Alignment(wrap_text=True, vertical="top")
    header = []
    for column in table.columns:
        cell = WriteOnlyCell(sheet, value=str(column.header))
        cell.font, cell.alignment = bold, wrap
        header.append(cell)
    sheet.append(header)
    kinds = [column.kind for column in table.columns]
    formats = {index: _FORMATS[kind] for index, kind in enumerate(kinds) if kind in _FORMATS}
    for row in _ticking(table.rows, progress):
        values = [_xlsx_value(value, kind) for value, kind in zip(row, kinds, strict=True)]
        for index, number_format in formats.items():
            if values[index] is not None:
                cell = WriteOnlyCell(sheet, value=values[index])
                cell.number_format = number_format
                values[index] = cell
        sheet.append(values)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


WRITERS = {"csv": to_csv, "xlsx": to_xlsx}
MEDIA_TYPES = {"csv": "text/csv; charset=utf-8",
               "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
