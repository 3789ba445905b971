"""The house's rules that import-linter cannot see (it runs in `make test` for
the layers, the independence of the apps and cycles; DESIGN.md §2):

- no import inside a function hides a dependency (or a cycle), except in
  ``AppConfig.ready()``, where Django requires it, and in migrations;
- the rooms of ``portal`` never name an app: they learn about content types
  from ``portal.core.registry``;
- every room is a package with its own docstring'd modules, and the tree holds
  no module left at the old flat places.
"""

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PROJECT = ("portal", "practices", "meetings", "dossiers", "alerts", "community", "api")
ROOMS = ("core", "editorial", "search", "files", "web", "ops")
APP_NAMES = re.compile(
    r"""["'](practices|meetings|dossiers|alerts|community|api|submissions)[.:"']"""
)


def python_files(*packages):
    for package in packages:
        for path in sorted((ROOT / package).rglob("*.py")):
            if "migrations" not in path.parts:
                yield path


def imports_inside_functions(path):
    tree = ast.parse(path.read_text())
    for func in ast.walk(tree):
        if not isinstance(func, (ast.FunctionDef, ast.AsyncFunctionDef)):
            continue
        if func.name == "ready":
            continue  # AppConfig.ready: models are importable only from here on
        for node in ast.walk(func):
            if isinstance(node, ast.ImportFrom) and node.module:
                yield node.lineno, node.module
            elif isinstance(node, ast.Import):
                yield node.lineno, node.names[0].name


def test_no_project_import_hides_inside_a_function():
    found = [
        f"{path.relative_to(ROOT)}:{line} imports {module}"
        for path in python_files(*PROJECT)
        for line, module in imports_inside_functions(path)
        if module.split(".")[0] in PROJECT
    ]
    assert found == []


def test_the_check_sees_an_import_inside_a_function(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text("def f():\n    from portal.web import views\n    return views\n")
    assert list(imports_inside_functions(sample)) == [(2, "portal.web")]


def test_the_rooms_of_portal_never_name_an_app():
    found = [
        f"{path.relative_to(ROOT)}:{number}: {line.strip()}"
        for room in ROOMS
        for path in python_files(f"portal/{room}")
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if APP_NAMES.search(line)
    ]
    assert found == []


@pytest.mark.parametrize("room", ROOMS)
def test_every_room_is_a_package(room):
    package = ROOT / "portal" / room
    assert (package / "__init__.py").is_file()
    modules = [p for p in package.glob("*.py") if p.name != "__init__.py"]
    assert modules, room
    for module in modules:
        tree = ast.parse(module.read_text())
        assert ast.get_docstring(tree), f"{module.relative_to(ROOT)} says nowhere what it is for"


def test_portal_keeps_only_the_project_modules_at_its_top():
    top = sorted(p.name for p in (ROOT / "portal").glob("*.py"))
    assert top == [
        "__init__.py",
        "admin.py",
        "apps.py",
        "models.py",
        "settings.py",
        "urls.py",
        "wsgi.py",
    ]
