"""``imsmanifest.xml`` of SCORM 1.2 and SCORM 2004 (2nd, 3rd, 4th edition): version,
organization tree, resources, and one unit per launchable item, with German reasons.

Elements are matched by their local name inside the content-packaging namespace the
manifest uses (packages in the wild mix prefixes); ADL and IMS SS extensions by namespace.
"""

from decimal import Decimal, InvalidOperation
from urllib.parse import unquote, urlsplit

from lms.packages.kinds.base import ParsedPackage, unit_key
from lms.packages.kinds.scorm import sequencing
from lms.packages.kinds.urls import check_launch_url
from lms.packages.xmlread import split_tag, text_of

ADLCP_12 = "http://www.adlnet.org/xsd/adlcp_rootv1p2"
ADLCP_2004 = "http://www.adlnet.org/xsd/adlcp_v1p3"
CP_12 = "http://www.imsproject.org/xsd/imscp_rootv1p1p2"
CP_2004 = "http://www.imsglobal.org/xsd/imscp_v1p1"
XML_BASE = "{http://www.w3.org/XML/1998/namespace}base"
SCHEMA_VERSIONS = {"1.2": "1.2", "cam 1.3": "2004-2", "1.3": "2004-2",
                   "2004 3rd edition": "2004-3", "2004 4th edition": "2004-4"}
VERSION_LABELS = {"1.2": "SCORM 1.2", "2004-2": "SCORM 2004 2nd Edition",
                  "2004-3": "SCORM 2004 3rd Edition", "2004-4": "SCORM 2004 4th Edition"}
MAX_DEPTH = 30
MAX_ITEMS = 2000
TIME_LIMIT_ACTIONS = ("exit,message", "exit,no message", "continue,message",
                      "continue,no message")


def _local(element) -> str:
    return split_tag(element.tag)[1]


def _adl(element, namespace: str, *names: str):
    """The first child in the ADL namespace with one of ``names`` (case as the version
    spells them), or None."""
    for child in element:
        tag_namespace, tag = split_tag(child.tag)
        if tag_namespace == namespace and tag in names:
            return child
    return None


def _first(element, name: str):
    return next((child for child in element if _local(child) == name), None)


def _all(element, name: str) -> list:
    return [child for child in element if _local(child) == name]


def detect_version(root) -> str | None:
    """``1.2`` or ``2004-2``/``-3``/``-4`` from ``metadata/schemaversion``, else from the
    namespaces used (an ADL namespace in any attribute or element)."""
    metadata = _first(root, "metadata")
    declared = text_of(_first(metadata, "schemaversion")) if metadata is not None else ""
    if declared.lower() in SCHEMA_VERSIONS:
        return SCHEMA_VERSIONS[declared.lower()]
    namespaces = {split_tag(root.tag)[0]}
    for element in root.iter():
        namespaces.add(split_tag(element.tag)[0])
        namespaces.update(split_tag(name)[0] for name in element.attrib)
    if ADLCP_2004 in namespaces or CP_2004 in namespaces:
        return "2004-3"
    if ADLCP_12 in namespaces or CP_12 in namespaces:
        return "1.2"
    return None


def join_parameters(href: str, parameters: str) -> str:
    """An item's ``parameters`` added to its resource's ``href`` (IMS CP best practice)."""
    parameters = (parameters or "").strip()
    if not parameters:
        return href
    path, _, fragment = href.partition("#")
    if parameters.startswith("#"):
        return href if fragment else href + parameters
    query = parameters.lstrip("?&")
    joined = path + ("&" if "?" in path else "?") + query
    return joined + ("#" + fragment if fragment else "")


