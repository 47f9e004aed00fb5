"""README.md's commands and example are the ones that work."""

import re
from pathlib import Path

ROOT = Path(__file__).parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def shell_blocks() -> list[str]:
    return re.findall(r"```sh\n(.*?)\n```", README, flags=re.DOTALL)


def test_ci_runs_the_readme_test_command():
    test_command = shell_blocks()[1]
    assert test_command in (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()


def test_the_readme_embedding_example_runs(capsys):
    example = re.search(r"```python\n(.*?)\n```", README, flags=re.DOTALL)
    assert example is not None
    exec(compile(example.group(1), "README.md", "exec"), {})
    assert "title: Trường này là bắt buộc.\nsubmitted " in capsys.readouterr().out
