"""iCalendar (RFC 5545) invitations for upcoming seminars: the download and the mail attachment."""

from datetime import UTC, datetime, time, timedelta

from lms.seminars.models import Seminar
from lms.seminars.services import LOCAL_ZONE

PRODUCT = "-//Zukunftsraum Demografie//Lernraum//DE"


def _escape(text: str) -> str:
    """TEXT value escaping: backslash, semicolon, comma, newlines (RFC 5545 3.3.11)."""
    return (text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
            .replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", ""))


def _fold(line: str) -> str:
    """Lines longer than 75 octets continue on the next line after a space (3.1)."""
    data, out = line.encode("utf-8"), []
    while len(data) > 75:
        cut = 75 if not out else 74
        while cut > 0 and (data[cut] & 0xC0) == 0x80:  # never split a UTF-8 character
            cut -= 1
        out.append(data[:cut].decode("utf-8"))
        data = data[cut:]
    out.append(data.decode("utf-8"))
    return "\r\n ".join(out)


def _utc(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def starts_at(seminar: Seminar) -> datetime:
    """The seminar's start as an aware local time (midnight if no time is set)."""
    return datetime.combine(seminar.held_on, seminar.start_time or time(0), LOCAL_ZONE)


def event_lines(seminar: Seminar, *, url: str, uid_host: str, online_url: str = "",
                status: str = "CONFIRMED") -> list[str]:
    """The VEVENT of ``seminar``; ``online_url`` only for people registered for it."""
    start = starts_at(seminar)
    end = start + timedelta(minutes=seminar.duration_minutes)
    description = seminar.summary + "\n\n" + url
    if online_url:
        description += "\n\nZugang: " + online_url
    location = online_url or seminar.location or ("Online" if seminar.event_format == "online"
                                                  else "")
    lines = [
        "BEGIN:VEVENT",
        f"UID:seminar-{seminar.slug}@{uid_host}",
        f"DTSTAMP:{_utc(datetime.now(LOCAL_ZONE))}",
        f"DTSTART:{_utc(start)}" if seminar.start_time else
        f"DTSTART;VALUE=DATE:{seminar.held_on:%Y%m%d}",
        f"DTEND:{_utc(end)}" if seminar.start_time else
        f"DTEND;VALUE=DATE:{seminar.held_on + timedelta(days=1):%Y%m%d}",
        f"SUMMARY:{_escape(seminar.title)}",
        f"DESCRIPTION:{_escape(description)}",
        f"URL:{url}",
        f"STATUS:{status}",
    ]
    if location:
        lines.append(f"LOCATION:{_escape(location)}")
    return [*lines, "END:VEVENT"]


def calendar(seminar: Seminar, *, url: str, uid_host: str, online_url: str = "",
             method: str = "PUBLISH", status: str = "CONFIRMED") -> bytes:
    """A complete ``.ics`` file for one seminar, CRLF line ends, folded lines."""
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:{PRODUCT}", f"METHOD:{method}",
             "CALSCALE:GREGORIAN",
             *event_lines(seminar, url=url, uid_host=uid_host, online_url=online_url,
                          status=status),
             "END:VCALENDAR"]
    return ("\r\n".join(_fold(line) for line in lines) + "\r\n").encode("utf-8")
