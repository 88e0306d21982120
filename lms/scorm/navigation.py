"""Navigation between the SCOs of a package: the table of contents, previous/next (flow),
choice, and the rollup of completion and success up the activity tree.

This is the part of SCORM 2004 Sequencing and Navigation that Lernraum evaluates (control
modes choice, flow and forwardOnly; isvisible; tracked; rollupObjectiveSatisfied and
rollupProgressCompletion with the default "all children" rollup). SCORM 1.2 has no
sequencing: every item is choosable and the order of the manifest is the flow.
Docs: docs/scorm.md, "Navigation und Sequenzierung".
"""

from dataclasses import dataclass, field

from lms.progress.rules import unit_satisfied

ORDER = {"passed": 5, "completed": 4, "failed": 3, "incomplete": 2, "browsed": 1,
         "not attempted": 0}
OPEN_CONTROL = {"choice": True, "flow": True, "forward_only": False}


@dataclass
class Node:
    """One entry of the table of contents (an item), with what the learner may do there."""

    title: str
    identifier: str
    key: str | None = None
    """The unit launched from here (None for a cluster without its own resource)."""
    visible: bool = True
    choosable: bool = False
    status: str = "not attempted"
    current: bool = False
    children: list["Node"] = field(default_factory=list)


@dataclass
class Navigation:
    """Where a learner can go from ``current`` in a package version."""

    toc: list[Node]
    flow: list[str]
    choosable: set[str]
    previous: str | None
    next: str | None
    current: str | None
    hidden_buttons: list[str]
    done: bool

    def as_adapter(self, units: dict[str, dict]) -> dict:
        """What ``adl.nav.request_valid.*`` answers and where the SCO's requests lead."""
        ids = {key: unit["publisher_id"] for key, unit in units.items()}
        return {
            "continue": "true" if self.next else "false",
            "previous": "true" if self.previous else "false",
            "choice": {ids[key]: "true" if key in self.choosable else "false" for key in ids},
            "jump": {ids[key]: "true" for key in ids},
            "targets": {ids[key]: key for key in ids},
            "next": self.next, "prev": self.previous,
        }


def _status(unit: dict, reached: dict) -> str:
    return reached.get("status") or "not attempted"


