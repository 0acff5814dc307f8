"""The layout is the architecture: these dependency rules are checked, not just documented."""

import ast
from pathlib import Path

APP = Path(__file__).resolve().parents[1] / "app"


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def _modules(package: str) -> list[Path]:
    return sorted((APP / package).rglob("*.py"))


def test_qt_is_imported_only_under_app_ui() -> None:
    offenders = [str(p.relative_to(APP)) for p in APP.rglob("*.py")
                 if "ui" not in p.relative_to(APP).parts[:1]
                 and any(n.split(".")[0] in {"PySide6", "shiboken6"} for n in _imports(p))]
    assert offenders == []


def test_domain_rules_know_nothing_of_storage_services_or_ui() -> None:
    offenders = {str(p.relative_to(APP)): sorted(n for n in _imports(p) if n.startswith(
        ("app.store", "app.services", "app.ui", "app.cli", "sqlalchemy", "sqlmodel")))
        for p in _modules("domain")}
    assert {k: v for k, v in offenders.items() if v} == {}


def test_storage_does_not_reach_up_into_services_or_ui() -> None:
    offenders = {str(p.relative_to(APP)): sorted(n for n in _imports(p) if n.startswith(
        ("app.services", "app.ui", "app.cli"))) for p in _modules("store")}
    assert {k: v for k, v in offenders.items() if v} == {}


def test_printing_draws_what_it_is_given_and_never_reads_the_store() -> None:
    offenders = {str(p.relative_to(APP)): sorted(n for n in _imports(p) if n.startswith(
        ("app.store", "app.services", "app.ui", "sqlalchemy", "sqlmodel")))
        for p in _modules("printing")}
    assert {k: v for k, v in offenders.items() if v} == {}
