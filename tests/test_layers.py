"""Services queue tasks by name through the outbox (`send_after_commit("app.tasks.name", ...)`)
and never import a tasks module: tasks import services, so the other way round would make the
circle ADR 0012 removed."""

import ast
import pathlib

import pytest

from cscp.roles import PROJECT_APPS

ROOT = pathlib.Path(__file__).resolve().parents[1]
SOURCE_DIRS = ["cscp", "reviews", "priority_groups", "training", "datasets", "feedback"]


def services_modules() -> list[pathlib.Path]:
    files = []
    for folder in SOURCE_DIRS:
        for path in (ROOT / folder).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            if path.name == "services.py" or "services" in path.relative_to(ROOT).parts[:-1]:
                files.append(path)
    return sorted(files)


def task_imports(source: str) -> list[str]:
    """Every import of a tasks module in `source`, at any depth (a function's local import
    too), as written."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [a.name for a in node.names if a.name.split(".")[-1] == "tasks"]
        elif isinstance(node, ast.ImportFrom):
            module = "." * node.level + (node.module or "")
            if (node.module or "").split(".")[-1] == "tasks":
                found.append(module)
            found += [f"{module} import {a.name}" for a in node.names if a.name == "tasks"]
        elif isinstance(node, ast.Call) and getattr(
            node.func, "attr", getattr(node.func, "id", "")
        ) in {
            "import_module",
            "__import__",
        }:
            for arg in node.args[:1]:
                if isinstance(arg, ast.Constant) and str(arg.value).split(".")[-1] == "tasks":
                    found.append(f"import_module({arg.value!r})")
    return found


def test_every_app_has_its_services_module_checked():
    checked = {path.relative_to(ROOT).parts[0] for path in services_modules()}
    assert checked == set(SOURCE_DIRS)
    assert "reporting" in PROJECT_APPS
    assert ROOT / "cscp" / "reporting" / "services.py" in services_modules()


@pytest.mark.parametrize("path", services_modules(), ids=lambda p: str(p.relative_to(ROOT)))
def test_services_do_not_import_tasks(path):
    assert task_imports(path.read_text()) == [], (
        f"{path.relative_to(ROOT)} imports a tasks module: queue the task by name instead, "
        'send_after_commit("<app>.tasks.<task>", key=..., ...)'
    )


@pytest.mark.parametrize(
    "source",
    [
        "from .tasks import send",
        "def f():\n    from .tasks import send\n",
        "from . import tasks",
        "from cscp.reporting import tasks",
        "import training.tasks",
        "from training.tasks import send_booking_confirmation as send",
        "import_module('datasets.tasks')",
    ],
)
def test_the_check_finds_each_way_of_importing_tasks(source):
    assert task_imports(source)


def test_the_check_leaves_other_imports_alone():
    assert task_imports("from cscp.outbox import send_after_commit\nimport tasksheet\n") == []


def report_module_imports() -> dict[str, set[str]]:
    """Which modules of cscp.reporting each one imports (top level or local)."""
    graph = {}
    for path in (ROOT / "cscp" / "reporting").glob("*.py"):
        deps = set()
        for node in ast.walk(ast.parse(path.read_text())):
            if not isinstance(node, ast.ImportFrom):
                continue
            if node.level == 1:
                deps |= {node.module.split(".")[0]} if node.module else {a.name for a in node.names}
            elif (node.module or "").startswith("cscp.reporting."):
                deps.add(node.module.split(".")[2])
            elif node.module == "cscp.reporting":
                deps |= {a.name for a in node.names}
        graph[path.stem] = deps
    return graph


def test_the_report_modules_import_each_other_without_a_circle():
    graph = report_module_imports()
    assert {"models", "compose", "selectors", "tasks", "services"} <= graph.keys()
    assert graph["structure"] == set()  # the structure imports nothing of the report

    def circle_from(start, node, path):
        for dep in sorted(graph.get(node, ())):
            if dep == start:
                return [*path, dep]
            if dep in graph and dep not in path:
                found = circle_from(start, dep, [*path, dep])
                if found:
                    return found
        return None

    circles = [c for c in (circle_from(m, m, [m]) for m in sorted(graph)) if c]
    assert circles == []


# Verbs a service name must not start with: it names the record first (decision record 0001).
VERB_FIRST = (
    "approve", "book_", "cancel_", "check_", "confirm_", "create_", "discard_", "email_",
    "ensure_", "fill_", "freeze", "insert_", "make_", "mark_", "notify_", "promote_",
    "publish", "receive_", "record_", "reopen", "request_", "retry_", "run_", "send_", "set_",
    "sign_", "start_", "submit_", "withhold",
)  # fmt: skip


@pytest.mark.parametrize("path", services_modules(), ids=lambda p: str(p.relative_to(ROOT)))
def test_services_are_named_noun_first(path):
    names = [
        node.name
        for node in ast.parse(path.read_text()).body
        if isinstance(node, ast.FunctionDef) and not node.name.startswith("_")
    ]
    assert [n for n in names if n.startswith(VERB_FIRST)] == [], (
        "Name a service <noun>_<verb> (e.g. booking_create, report_publish): decision 0001"
    )
