"""pyproject.toml declares what the code imports; the lock files pin all of it with hashes."""

from __future__ import annotations

import ast
import re
import sys
import tomllib
from functools import cache
from importlib.metadata import packages_distributions
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parent.parent
RUNTIME_CODE = ("app.py", "gunicorn.conf.py", "dashboard", "data_access", "deploy", "migrations")
DEV_CODE = ("bench", "tests", "docs")
FIRST_PARTY = {"app", "dashboard", "data_access", "deploy", "bench", "tests", "migrations"}
# Declared but never imported, each for a reason the code relies on.
RUNTIME_BY_NAME = {
    "gunicorn": "serves app:create_app() (Makefile, Procfile)",
    "psycopg": "the driver a postgresql+psycopg:// DATABASE_URL loads",
    "tzdata": "zoneinfo's zones on hosts without a system time zone database",
}
DEV_BY_NAME = {
    "mypy": "the type checker (make lint)",
    "pytest-playwright": "a pytest plugin",
    "pytest-xdist": "a pytest plugin (-n 2 in pyproject addopts)",
    "ruff": "the linter (make lint)",
}
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==(\S+)")


def _optional(tree: ast.AST) -> set[int]:
    """Return the ids of imports inside a try that catches ImportError (optional extras)."""
    ids = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Try) and any(
            isinstance(h.type, ast.Name) and h.type.id in {"ImportError", "ModuleNotFoundError"}
            for h in node.handlers
        ):
            ids |= {id(n) for stmt in node.body for n in ast.walk(stmt)}
    return ids


@cache  # each tree is parsed once a run: three tests ask for it (some 2 s a time)
def third_party_imports(paths: tuple[str, ...]) -> dict[str, str]:
    """Return each third-party top-level module the code imports, with one file importing it."""
    local = FIRST_PARTY | {p.stem for p in (ROOT / "tests").glob("*.py")}
    found: dict[str, str] = {}
    for path in paths:
        start = ROOT / path
        for file in [start] if start.is_file() else sorted(start.rglob("*.py")):
            tree = ast.parse(file.read_text(encoding="utf-8"))
            optional = _optional(tree)
            for node in ast.walk(tree):
                if id(node) in optional:
                    continue
                if isinstance(node, ast.Import):
                    names = [alias.name for alias in node.names]
                elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                    names = [node.module]
                else:
                    continue
                for name in names:
                    top = name.split(".")[0]
                    if top not in sys.stdlib_module_names and top not in local | {"__future__"}:
                        found.setdefault(top, str(file.relative_to(ROOT)))
    return found


def declared(group: str | None = None) -> dict[str, Requirement]:
    """Return pyproject's runtime dependencies, or one optional group's, by canonical name."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    lines = project["optional-dependencies"][group] if group else project["dependencies"]
    return {canonicalize_name(r.name): r for r in map(Requirement, lines)}


def lock(name: str) -> dict[str, tuple[str, int]]:
    """Return each pinned package of a lock file as (version, number of hashes)."""
    pins: dict[str, tuple[str, int]] = {}
    current = None
    for line in (ROOT / name).read_text(encoding="utf-8").splitlines():
        if match := PIN.match(line):
            current = canonicalize_name(match[1])
            pins[current] = (match[2], 0)
        elif line.strip().startswith("--hash=sha256:") and current:
            pins[current] = (pins[current][0], pins[current][1] + 1)
        else:
            assert not line or line.startswith((" ", "#")), f"{name}: unpinned line {line!r}"
    return pins


@cache
def distributions(module: str) -> set[str]:
    """Return the installed distributions that provide a top-level module."""
    return {canonicalize_name(d) for d in _installed().get(module, [])}


@cache
def _installed() -> dict[str, list[str]]:
    """Return the installed environment's map of top-level modules to distributions."""
    return packages_distributions()


@pytest.mark.parametrize(
    ("paths", "groups"), [(RUNTIME_CODE, [None]), (DEV_CODE, [None, "dev"])], ids=["app", "dev"]
)
def test_every_imported_package_is_declared(paths, groups):
    allowed = set().union(*(declared(g) for g in groups))
    missing = {
        module: where
        for module, where in third_party_imports(paths).items()
        if not distributions(module) & allowed
    }
    assert not missing, f"imported but not in pyproject.toml: {missing}"


def test_every_declared_package_is_used():
    runtime = set().union(*map(distributions, third_party_imports(RUNTIME_CODE)))
    dev = set().union(*map(distributions, third_party_imports(DEV_CODE)))
    assert set(declared()) - runtime - set(RUNTIME_BY_NAME) == set()
    assert set(declared("dev")) - dev - set(DEV_BY_NAME) == set()
    assert "pandas" not in declared() | declared("dev")


@pytest.mark.parametrize(
    ("name", "groups"),
    [("requirements.lock", [None]), ("requirements-dev.lock", [None, "dev"])],
)
def test_lock_pins_every_declared_package_with_hashes(name, groups):
    pins = lock(name)
    assert all(hashes for _, hashes in pins.values()), f"{name}: a pin without a hash"
    for group in groups:
        for key, requirement in declared(group).items():
            assert key in pins, f"{name} does not pin {key}"
            assert requirement.specifier.contains(pins[key][0]), (key, pins[key][0])


def test_dev_lock_installs_the_same_runtime_versions():
    runtime = {key: version for key, (version, _) in lock("requirements.lock").items()}
    dev = {key: version for key, (version, _) in lock("requirements-dev.lock").items()}
    assert {key: dev.get(key) for key in runtime} == runtime


def test_make_installs_from_the_locks_with_hashes():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    for stamp, name in [(".runtime", "requirements.lock"), (".dev", "requirements-dev.lock")]:
        rule = re.search(rf"^\$\(VENV\)/{re.escape(stamp)}: (.*)\n((?:\t.*\n)+)", makefile, re.M)
        assert rule and name in rule[1].split(), f"{stamp} must be rebuilt when {name} changes"
        assert f"--require-hashes -r {name}" in rule[2]
    assert (ROOT / "requirements.txt").read_text(encoding="utf-8").split("\n")[-2:] == [
        "-r requirements.lock",
        "",
    ]
