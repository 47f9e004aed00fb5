"""README.md's commands and example are the ones that work."""

import re
from pathlib import Path

from feedback_core.plugin.manager import make_plugins

ROOT = Path(__file__).parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def shell_blocks() -> list[str]:
    return re.findall(r"```sh\n(.*?)\n```", README, flags=re.DOTALL)


def test_ci_runs_the_readme_test_command():
    test_command = shell_blocks()[1]
    assert test_command in (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()


def test_the_readme_embedding_example_runs(capsys):
    embedding = README[README.index("## Embedding it") :]
    example = re.search(r"```python\n(.*?)\n```", embedding, flags=re.DOTALL)
    assert example is not None
    exec(compile(example.group(1), "README.md", "exec"), {})
    assert "title: Trường này là bắt buộc.\nsubmitted " in capsys.readouterr().out


def table_schemes(heading: str) -> set[str]:
    """The URL schemes in the first column of the README table after ``heading``."""
    table = README[README.index(heading) :].split("\n\n")[1]
    return {
        url.split(":")[0]
        for row in table.splitlines()[2:]
        for url in re.findall(r"`([a-z]+:[^`]*)`", row.split(" | ")[0])
    }


def test_the_adapter_tables_name_the_schemes_each_port_serves():
    registry = make_plugins().adapters()
    assert set(registry.storage.schemes) == table_schemes("Storage:")
    assert set(registry.sms.schemes) == table_schemes("SMS senders (")
    assert set(registry.transports.schemes) == table_schemes("Transports (")