class ManifestReader:
    """Reads one manifest into ``parsed`` (units, structure, warnings, errors)."""

    def __init__(self, parsed: ParsedPackage, files: set[str]):
        self.parsed = parsed
        self.files = files
        self.version = "1.2"
        self.adlcp = ADLCP_12
        self.resources: dict[str, dict] = {}
        self.ids: set[str] = set()
        self.sequencing: sequencing.SequencingReader | None = None
        self.item_count = 0

    def error(self, message: str) -> None:
        self.parsed.error(message)

    def warn(self, message: str) -> None:
        if message not in self.parsed.warnings:
            self.parsed.warnings.append(message)

    def read(self, root) -> None:
        if _local(root) != "manifest":
            self.error("Das Wurzelelement von imsmanifest.xml muss <manifest> sein.")
            return
        version = detect_version(root)
        if version is None:
            self.error("Die SCORM-Version ist nicht zu erkennen: <metadata><schemaversion> "
                       "fehlt oder ist unbekannt (erwartet 1.2, CAM 1.3, 2004 3rd Edition "
                       "oder 2004 4th Edition), und die ADL-Namensräume fehlen.")
            return
        self.version = version
        self.adlcp = ADLCP_12 if version == "1.2" else ADLCP_2004
        self.sequencing = sequencing.SequencingReader(sequencing.collection(root))
        self.parsed.publisher_id = (root.get("identifier") or "").strip()
        if not self.parsed.publisher_id:
            self.error("Das <manifest> braucht ein Attribut identifier.")
        if _first(root, "manifest") is not None:
            self.warn("Das Paket enthält Unter-Manifeste; Lernraum liest nur das äußere.")
        self._read_resources(_first(root, "resources"))
        if self.parsed.errors:
            return
        organization = self._organization(_first(root, "organizations"))
        if organization is None:
            self._flat_structure()
        else:
            self._read_organization(organization)
        self.parsed.warnings.extend(self.sequencing.warnings())
        if not self.parsed.units and not self.parsed.errors:
            self.error("Das Paket enthält keine startbare Lerneinheit (kein <item> mit "
                       "identifierref auf eine Ressource).")

    def _unique(self, identifier: str, what: str) -> bool:
        if not identifier:
            self.error(f"Ein Element <{what}> hat kein Attribut identifier.")
            return False
        if identifier in self.ids:
            self.error(f"Die Kennung „{identifier}“ kommt in imsmanifest.xml mehrfach vor.")
            return False
        self.ids.add(identifier)
        return True

    def _read_resources(self, element) -> None:
        if element is None:
            self.error("imsmanifest.xml hat kein Element <resources>.")
            return
        base = element.get(XML_BASE, "")
        for resource in _all(element, "resource"):
            identifier = (resource.get("identifier") or "").strip()
            if not self._unique(identifier, "resource"):
                continue
            scorm_type = (resource.get(f"{{{self.adlcp}}}scormType")
                          or resource.get(f"{{{self.adlcp}}}scormtype") or "").strip().lower()
            if scorm_type not in ("sco", "asset"):
                self.warn(f"Die Ressource „{identifier}“ sagt nicht, ob sie ein SCO oder ein "
                          "Asset ist (adlcp:scormType); Lernraum behandelt sie als SCO.")
                scorm_type = "sco"
            own_base = base + resource.get(XML_BASE, "")
            href = (resource.get("href") or "").strip()
            self.resources[identifier] = {
                "identifier": identifier, "type": scorm_type,
                "href": own_base + href if href else "",
                "files": [own_base + (f.get("href") or "").strip()
                          for f in _all(resource, "file")],
                "dependencies": [(d.get("identifierref") or "").strip()
                                 for d in _all(resource, "dependency")],
            }
        self._check_resource_files()

    def _check_resource_files(self) -> None:
        """Missing listed files and dependencies are warnings: only launch files must exist."""
        for resource in self.resources.values():
            missing = [name for name in resource["files"]
                       if name and unquote(urlsplit(name).path) not in self.files]
            if missing:
                self.warn(f"Die Ressource „{resource['identifier']}“ nennt Dateien, die im "
                          f"Paket fehlen: {', '.join(missing[:5])}"
                          + (" …" if len(missing) > 5 else "") + ".")
            for dependency in resource["dependencies"]:
                if dependency not in self.resources:
                    self.warn(f"Die Ressource „{resource['identifier']}“ hängt von "
                              f"„{dependency}“ ab, die es im Manifest nicht gibt.")

    def _organization(self, element):
        """The default organization (or the first one); None if the package has none."""
        organizations = _all(element, "organization") if element is not None else []
        if not organizations:
            return None
        default = (element.get("default") or "").strip()
        chosen = next((o for o in organizations if o.get("identifier") == default), None)
        if chosen is None:
            chosen = organizations[0]
            if default:
                self.warn(f"Die Standard-Gliederung „{default}“ gibt es nicht; Lernraum "
                          "verwendet die erste Gliederung.")
        if len(organizations) > 1:
            self.warn("Das Paket hat mehrere Gliederungen (organization); Lernraum zeigt "
                      f"die Standard-Gliederung „{chosen.get('identifier')}“.")
        return chosen

    def _read_organization(self, organization) -> None:
        identifier = (organization.get("identifier") or "").strip()
        self._unique(identifier, "organization")
        title = text_of(_first(organization, "title")) or identifier
        self.parsed.titles = {"": title}
        control = self.sequencing.read(organization)
        self.parsed.structure = {
            "type": "course", "publisher_id": self.parsed.publisher_id,
            "organization": identifier, "titles": {"": title},
            "scorm_version": self.version, "control": _control(control),
            "children": self._read_items(_all(organization, "item"), 0),
        }

    def _flat_structure(self) -> None:
        """No organization: every SCO resource becomes a unit, in manifest order."""
        self.warn("Das Paket hat keine Gliederung (organization); jede SCO-Ressource wird "
                  "eine Lerneinheit.")
        children = []
        for resource in self.resources.values():
            if resource["type"] == "sco" and resource["href"]:
                unit = self._unit(resource["identifier"], resource["identifier"], resource,
                                  None, self.sequencing.read())
                if unit:
                    children.append({"type": "au", "key": unit["key"]})
        self.parsed.titles = {"": self.parsed.publisher_id}
        self.parsed.structure = {"type": "course", "publisher_id": self.parsed.publisher_id,
                                 "titles": dict(self.parsed.titles),
                                 "scorm_version": self.version,
                                 "control": _control(self.sequencing.read()),
                                 "children": children}

    def _read_items(self, items: list, depth: int) -> list[dict]:
        if depth > MAX_DEPTH:
            self.error(f"Die Gliederung ist tiefer als {MAX_DEPTH} Ebenen verschachtelt.")
            return []
        nodes = []
        for item in items:
            self.item_count += 1
            if self.item_count > MAX_ITEMS:
                self.error(f"Die Gliederung hat mehr als {MAX_ITEMS} Einträge.")
                return nodes
            node = self._read_item(item, depth)
            if node is not None:
                nodes.append(node)
        return nodes

    def _read_item(self, item, depth: int) -> dict | None:
        identifier = (item.get("identifier") or "").strip()
        if not self._unique(identifier, "item"):
            return None
        title = text_of(_first(item, "title")) or identifier
        reference = (item.get("identifierref") or "").strip()
        seq = self.sequencing.read(item)
        visible = sequencing.flag(item.get("isvisible"), True)
        unit = None
        if reference:
            resource = self.resources.get(reference)
            if resource is None:
                self.error(f"Der Eintrag „{title}“ verweist auf die Ressource „{reference}“, "
                           "die es im Manifest nicht gibt.")
                return None
            unit = self._unit(identifier, title, resource, item, seq)
        children = self._read_items(_all(item, "item"), depth + 1)
        if not children:
            return {"type": "au", "key": unit["key"]} if unit else None
        block = {"type": "block", "key": unit_key(identifier), "publisher_id": identifier,
                 "titles": {"": title}, "visible": visible, "control": _control(seq),
                 "children": ([{"type": "au", "key": unit["key"]}] if unit else []) + children}
        return block

    def _unit(self, identifier: str, title: str, resource: dict, item, seq: dict) -> dict | None:
        href = resource["href"]
        if not href:
            self.error(f"Die Ressource „{resource['identifier']}“ von „{title}“ hat keine "
                       "Startdatei (href).")
            return None
        url = join_parameters(href, item.get("parameters", "") if item is not None else "")
        if resource["type"] == "sco" and urlsplit(url).scheme:
            self.error(f"Das SCO „{title}“ startet unter der fremden Adresse „{url}“; ein SCO "
                       "muss im Paket liegen, damit es die SCORM-Schnittstelle findet.")
            return None
        problem = check_launch_url(url, self.files, ())
        if problem:
            self.error(f"„{title}“: {problem}")
            return None
        facts = self._item_facts(item, title) if item is not None else {}
        mastery = facts.get("mastery_score")
        passing = sequencing.scaled_passing_score(seq) if self.version != "1.2" else None
        threshold = mastery / 100 if mastery is not None else passing
        unit = {
            "key": unit_key(identifier), "position": len(self.parsed.units) + 1,
            "publisher_id": identifier, "titles": {"": title}, "descriptions": {},
            "url": url, "launch_method": "AnyWindow",
            "move_on": _move_on(resource["type"], seq, threshold is not None),
            "mastery_score": threshold,
            "scorm": {"type": resource["type"], "resource": resource["identifier"],
                      "visible": item is None or sequencing.flag(item.get("isvisible"), True),
                      "scaled_passing_score": passing, "tracked": seq["tracked"],
                      "completion_set_by_content": seq["completionSetByContent"],
                      "objective_set_by_content": seq["objectiveSetByContent"],
                      "objectives": [o["id"] for o in seq["objectives"] if o["id"]],
                      "hide_lms_ui": sequencing.hidden_lms_ui(item) if item is not None else [],
                      **facts},
        }
        self.parsed.units.append(unit)
        return unit

    def _item_facts(self, item, title: str) -> dict:
        """adlcp: masteryscore, datafromlms, maxtimeallowed, timelimitaction, prerequisites,
        completionThreshold, as the item's version spells them."""
        facts: dict = {}
        launch_data = _adl(item, self.adlcp, "datafromlms", "dataFromLMS")
        if launch_data is not None:
            facts["launch_data"] = text_of(launch_data)[:4096 if self.version == "1.2" else 4000]
        action = _adl(item, self.adlcp, "timelimitaction", "timeLimitAction")
        if action is not None and text_of(action) in TIME_LIMIT_ACTIONS:
            facts["time_limit_action"] = text_of(action)
        allowed = _adl(item, self.adlcp, "maxtimeallowed")
        if allowed is not None:
            facts["max_time_allowed"] = text_of(allowed)
        if self.version == "1.2":
            facts.update(self._facts_12(item, title))
        else:
            facts.update(self._facts_2004(item))
        return facts

    def _facts_12(self, item, title: str) -> dict:
        facts = {}
        mastery = _adl(item, ADLCP_12, "masteryscore")
        if mastery is not None and text_of(mastery):
            try:
                value = Decimal(text_of(mastery))
            except InvalidOperation:
                value = Decimal(-1)
            if not 0 <= value <= 100:
                self.error(f"„{title}“: adlcp:masteryscore muss eine Zahl von 0 bis 100 sein, "
                           f"nicht „{text_of(mastery)}“.")
            else:
                facts["mastery_score"] = float(value)
        prerequisites = _adl(item, ADLCP_12, "prerequisites")
        if prerequisites is not None and text_of(prerequisites):
            facts["prerequisites"] = text_of(prerequisites)
            self.warn("Voraussetzungen (adlcp:prerequisites) wertet Lernraum nicht aus; "
                      "alle Einheiten sind frei wählbar.")
        return facts

    def _facts_2004(self, item) -> dict:
        threshold = _adl(item, ADLCP_2004, "completionThreshold")
        if threshold is None:
            return {}
        raw = threshold.get("minProgressMeasure") if len(threshold.attrib) else text_of(threshold)
        by_measure = sequencing.flag(threshold.get("completedByMeasure"), not threshold.attrib)
        measure = sequencing.measure(raw or ("1.0" if threshold.attrib else ""))
        if measure is None or measure < 0 or not by_measure:
            return {}
        return {"completion_threshold": measure}


def _control(seq: dict) -> dict:
    return {"choice": seq["choice"], "flow": seq["flow"], "forward_only": seq["forwardOnly"]}


def _move_on(scorm_type: str, seq: dict, has_mastery: bool) -> str:
    """The documented rule (docs/scorm.md): when a SCO counts as done for the module."""
    if scorm_type == "asset":
        return "Completed"
    success = has_mastery and seq["rollupObjectiveSatisfied"]
    completion = seq["rollupProgressCompletion"]
    if not seq["tracked"] or not (success or completion):
        return "NotApplicable"
    if success:
        return "Passed"
    if not seq["rollupObjectiveSatisfied"]:
        return "Completed"
    return "CompletedOrPassed"
