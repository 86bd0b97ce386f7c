"""Architecture rules checked by walking pipeline/ with ast (see STYLE.md, principles 2 and 6)."""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

PKG = Path(__file__).resolve().parent.parent / "pipeline"
FILES = sorted(PKG.rglob("*.py"))


def rel(p: Path) -> str:
    return p.relative_to(PKG.parent).as_posix()


def imports(path: Path) -> list[tuple[str, int]]:
    """Absolute module names imported by a file (relative imports resolved)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    pkg_parts = list(path.relative_to(PKG.parent).with_suffix("").parts)
    if pkg_parts[-1] != "__init__":
        pkg_parts = pkg_parts[:-1]
    else:
        pkg_parts = pkg_parts[:-1]
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out.extend((a.name, node.lineno) for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = pkg_parts[:len(pkg_parts) - node.level + 1]
                mod = ".".join(base + ([node.module] if node.module else []))
                if not node.module:
                    out.extend((f"{mod}.{a.name}", node.lineno) for a in node.names)
                    continue
            else:
                mod = node.module or ""
            out.append((mod, node.lineno))
            out.extend((f"{mod}.{a.name}", node.lineno) for a in node.names)
    return out


def _top(mod: str) -> str:
    return mod.split(".")[0]


def test_walker_sees_files():
    assert any(rel(p) == "pipeline/cli.py" for p in FILES)
    mods = {m for m, _ in imports(PKG / "service.py")}
    assert "pipeline.ingest" in mods or "pipeline" in mods


def test_nlp_libraries_only_in_nlp():
    bad = [f"{rel(p)}:{ln} {m}" for p in FILES if not rel(p).startswith("pipeline/nlp/")
           for m, ln in imports(p) if _top(m) in ("spacy", "underthesea")]
    assert not bad, bad


def test_database_libraries_only_in_store():
    bad = [f"{rel(p)}:{ln} {m}" for p in FILES if not rel(p).startswith("pipeline/store/")
           for m, ln in imports(p) if _top(m) in ("sqlite3", "sqlalchemy")]
    assert not bad, bad


# Command-line entry points outside cli.py, allowed to print (each needs a reason).
EDGE_SCRIPTS = {
    "pipeline/evaluate/bench.py": "`make bench` entry point (python -m pipeline.evaluate.bench) prints its JSON",
}


def _edge(p: Path) -> bool:
    r = rel(p)
    return r == "pipeline/cli.py" or r.startswith("pipeline/web/") or r in EDGE_SCRIPTS


def test_core_does_not_print_exit_or_read_the_clock():
    bad = []
    for p in FILES:
        if _edge(p):
            continue
        for node in ast.walk(ast.parse(p.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            f = node.func
            if isinstance(f, ast.Name) and f.id == "print":
                bad.append(f"{rel(p)}:{node.lineno} print(")
            elif isinstance(f, ast.Attribute):
                owner = f.value.id if isinstance(f.value, ast.Name) else \
                    f.value.attr if isinstance(f.value, ast.Attribute) else ""
                name = f"{owner}.{f.attr}"
                if name in ("datetime.now", "date.today", "sys.exit", "datetime.today", "datetime.utcnow"):
                    bad.append(f"{rel(p)}:{node.lineno} {name}(")
    assert not bad, bad


@pytest.mark.parametrize("stage", ["extract", "structure", "ingest"])
def test_leaf_stages_do_not_import_service_store_or_cli(stage):
    forbidden = ("pipeline.service", "pipeline.store", "pipeline.cli", "pipeline.web")
    bad = [f"{rel(p)}:{ln} {m}" for p in FILES if rel(p).startswith(f"pipeline/{stage}/")
           for m, ln in imports(p) if any(m == f or m.startswith(f + ".") for f in forbidden)]
    assert not bad, bad


def test_runtime_does_not_import_evaluate():
    bad = [f"{rel(p)}:{ln} {m}" for p in FILES
           if not rel(p).startswith("pipeline/evaluate/") and rel(p) not in ("pipeline/service.py", "pipeline/cli.py")
           for m, ln in imports(p) if m.startswith("pipeline.evaluate")]
    assert not bad, bad
