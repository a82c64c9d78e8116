"""The import contract (docs/ARCHITECTURE.md, *Layers*), checked over the real import graph.

Every ``import``/``from ... import`` of every module, top-level or inside a function, is
read with ``ast``.  Rules:

1. One namespace: nothing imports the folders by their bare names (``import store``).
2. Layers point one way: a package imports only the packages below it (``ALLOWED``);
   ``veil.core`` imports no stage, and no stage imports the CLI.
3. Stages meet only at public names: across packages, code imports ``veil.<stage>`` itself
   (never ``veil.<stage>.<module>``) and only names in that stage's ``__all__``.
"""

from __future__ import annotations

import ast
import importlib
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
STAGES = ("anonymize", "ingest", "store", "trainer", "audit")
BARE = set(STAGES) | {"edge"}

# package -> the packages it may import (besides itself).  The CLI (veil.cli,
# veil.commands, veil.demo) may import every stage, through public names only.
ALLOWED: dict[str, set[str]] = {
    "veil.core": {"veil_edge"},  # veil_edge is the bottom layer (VeilError lives there)
    "veil.store": {"veil.core"},
    "veil.anonymize": {"veil.core", "veil_edge"},
    "veil.ingest": {"veil.core", "veil.anonymize", "veil.store", "veil_edge"},
    "veil.audit": {"veil.core", "veil.anonymize", "veil.store", "veil.ingest", "veil_edge"},
    "veil.trainer": {"veil.core", "veil.anonymize", "veil.store", "veil.audit", "veil_edge"},
    "veil_edge": set(),
}
CLI = "veil.cli"
STAGE_PACKAGES = {f"veil.{s}" for s in STAGES}


def _folder_package(path: Path) -> tuple[str, str]:
    """(module name, owning package) of a source file, by the pyproject mapping."""
    rel = path.relative_to(ROOT)
    top = rel.parts[0]
    if top in STAGES:
        return "veil." + ".".join((top, *rel.with_suffix("").parts[1:])).removesuffix(".__init__"), f"veil.{top}"
    if top == "edge":
        mod = ".".join(rel.with_suffix("").parts[1:]).removesuffix(".__init__")
        return mod, "veil_edge"
    mod = ".".join(rel.with_suffix("").parts).removesuffix(".__init__")
    if mod.startswith("veil.core"):
        return mod, "veil.core"
    return mod, CLI


def _sources() -> list[Path]:
    out = []
    for top in (*STAGES, "veil", "edge"):
        folder = ROOT / top
        if folder.is_dir():
            out += [p for p in folder.rglob("*.py") if "tests" not in p.relative_to(folder).parts[:1]
                    and not {"build", "dist"} & set(p.relative_to(folder).parts)]  # setuptools' copies
    return sorted(out)


def _imports(path: Path, module: str) -> list[tuple[int, str, list[str]]]:
    """(line, absolute module, imported names) for every import in the file."""
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name, []) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")
                anchor = parts[: len(parts) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            found.append((node.lineno, base, [a.name for a in node.names]))
    return found


def _owner(module: str) -> str | None:
    if module == "veil_edge" or module.startswith("veil_edge."):
        return "veil_edge"
    for pkg in (*STAGE_PACKAGES, "veil.core"):
        if module == pkg or module.startswith(pkg + "."):
            return pkg
    if module in ("veil", "veil.cli") or module.startswith(("veil.commands", "veil.demo", "veil.cli")):
        return CLI
    return None


def _check(path: Path, module: str, package: str, where: object) -> list[str]:
    problems = []
    for line, target, names in _imports(path, module):
        top = target.split(".")[0]
        if top in BARE:
            problems.append(f"{where}:{line}: imports bare '{target}' (use veil.{target})")
            continue
        owner = _owner(target)
        if owner is None or owner == package or owner == "veil.core":
            continue
        if package != CLI and owner not in ALLOWED[package]:
            problems.append(f"{where}:{line}: {package} may not import {target}")
        elif owner != CLI and target != owner:
            problems.append(f"{where}:{line}: reaches into {target} (import from {owner})")
        elif owner != CLI:
            public = set(getattr(importlib.import_module(owner), "__all__", ()))
            hidden = [n for n in names if n not in public]
            if hidden:
                problems.append(f"{where}:{line}: {owner} does not export {', '.join(hidden)}")
    return problems


def _violations() -> list[str]:
    problems = []
    for path in _sources():
        module, package = _folder_package(path)
        problems += _check(path, module, package, path.relative_to(ROOT))
    return problems


def test_import_contract_holds():
    assert _violations() == []


def test_every_package_folder_is_installed():
    """Each folder with an __init__.py is a package in pyproject's list (else a wheel lacks it)."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]
    listed = set(config["packages"])
    mapping = config["package-dir"]
    inits = [init for top in (*STAGES, "veil") for init in (ROOT / top).glob("**/__init__.py")]
    for init in sorted(inits):
        rel = init.parent.relative_to(ROOT)
        name = ("veil." + ".".join(rel.parts)) if rel.parts[0] in STAGES else ".".join(rel.parts)
        assert name in listed, f"{rel} is not in pyproject's [tool.setuptools] packages"
    for name, folder in mapping.items():
        assert (ROOT / folder / "__init__.py").is_file(), name


def test_the_checker_catches_each_kind_of_violation(tmp_path):
    probe = tmp_path / "probe.py"
    probe.write_text("from veil.store.layout import check_topic\nimport store\nfrom veil.store import _private\n"
                     "from veil.commands import scrub\n")
    found = _check(probe, "veil.ingest.probe", "veil.ingest", "probe.py")
    assert any("reaches into veil.store.layout" in p for p in found)
    assert any("imports bare 'store'" in p for p in found)
    assert any("does not export _private" in p for p in found)
    assert any("may not import veil.commands" in p for p in found)


MAX_LINES = 60


def _long_functions(paths: list[Path]) -> list[str]:
    """Functions over MAX_LINES lines whose docstring does not say why ("Long because ...")."""
    found = []
    for path in paths:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                length = node.end_lineno - node.lineno + 1
                doc = ast.get_docstring(node) or ""
                if length > MAX_LINES and "long because" not in doc.lower():
                    found.append(f"{path.relative_to(ROOT)}:{node.lineno} {node.name} ({length} lines)")
    return found


def test_functions_fit_on_a_screen():
    """Issue 13: no function outside tests is longer than about 60 lines without a reason in
    its docstring (a sentence starting "Long because")."""
    benchmarks = sorted((ROOT / "benchmarks").glob("*.py"))
    assert _long_functions(_sources() + benchmarks) == []
