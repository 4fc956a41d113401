"""The README says what really happens: its commands are CI's, its picture is
what `tanhplot render` writes, and its console session replays."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tanhplot.cli import app

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text()


def _blocks(lang: str) -> list[str]:
    return re.findall(rf"```{lang}\n(.*?)```", README, flags=re.S)


def test_readme_commands_are_the_ci_commands() -> None:
    commands = [line for block in _blocks("sh") for line in block.splitlines() if line]
    assert len(commands) == 2, commands
    ci = (ROOT / ".ci" / "run").read_text().splitlines()
    for command in commands:
        assert command in ci, f"README command not run by .ci/run: {command}"


def test_readme_picture_is_what_render_writes(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert CliRunner().invoke(app, ["render"]).exit_code == 0
    assert (tmp_path / "tanh.png").read_bytes() == (
        ROOT / "examples" / "tanh.png"
    ).read_bytes(), (
        "examples/tanh.png is stale: run `tanhplot render -o examples/tanh.png`"
    )


def _session() -> list[tuple[list[str], str]]:
    (block,) = _blocks("console")
    steps: list[tuple[list[str], str]] = []
    for line in block.splitlines():
        if line.startswith("$ tanhplot "):
            steps.append((shlex.split(line[len("$ tanhplot ") :]), ""))
        else:
            args, out = steps[-1]
            steps[-1] = (args, out + line + "\n")
    return steps


@pytest.mark.parametrize(
    "args, expected",
    _session(),
    ids=lambda v: " ".join(v) if isinstance(v, list) else "",
)
def test_readme_console_session_replays(
    tmp_path: Path, monkeypatch, args: list[str], expected: str
) -> None:
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(app, args)
    assert result.stdout + result.stderr == expected