class TreeWalker:
    """Builds the navigation of one version for one learner's unit states."""

    def __init__(self, structure: dict, units: list[dict], reached: dict[str, dict],
                 current: str | None):
        self.structure = structure
        self.units = {unit["key"]: unit for unit in units}
        self.reached = reached
        self.current = current
        self.scorm_12 = structure.get("scorm_version") == "1.2"
        self.flow: list[str] = []
        self.paths: dict[str, list[dict]] = {}

    def control(self, node: dict) -> dict:
        return OPEN_CONTROL if self.scorm_12 else node.get("control") or OPEN_CONTROL

    def build(self) -> Navigation:
        toc = self._nodes(self.structure.get("children", []), [self.structure], True)
        choosable = {key for key in self.flow if self._choosable(key)}
        previous, following = self._neighbours()
        current_unit = self.units.get(self.current or "", {})
        done = all(unit_satisfied(unit["move_on"], **self.reached.get(key, {}))
                   for key, unit in self.units.items())
        return Navigation(toc=toc, flow=self.flow, choosable=choosable, previous=previous,
                          next=following, current=self.current,
                          hidden_buttons=(current_unit.get("scorm") or {}).get(
                              "hide_lms_ui", []), done=done)

    def _nodes(self, children: list[dict], path: list[dict], visible: bool) -> list[Node]:
        nodes = []
        for child in children:
            if child["type"] == "au":
                unit = self.units.get(child["key"])
                if unit is None:
                    continue
                self.flow.append(unit["key"])
                self.paths[unit["key"]] = path
                shown = visible and (unit.get("scorm") or {}).get("visible", True)
                nodes.append(Node(title=_title(unit), identifier=unit["publisher_id"],
                                  key=unit["key"], visible=shown,
                                  status=_status(unit, self.reached.get(unit["key"], {})),
                                  current=unit["key"] == self.current))
            else:
                shown = visible and child.get("visible", True)
                inner = self._nodes(child["children"], [*path, child], shown)
                own = inner[0] if inner and inner[0].key and inner[0].identifier == \
                    child.get("publisher_id") else None
                node = Node(title=_title(child), identifier=child.get("publisher_id", ""),
                            key=own.key if own else None, visible=shown,
                            children=inner[1:] if own else inner,
                            current=bool(own and own.current))
                node.status = self._rollup(node, own)
                nodes.append(node)
        return nodes

    def _rollup(self, node: Node, own: Node | None) -> str:
        """Default rollup: a cluster is completed (passed) when all its children are."""
        statuses = [child.status for child in _leaves(node)] + ([own.status] if own else [])
        if not statuses:
            return "not attempted"
        if all(status == "passed" for status in statuses):
            return "passed"
        if all(ORDER.get(status, 0) >= ORDER["completed"] for status in statuses):
            return "completed"
        if any(status == "failed" for status in statuses):
            return "failed"
        return "incomplete" if any(ORDER.get(s, 0) > 0 for s in statuses) else "not attempted"

    def _choosable(self, key: str) -> bool:
        unit = self.units[key]
        if not (unit.get("scorm") or {}).get("visible", True):
            return False
        return all(self.control(node)["choice"] and node.get("visible", True)
                   for node in self.paths[key])

    def _flow_allowed(self, source: str, target: str, backwards: bool) -> bool:
        """Every cluster the move passes through (from the nearest common ancestor down to
        both units) must allow flow and, backwards, must not be forwardOnly."""
        a, b = self.paths[source], self.paths[target]
        common = 0
        while common < min(len(a), len(b)) and a[common] is b[common]:
            common += 1
        involved = [a[common - 1], *a[common:], *b[common:]]
        return all(self.control(node)["flow"]
                   and not (backwards and self.control(node)["forward_only"])
                   for node in involved)

    def _neighbours(self) -> tuple[str | None, str | None]:
        if self.current not in self.flow:
            return None, None
        index = self.flow.index(self.current)
        previous = self.flow[index - 1] if index > 0 else None
        following = self.flow[index + 1] if index + 1 < len(self.flow) else None
        if previous and not self._flow_allowed(self.current, previous, True):
            previous = None
        if following and not self._flow_allowed(self.current, following, False):
            following = None
        return previous, following


def _leaves(node: Node) -> list[Node]:
    found = []
    for child in node.children:
        found.extend(_leaves(child) if child.children else [child] if child.key else [])
    return found


def _title(node: dict) -> str:
    titles = node.get("titles") or {}
    return next(iter(titles.values()), "") or node.get("publisher_id", "")


def navigation(structure: dict, units: list[dict], reached: dict[str, dict],
               current: str | None) -> Navigation:
    """The table of contents and the moves open to a learner standing at ``current``."""
    return TreeWalker(structure, units, reached, current).build()


def start_key(structure: dict, units: list[dict], reached: dict[str, dict],
              suspended: str | None) -> str | None:
    """Where "Starten/Fortsetzen" leads: the suspended SCO, else the first unit in flow order
    that is not yet satisfied, else the first."""
    nav = navigation(structure, units, reached, None)
    if suspended in nav.flow:
        return suspended
    by_key = {unit["key"]: unit for unit in units}
    for key in nav.flow:
        if not unit_satisfied(by_key[key]["move_on"], **reached.get(key, {})):
            return key
    return nav.flow[0] if nav.flow else None


@dataclass
class Overview:
    """A learner's view of a SCORM module before launching: contents and where to start."""

    nav: Navigation
    start: str | None
    resumable: bool
    finished: bool = False
    """Every unit is satisfied and none is suspended: the button starts again, it resumes
    nothing."""
