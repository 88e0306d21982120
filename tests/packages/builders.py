"""Small e-learning packages the tests write themselves: tincan.xml, cmi5.xml and zips."""

import io
import zipfile
from xml.sax.saxutils import escape, quoteattr

CMI5_NS = "https://w3id.org/xapi/profiles/cmi5/v1/CourseStructure.xsd"
COURSE_ID = "https://beispiel.de/kurse/demografie-check"
PAGE = b"<!doctype html><html lang='de'><title>AU</title><p>Hallo</p></html>"


def zip_bytes(members: dict[str, bytes | str], *, compression=zipfile.ZIP_DEFLATED) -> bytes:
    """A zip of ``members`` (name -> content), in this order."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, data in members.items():
            archive.writestr(name, data.encode() if isinstance(data, str) else data)
    return buffer.getvalue()


def langstrings(texts: dict[str, str]) -> str:
    return "".join(f"<langstring lang={quoteattr(lang)}>{escape(text)}</langstring>"
                   for lang, text in texts.items())


def au(au_id: str, url: str = "au/index.html", *, title: dict | None = None,
       attributes: str = 'moveOn="CompletedOrPassed"', extra: str = "", objectives: str = "",
       description: dict | None = None) -> str:
    """One ``<au>`` element; ``extra`` follows the url (launchParameters, entitlementKey)."""
    return (f"<au id={quoteattr(au_id)} {attributes}>"
            f"<title>{langstrings(title or {'de-DE': 'Einheit ' + au_id[-1]})}</title>"
            f"<description>{langstrings(description or {'de-DE': 'Beschreibung'})}</description>"
            f"{objectives}<url>{escape(url)}</url>{extra}</au>")


def block(block_id: str, *children: str, title: str = "Block") -> str:
    """One ``<block>`` around ``children``."""
    return (f"<block id={quoteattr(block_id)}><title>{langstrings({'de': title})}</title>"
            f"<description>{langstrings({'de': 'Ein Block'})}</description>"
            + "".join(children) + "</block>")


def cmi5_xml(*content: str, course_id: str = COURSE_ID, titles: dict | None = None,
             objectives: str = "", bom: bool = False) -> bytes:
    """A course structure with ``content`` (AUs and blocks)."""
    content = content or (au(COURSE_ID + "/au/1"),)
    titles = titles or {"en-US": "Demography check", "de-DE": "Demografie-Check"}
    xml = (f'<?xml version="1.0" encoding="utf-8"?>\n<courseStructure xmlns="{CMI5_NS}">'
           f"<course id={quoteattr(course_id)}>"
           f"<title>{langstrings(titles)}</title>"
           f"<description>{langstrings({'de-DE': 'Ein kurzer Kurs.'})}</description></course>"
           f"{objectives}" + "".join(content) + "</courseStructure>")
    return (b"\xef\xbb\xbf" if bom else b"") + xml.encode("utf-8")


def cmi5_zip(*content: str, files: dict | None = None, **options) -> bytes:
    """A cmi5 course package: ``cmi5.xml`` plus ``au/index.html`` (and ``files``)."""
    return zip_bytes({"cmi5.xml": cmi5_xml(*content, **options), "au/index.html": PAGE,
                      **(files or {})})


def tincan_xml(activity_id: str = "https://beispiel.de/pakete/golf", launch: str = "index.html",
               *, name: str = "Golf für Kommunen", extra: str = "", bom: bool = False,
               namespace: str = "http://projecttincan.com/tincan.xsd") -> bytes:
    """A tincan.xml with one launchable course activity."""
    xml = (f'<?xml version="1.0" encoding="utf-8"?>\n<tincan xmlns="{namespace}"><activities>'
           f'<activity id={quoteattr(activity_id)} type="http://adlnet.gov/expapi/activities/course">'
           f'<name lang="de-DE">{escape(name)}</name>'
           f'<description lang="de-DE">Ein Beispiel.</description>'
           f'<launch lang="de-DE">{escape(launch)}</launch></activity>{extra}'
           "</activities></tincan>")
    return (b"\xef\xbb\xbf" if bom else b"") + xml.encode("utf-8")


def tincan_zip(files: dict | None = None, **options) -> bytes:
    """An xAPI package: ``tincan.xml`` plus ``index.html`` (and ``files``)."""
    return zip_bytes({"tincan.xml": tincan_xml(**options), "index.html": PAGE, **(files or {})})
