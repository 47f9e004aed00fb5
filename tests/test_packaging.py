"""The wheel ships the core and every adapter as top-level feedback_* packages."""

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[1]
ADAPTERS = sorted(p.name for p in (ROOT / "src" / "adapters").iterdir() if p.is_dir())


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(out), str(ROOT)],
        check=True,
        capture_output=True,
    )
    return next(out.glob("feedback_core-*.whl"))


def top_level_names(wheel: Path) -> set[str]:
    with zipfile.ZipFile(wheel) as archive:
        return {name.split("/")[0] for name in archive.namelist() if ".dist-info" not in name}


def test_the_wheel_installs_no_top_level_adapters_package(wheel):
    assert {"feedback_core", *ADAPTERS} == top_level_names(wheel)


def test_the_wheel_ships_type_information_and_catalogs(wheel):
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
    expected = {
        "feedback_core/py.typed",
        "feedback_core/locale/vi/LC_MESSAGES/feedback_core.mo",
        *(f"{adapter}/py.typed" for adapter in ADAPTERS),
    }
    assert expected <= names


@pytest.mark.parametrize("adapter", ADAPTERS)
def test_every_adapter_imports_from_the_wheel(wheel, adapter):
    # A zipped pure-Python wheel is importable as is; PYTHONPATH puts it before the
    # editable install, and the printed path proves which copy was imported.
    probe = f"import {adapter}, feedback_core; print({adapter}.__file__)"
    result = subprocess.run(
        [sys.executable, "-c", probe],
        env={"PYTHONPATH": str(wheel), "PATH": ""},
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.startswith(str(wheel))


def test_the_wheel_holds_every_module_of_the_source_tree(wheel):
    sources = {
        str(path.relative_to(root.parent))
        for root in (
            ROOT / "src" / "feedback_core",
            *(ROOT / "src" / "adapters" / a for a in ADAPTERS),
        )
        for path in root.rglob("*.py")
    }
    with zipfile.ZipFile(wheel) as archive:
        shipped = set(archive.namelist())
    assert set() == sources - shipped
