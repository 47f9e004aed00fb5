# ruff: noqa: INP001 - a script, not a package
"""Print the shape of the source tree: lines per package, the longest modules, function sizes.

    python tools/code_shape.py            # src/feedback_core and src/adapters

Used when reviewing a change that moves code: a package that grows past its purpose, a
module over 300 lines or a rising median function length are the things to look at.
"""

from __future__ import annotations

import ast
import statistics
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SOURCES = (ROOT / "src" / "feedback_core", ROOT / "src" / "adapters")
LONG = 250  # lines: a module this long is worth a look before it reaches 300


def package_of(path: Path) -> str:
    """The dotted package a module belongs to, e.g. feedback_core.reports."""
    parts = path.relative_to(ROOT / "src").with_suffix("").parts
    parts = parts[1:] if parts[0] == "adapters" else parts
    return ".".join(parts[:-1]) if len(parts) > 1 else parts[0]


def function_lengths(path: Path) -> list[int]:
    """The length in lines of every function and method in a module, docstring included."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [
        (node.end_lineno or node.lineno) - node.lineno + 1
        for node in ast.walk(tree)
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
    ]


def main() -> int:
    """Print the report."""
    modules = sorted(p for source in SOURCES for p in source.rglob("*.py"))
    lines = {p: len(p.read_text(encoding="utf-8").splitlines()) for p in modules}
    per_package: dict[str, list[Path]] = defaultdict(list)
    for path in modules:
        per_package[package_of(path)].append(path)
    print("package                              modules  lines")
    for package, paths in sorted(per_package.items()):
        print(f"{package:<36} {len(paths):>7} {sum(lines[p] for p in paths):>6}")
    print(f"\nmodules over {LONG} lines:")
    for path in sorted(modules, key=lines.__getitem__, reverse=True):
        if lines[path] > LONG:
            print(f"  {lines[path]:>4}  {path.relative_to(ROOT)}")
    sizes = [n for p in modules for n in function_lengths(p)]
    print(
        f"\nfunctions: {len(sizes)}, median {statistics.median(sizes)} lines, "
        f"mean {statistics.fmean(sizes):.1f}, longest {max(sizes)}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
