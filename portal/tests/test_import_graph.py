"""Imports between the project's apps go downward (issue 12: "core is the ground floor").

Read from the source with `ast`, nothing imported: every `import` and `from … import` of
every module of every project app, local imports inside functions included. Tests,
migrations and conftest files are left out (a test may build fixtures from any app).
"""

import ast
import dataclasses
import pathlib

from django.apps import apps
from django.conf import settings

# The floors, lowest first. An app imports only from a lower floor. An app not listed here
# (a new one) is still checked for cycles, for core and for views; give it a floor.
FLOORS = {
    "core": 0,
    "accounts": 1,
    "agencies": 1,
    "exports": 1,  # Excel written row by row and the worker's export jobs: core only
    "authority": 2,  # bodies, positions, who decides (issue 23): accounts and agencies below
    "plans": 2,  # below trips: a request follows a plan line (TripRequest.plan_line)
    "trips": 3,
    # The approval chain and the request's decisions (issue 22): trips keeps the request.
    "approvals": 4,
    "passports": 5,
    "reports": 5,
    "analytics": 6,
    "documents": 6,
    "registry": 6,
    "calendars": 7,  # iCalendar feeds of approved trips and their decisions
    "api": 8,
    "portal": 9,
}

# No exception: where a lower app needs an upper one's answer, the upper app receives a
# signal declared in core (core/signals.py), or registers its answer when it loads
# (trips/policy/providers.py: the passports' and reports' facts the rules read).


@dataclasses.dataclass(frozen=True)
class Edge:
    module: str  # the importing module, dotted
    app: str  # its app
    target: str  # the imported module, dotted
    target_app: str
    line: int

    def __str__(self):
        return f"{self.module}:{self.line} imports {self.target}"


def project_apps() -> dict[str, pathlib.Path]:
    base = pathlib.Path(settings.BASE_DIR).resolve()
    found = {}
    for config in apps.get_app_configs():
        path = pathlib.Path(config.path).resolve()
        if path.is_relative_to(base) and ".venv" not in path.parts:
            found[config.name.split(".")[0]] = path
    return found


def _modules(app: str, path: pathlib.Path):
    for file in sorted(path.rglob("*.py")):
        parts = file.relative_to(path).with_suffix("").parts
        if {"tests", "migrations"} & set(parts) or parts[-1] == "conftest":
            continue
        is_package = parts[-1] == "__init__"
        parts = (app, *(parts[:-1] if is_package else parts))
        # The package a relative import starts from: the module itself for an __init__.
        yield ".".join(parts), ".".join(parts if is_package else parts[:-1]), file


def _imported(tree: ast.AST, package: str):
    package = package.split(".")
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name, node.lineno
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:  # relative: resolved against the importing package
                base = ".".join([*package[: len(package) - node.level + 1], base]).strip(".")
            yield base, node.lineno
            for alias in node.names:  # `from trips import views` imports trips.views
                yield f"{base}.{alias.name}", node.lineno


def edges() -> list[Edge]:
    found = project_apps()
    result = set()
    for app, path in found.items():
        for module, package, file in _modules(app, path):
            tree = ast.parse(file.read_text(), filename=str(file))
            for target, line in _imported(tree, package):
                target_app = target.split(".")[0]
                if target_app in found and target_app != app:
                    result.add(Edge(module, app, target, target_app, line))
    return sorted(result, key=str)


def _cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """A cycle in the graph, as the list of its apps, or None."""
    state, stack = {}, []

    def visit(node):
        state[node] = "open"
        stack.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == "open":
                return [*stack[stack.index(nxt) :], nxt]
            if nxt not in state and (found := visit(nxt)):
                return found
        stack.pop()
        state[node] = "done"
        return None

    for node in sorted(graph):
        if node not in state and (found := visit(node)):
            return found
    return None


def test_the_reader_sees_every_kind_of_import():
    tree = ast.parse(
        "import trips.models\nfrom reports import services\nfrom .selectors import x\n"
        "def f():\n    from passports.models import Passport\n"
    )
    found = {target for target, _line in _imported(tree, "plans")}
    assert {"trips.models", "reports.services", "plans.selectors", "passports.models"} <= found
    assert _cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert _cycle({"a": {"b"}, "b": {"c"}}) is None


def test_every_app_is_read():
    assert set(FLOORS) == set(project_apps())  # every app has its floor
    assert len(edges()) > 50  # a reader that found nothing would pass everything below


def test_core_imports_no_app():
    assert [str(edge) for edge in edges() if edge.app == "core"] == []


def test_the_app_graph_has_no_cycle():
    graph = {}
    for edge in edges():
        graph.setdefault(edge.app, set()).add(edge.target_app)
    assert _cycle(graph) is None


def test_apps_import_only_from_lower_floors():
    upward = [
        str(edge)
        for edge in edges()
        if edge.app in FLOORS
        and edge.target_app in FLOORS
        and FLOORS[edge.target_app] >= FLOORS[edge.app]
    ]
    assert upward == []


def _is_views(module: str) -> bool:
    return "views" in module.split(".")[-1]


def test_no_views_module_imports_another_apps_views():
    crossing = [
        str(edge)
        for edge in edges()
        if _is_views(edge.module) and _is_views(edge.target) and edge.target_app != edge.app
    ]
    assert crossing == []
