"""The dependency rule: adapters depend on the core, never the core on an adapter."""

import ast
import os
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


# The names a host imports from the package root; a release may add names, never drop one.
PUBLIC_API = {
    "BUSINESS_TZ", "Account", "AccountLocked", "AccountNotActive", "AccountStatus",
    "ActivationError", "ActivationPolicy", "AdapterError", "Alert", "AlertPhase", "AlertPolicy",
    "AlertStatus", "AlertText", "Category", "Certainty", "CodeDead", "CodeExpired", "CodeWrong",
    "Conflict", "Cursor", "DeadlinePolicy", "DeliveryFailed", "FeedbackError", "FeedbackSystem",
    "FixedClock", "HistoryEntry", "InvalidCredentials", "InvalidTransition", "Language", "Location",
    "LoginPolicy", "NotConfigured", "NotFound", "Page", "PermissionDenied", "Preferences",
    "Profile", "PublicReport",
    "RegistrationPolicy", "Report", "ReportStatus", "ReportView", "Role", "SendCooldown",
    "SendLimit", "SendRefused", "Session", "SessionEnded", "SessionPolicy", "Settings",
    "Severity", "StorageUnavailable", "SystemClock",
    "Unit", "Urgency", "ValidationError", "WorkingCalendar", "__version__", "alert_status_at",
    "hookimpl", "is_active", "normalize_phone",
}  # fmt: skip


def test_the_public_api_keeps_every_name_a_host_imports():
    assert PUBLIC_API == set(feedback_core.__all__)


def test_every_public_name_is_importable_from_the_root():
    assert [] == [name for name in feedback_core.__all__ if not hasattr(feedback_core, name)]


def facade_calls() -> dict[str, tuple[str, str]]:
    """Each FeedbackSystem method that runs a use case: (module alias, function) it calls."""
    tree = ast.parse((CORE / "system.py").read_text(encoding="utf-8"))
    [facade] = [n for n in tree.body if isinstance(n, ast.ClassDef) and n.name == "FeedbackSystem"]
    calls = {}
    for method in facade.body:
        if isinstance(method, ast.FunctionDef) and not method.name.startswith("_"):
            for node in ast.walk(method):
                if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
                    target = node.func.value
                    passes_ctx = any(ast.unparse(arg) == "self._ctx" for arg in node.args)
                    if isinstance(target, ast.Name) and passes_ctx:
                        calls[method.name] = (target.id, node.func.attr)
    return calls


def test_each_facade_method_calls_the_use_case_of_the_same_name():
    calls = facade_calls()
    assert len(calls) >= 35  # every use case, not a lucky few
    assert {} == {method: call for method, call in calls.items() if call[1] != method}


def test_the_facade_holds_no_logic_beyond_one_call_per_use_case():
    tree = ast.parse((CORE / "system.py").read_text(encoding="utf-8"))
    [facade] = [n for n in tree.body if isinstance(n, ast.ClassDef) and n.name == "FeedbackSystem"]
    thick = [
        method.name
        for method in facade.body
        if isinstance(method, ast.FunctionDef) and method.name in facade_calls()
        if len([s for s in method.body if not isinstance(s, ast.Expr)]) > 1
    ]
    assert [] == thick


LONG_MODULE_EXEMPT = {"system.py"}  # the facade: one call per method, one method per use case


def test_no_source_module_is_longer_than_300_lines():
    sources = [*CORE.rglob("*.py"), *ADAPTERS.rglob("*.py")]
    long_ones = {
        str(path): lines
        for path in sources
        if path.name not in LONG_MODULE_EXEMPT
        and (lines := len(path.read_text(encoding="utf-8").splitlines())) > 300
    }
    assert {} == long_ones


VIOLATIONS = {
    "the kernel loads a feature": ("clock.py", "from feedback_core.settings import Settings"),
    "a feature reaches a driver": ("reports/flow.py", "import sqlite3"),
    "a feature runs another's use case": (
        "alerts/cases.py",
        "from feedback_core.reports.cases import submit_report",
    ),
    "the kernel loads the facade": ("errors.py", "from feedback_core.system import FeedbackSystem"),
}


@pytest.mark.slow
@pytest.mark.parametrize(("module", "line"), VIOLATIONS.values(), ids=VIOLATIONS.keys())
def test_the_contracts_catch_a_broken_layer(tmp_path, module, line):
    """The contracts can fail: each violation, planted in a copy of the tree, breaks one."""
    root = Path(__file__).parents[1]
    shutil.copytree(root / "src", tmp_path / "src", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(root / "pyproject.toml", tmp_path)
    with (tmp_path / "src" / "feedback_core" / module).open("a", encoding="utf-8") as source:
        source.write(f"\n{line}  # planted by the test\n")
    lint_imports = shutil.which("lint-imports", path=str(Path(sys.executable).parent))
    assert lint_imports is not None
    env = {
        **os.environ,
        "PYTHONPATH": f"{tmp_path / 'src'}{os.pathsep}{tmp_path / 'src' / 'adapters'}",
    }
    result = subprocess.run(
        [lint_imports, "--no-cache"],
        capture_output=True,
        text=True,
        check=False,
        cwd=tmp_path,
        env=env,
    )
    assert 1 == result.returncode, result.stdout
    assert "BROKEN" in result.stdout
