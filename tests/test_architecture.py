"""The dependency rule: adapters depend on the core, never the core on an adapter."""

import ast
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import feedback_core

CORE = Path(feedback_core.__file__).parent
ADAPTERS = Path(__file__).parents[1] / "src" / "adapters"


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def test_the_core_imports_no_adapter_package():
    adapters = {p.name for p in ADAPTERS.iterdir() if p.is_dir() and p.name.startswith("feedback_")}
    offending = {
        f"{path.relative_to(CORE)} imports {name}"
        for path in CORE.rglob("*.py")
        for name in imported_modules(path)
        if name.split(".")[0] in adapters or name.split(".")[0] == "adapters"
    }
    assert set() == offending


def test_import_linter_contracts_hold():
    lint_imports = shutil.which("lint-imports", path=str(Path(sys.executable).parent))
    if lint_imports is None:
        pytest.fail("import-linter is part of the test extra and must be installed")
    result = subprocess.run(
        [lint_imports, "--no-cache"],
        capture_output=True,
        text=True,
        check=False,
        cwd=Path(__file__).parents[1],
    )
    assert result.returncode == 0, result.stdout + result.stderr
