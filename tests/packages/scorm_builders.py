"""Small SCORM packages the tests write themselves: imsmanifest.xml for 1.2 and 2004, zips,
and a SCO page that drives the API from its query string (for the browser tests)."""

from xml.sax.saxutils import escape, quoteattr

from tests.packages.builders import zip_bytes

CP_12 = "http://www.imsproject.org/xsd/imscp_rootv1p1p2"
ADLCP_12 = "http://www.adlnet.org/xsd/adlcp_rootv1p2"
CP_2004 = "http://www.imsglobal.org/xsd/imscp_v1p1"
ADLCP_2004 = "http://www.adlnet.org/xsd/adlcp_v1p3"
IMSSS = "http://www.imsglobal.org/xsd/imsss"
ADLNAV = "http://www.adlnet.org/xsd/adlnav_v1p3"
SCHEMA_VERSIONS = {"1.2": "1.2", "2004-2": "CAM 1.3", "2004-3": "2004 3rd Edition",
                   "2004-4": "2004 4th Edition"}
SCO_PAGE = b"<!doctype html><html lang='de'><title>SCO</title><p>Ein SCO</p></html>"


def item(identifier: str, title: str, resource: str | None = None, *children: str,
         extra: str = "", attributes: str = "") -> str:
    """One ``<item>``; ``extra`` goes after the title (adlcp:…, imsss:sequencing)."""
    ref = f" identifierref={quoteattr(resource)}" if resource else ""
    return (f"<item identifier={quoteattr(identifier)}{ref} {attributes}>"
            f"<title>{escape(title)}</title>{extra}{''.join(children)}</item>")


def resource(identifier: str, href: str | None = "sco.html", scorm_type: str = "sco",
             files: tuple[str, ...] = (), version: str = "1.2", extra: str = "") -> str:
    """One ``<resource>`` with its files."""
    attribute = "adlcp:scormtype" if version == "1.2" else "adlcp:scormType"
    href_attribute = f" href={quoteattr(href)}" if href is not None else ""
    listed = "".join(f"<file href={quoteattr(name)}/>" for name in (files or
                                                                   ((href,) if href else ())))
    return (f"<resource identifier={quoteattr(identifier)} type=\"webcontent\" "
            f"{attribute}={quoteattr(scorm_type)}{href_attribute}>{listed}{extra}</resource>")


def manifest(*items: str, resources: tuple[str, ...] | None = None, version: str = "1.2",
             title: str = "Bürgerbeteiligung digital", identifier: str = "de.beispiel.scorm",
             organization_extra: str = "", organizations: str | None = None,
             schemaversion: str | None = None, collection: str = "") -> bytes:
    """An imsmanifest.xml with one organization holding ``items``."""
    twelve = version == "1.2"
    namespaces = (f'xmlns="{CP_12}" xmlns:adlcp="{ADLCP_12}"' if twelve else
                  f'xmlns="{CP_2004}" xmlns:adlcp="{ADLCP_2004}" xmlns:imsss="{IMSSS}" '
                  f'xmlns:adlnav="{ADLNAV}"')
    items = items or (item("item_1", "Einheit 1", "res_1"),)
    resources = resources if resources is not None else (
        resource("res_1", version=version),)
    declared = schemaversion if schemaversion is not None else SCHEMA_VERSIONS[version]
    metadata = (f"<metadata><schema>ADL SCORM</schema><schemaversion>{declared}"
                "</schemaversion></metadata>") if declared else ""
    if organizations is None:
        organizations = (f'<organizations default="org_1"><organization identifier="org_1">'
                         f"<title>{escape(title)}</title>{''.join(items)}{organization_extra}"
                         "</organization></organizations>")
    xml = (f'<?xml version="1.0" encoding="UTF-8"?>\n<manifest identifier={quoteattr(identifier)} '
           f'version="1" {namespaces}>{metadata}{organizations}'
           f"<resources>{''.join(resources)}</resources>{collection}</manifest>")
    return xml.encode("utf-8")


def scorm_zip(*items: str, files: dict | None = None, pages: tuple[str, ...] = ("sco.html",),
              **options) -> bytes:
    """A SCORM package: the manifest plus a page for each name in ``pages``."""
    members = {"imsmanifest.xml": manifest(*items, **options)}
    members.update({name: SCO_PAGE for name in pages})
    members.update(files or {})
    return zip_bytes(members)


def sequencing(*, choice: bool | None = None, flow: bool | None = None,
               forward_only: bool | None = None, tracked: bool | None = None,
               rollup_satisfied: bool | None = None, rollup_completion: bool | None = None,
               objectives: str = "", extra: str = "") -> str:
    """An ``imsss:sequencing`` element with the given control modes and rollup flags."""
    def attributes(**values) -> str:
        return "".join(f' {name}="{str(value).lower()}"' for name, value in values.items()
                       if value is not None)
    parts = []
    control = attributes(choice=choice, flow=flow, forwardOnly=forward_only)
    if control:
        parts.append(f"<imsss:controlMode{control}/>")
    if objectives:
        parts.append(f"<imsss:objectives>{objectives}</imsss:objectives>")
    rollup = attributes(rollupObjectiveSatisfied=rollup_satisfied,
                        rollupProgressCompletion=rollup_completion)
    if rollup:
        parts.append(f"<imsss:rollupRules{rollup}/>")
    if tracked is not None:
        parts.append(f"<imsss:deliveryControls{attributes(tracked=tracked)}/>")
    return f"<imsss:sequencing>{''.join(parts)}{extra}</imsss:sequencing>"


def primary_objective(minimum: float, identifier: str = "primary") -> str:
    """A primary objective satisfied by measure (gives cmi.scaled_passing_score)."""
    return (f'<imsss:primaryObjective objectiveID="{identifier}" satisfiedByMeasure="true">'
            f"<imsss:minNormalizedMeasure>{minimum}</imsss:minNormalizedMeasure>"
            "</imsss:primaryObjective>")
