"""docs/testing.md shows real code: every Python block is a file of this repository, or part of it.

A block's first line names its file. ``# tests/adapters/test_memory_storage.py`` means the
rest of the block is that whole file; ``# from tests/conftest.py`` means it is a part of
that file, word for word. Those files run with the suite, so the guide's code runs in CI.
"""

import re
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[2]
GUIDE = ROOT / "docs" / "testing.md"
WORKED_EXAMPLE = "tests/adapters/test_memory_storage.py"


def python_blocks() -> list[str]:
    return re.findall(r"```python\n(.*?)```", GUIDE.read_text(encoding="utf-8"), flags=re.DOTALL)


def named_file(block: str) -> tuple[bool, Path, str]:
    """(is it a part, the file it names, the code after the first line)."""
    first, _, code = block.partition("\n")
    found = re.fullmatch(r"# (from )?(\S+)", first)
    assert found, f"a block starts with '# <file>' or '# from <file>', not {first!r}"
    return found.group(1) is not None, ROOT / found.group(2), code


@pytest.mark.parametrize("block", python_blocks(), ids=lambda block: block.partition("\n")[0])
def test_every_block_is_word_for_word_in_the_file_it_names(block):
    part, path, code = named_file(block)
    text = path.read_text(encoding="utf-8")
    assert code in text if part else code == text


def test_the_worked_example_is_a_whole_test_module_that_the_suite_runs():
    whole = [named_file(block)[1] for block in python_blocks() if not named_file(block)[0]]
    assert [ROOT / WORKED_EXAMPLE] == whole
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    testpaths = config["tool"]["pytest"]["ini_options"]["testpaths"]
    assert any(WORKED_EXAMPLE.startswith(f"{path}/") for path in testpaths)
    assert Path(WORKED_EXAMPLE).name.startswith("test_")
