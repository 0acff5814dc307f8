"""The layout is the architecture: these dependency rules are checked, not just documented."""

import ast
import re
from pathlib import Path

import sqlalchemy
import sqlmodel

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


def test_sync_is_handed_what_it_needs_from_the_services_and_never_imports_them() -> None:
    """The import pipeline gets policy, keys and upkeep from the use case (app/services/sync.py)."""
    offenders = {str(p.relative_to(APP)): sorted(n for n in _imports(p) if n.startswith(
        ("app.services", "app.ui", "app.cli"))) for p in _modules("sync")}
    assert {k: v for k, v in offenders.items() if v} == {}


def test_printing_draws_what_it_is_given_and_never_reads_the_store() -> None:
    offenders = {str(p.relative_to(APP)): sorted(n for n in _imports(p) if n.startswith(
        ("app.store", "app.services", "app.ui", "sqlalchemy", "sqlmodel")))
        for p in _modules("printing")}
    assert {k: v for k, v in offenders.items() if v} == {}


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(APP.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _import_graph() -> dict[str, set[str]]:
    """Every app module and the app modules it imports anywhere: at module level, inside functions,
    under ``if TYPE_CHECKING`` — an import is a dependency wherever it is written."""
    modules = {_module_name(p): p for p in APP.rglob("*.py")}

    def known(name: str) -> str | None:
        while name and name not in modules:
            name = name.rpartition(".")[0]
        return name or None

    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        targets: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                targets.update(filter(None, (known(alias.name) for alias in node.names)))
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    anchor = package.split(".")[:len(package.split(".")) - node.level + 1]
                    base = ".".join([*anchor, *([base] if base else [])])
                for alias in node.names:  # `from package import module` names the module itself
                    target = f"{base}.{alias.name}" if f"{base}.{alias.name}" in modules else known(base)
                    if target:
                        targets.add(target)
        graph[name] = targets - {name}
    return graph


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan, iteratively)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    for root in sorted(graph):
        if root in index:
            continue
        work = [(root, iter(sorted(graph[root])))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, edges = work[-1]
            for target in edges:
                if target not in index:
                    index[target] = low[target] = len(index)
                    stack.append(target)
                    on_stack.add(target)
                    work.append((target, iter(sorted(graph[target]))))
                    break
                if target in on_stack:
                    low[node] = min(low[node], index[target])
            else:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[node])
                if low[node] == index[node]:
                    component = []
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        component.append(member)
                        if member == node:
                            break
                    if len(component) > 1:
                        found.append(sorted(component))
    return found


def test_the_cycle_finder_finds_a_cycle_through_a_function_level_import() -> None:
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert _cycles({"a": {"b"}, "b": set()}) == []


def test_no_module_imports_itself_through_others() -> None:
    """No import cycle anywhere in app/, module level or inside functions (STYLE.md, "Avoid")."""
    assert _cycles(_import_graph()) == []


def test_the_import_graph_sees_imports_inside_functions() -> None:
    graph = _import_graph()
    assert "app.services.visits" in graph["app.selftest"]  # imported inside a function
    assert "app.services.cases" in graph["app.services.warnings"]


# Being edited by the ledger/posting work at the time of writing; it should compare with
# app.domain.categories.HEAD_RELATION like the rest of the services.
_VOCABULARY_PENDING = {"services/excel/ledgers.py"}


def test_shared_vocabulary_is_spelled_once_in_the_services() -> None:
    """The head-of-household relation, the open warning state and the six checks live in
    app/domain; a service compares with (or names) the domain's constant, never its own copy.
    Column headings and labels that merely show the words are not rules and may spell them."""
    words = {"户主", "待处置", "不愁吃", "不愁穿", "义务教育", "基本医疗", "住房安全", "饮水安全"}
    spelled: dict[str, set[str]] = {}
    for path in _modules("services"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            # A rule (x == "户主") or a constant of its own (OPEN = "待处置"); not a heading.
            if isinstance(node, ast.Compare) or (
                    isinstance(node, ast.Assign) and isinstance(node.value, ast.Constant | ast.Tuple)):
                found = {n.value for n in ast.walk(node) if isinstance(n, ast.Constant) and n.value in words}
                if found:
                    spelled.setdefault(str(path.relative_to(APP)), set()).update(found)
    assert {k: v for k, v in spelled.items() if k not in _VOCABULARY_PENDING} == {}


# Only the storage codec may lean on SQLAlchemy's internals (it uses none today); everything else
# converts values through it, so an SQLAlchemy upgrade that moves a private API breaks one module.
_CODEC = "store/codec.py"
_SQLALCHEMY_DEFINES = re.compile(r"def (_[A-Za-z]\w*)|self\.(_[A-Za-z]\w*)\s*[:=]|^\s*(_[A-Za-z]\w*)\s*[:=]",
                                 re.MULTILINE)


def _sqlalchemy_private_names() -> frozenset[str]:
    """The underscore names SQLAlchemy and SQLModel define (functions, attributes, class fields)."""
    names: set[str] = set()
    for package in (sqlalchemy, sqlmodel):
        for path in Path(package.__file__).parent.rglob("*.py"):
            for match in _SQLALCHEMY_DEFINES.finditer(path.read_text(encoding="utf-8")):
                names.add(next(group for group in match.groups() if group))
    return frozenset(name for name in names if not name.endswith("__"))


def _defined_names(tree: ast.AST) -> set[str]:
    """Every name a module defines or binds: its own underscore names are not SQLAlchemy's."""
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            names.add(node.name)
        elif isinstance(node, ast.Name | ast.Attribute) and isinstance(node.ctx, ast.Store):
            names.add(node.id if isinstance(node, ast.Name) else node.attr)
        elif isinstance(node, ast.arg):
            names.add(node.arg)
    return names


def _private_sqlalchemy_uses(tree: ast.AST, private: frozenset[str], own: set[str]) -> list[str]:
    """Underscore imports from SQLAlchemy/SQLModel, and attribute uses of names SQLAlchemy defines
    privately (``column.type._cached_bind_processor(dialect)``) that the app does not define."""
    found: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import | ast.ImportFrom):
            module = (node.module or "") if isinstance(node, ast.ImportFrom) else ""
            paths = [f"{module}.{alias.name}" if module else alias.name for alias in node.names]
            found.extend(f"line {node.lineno}: import {path}" for path in paths
                         if path.split(".")[0] in {"sqlalchemy", "sqlmodel"}
                         and any(part.startswith("_") for part in path.split(".")))
        elif (isinstance(node, ast.Attribute) and node.attr in private and node.attr not in own
              and not node.attr.endswith("__")):
            found.append(f"line {node.lineno}: .{node.attr}")
    return found


def test_only_the_storage_codec_uses_sqlalchemy_private_api() -> None:
    private = _sqlalchemy_private_names()
    trees = {str(p.relative_to(APP)): ast.parse(p.read_text(encoding="utf-8")) for p in APP.rglob("*.py")}
    own = set().union(*(_defined_names(tree) for tree in trees.values()))
    # The check itself: it sees the calls the codec replaced, and a private import.
    example = ast.parse("from sqlalchemy.sql.sqltypes import _Binary\n"
                        "processor = column.type._cached_bind_processor(dialect)\n"
                        "reader = column.type._cached_result_processor(dialect, None)\n")
    assert len(_private_sqlalchemy_uses(example, private, own)) == 3
    offenders = {path: uses for path, tree in trees.items() if path != _CODEC
                 and "printing" not in path.split("/")[:1]  # never touches SQLAlchemy (test above)
                 and (uses := _private_sqlalchemy_uses(tree, private, own))}
    assert offenders == {}
