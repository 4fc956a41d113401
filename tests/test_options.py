"""Each option is declared once; the CLI, spec files, keyword arguments and
docs come from the declaration, and library and CLI apply the same rules."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

import tanhplot
import tanhplot.spec
from tanhplot.cli import app
from tanhplot.options import RENDER_OPTIONS, RUN_OPTIONS, declared, option
from tanhplot.spec import FigureSpec
from tanhplot.specfile import loads, option_names

runner = CliRunner()


def _help() -> str:
    result = runner.invoke(app, ["render", "--help"], terminal_width=200)
    assert result.exit_code == 0, result.output
    return " ".join(result.output.split())


def test_every_declared_option_is_on_the_command_line_with_its_default() -> None:
    text = _help()
    for opt in declared(FigureSpec):
        if opt.name == "activations":
            continue  # the argument
        assert "--" + opt.name.replace("_", "-") in text, opt.name
        default = opt.default_text()
        if default is not None:
            assert f"Default: {' '.join(default.split())}." in text, opt.name
    for opt in (*RENDER_OPTIONS, *RUN_OPTIONS):
        assert "--" + opt.name.replace("_", "-") in text, opt.name


def test_every_declared_option_is_a_spec_file_key_and_documented() -> None:
    names = {opt.name for opt in declared(FigureSpec)}
    assert names == {f.name for f in dataclasses.fields(FigureSpec) if f.init}
    assert set(option_names()) == names | {opt.name for opt in RENDER_OPTIONS}
    doc = FigureSpec.__doc__ or ""
    for opt in declared(FigureSpec):
        assert f"\n{opt.name} : " in doc, opt.name


@dataclasses.dataclass(frozen=True)
class _Wider(FigureSpec):
    """A FigureSpec with one more option, as a new feature would add it."""

    shading: bool = option(False, "Shade under the curve.")


def test_a_new_boolean_option_needs_only_its_declaration(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(tanhplot.spec, "FigureSpec", _Wider)
    assert "--shading Shade under the curve." in _help()
    assert _Wider.from_options({"shading": True}).shading is True
    with pytest.raises(tanhplot.TanhplotError, match="shading must be true or false"):
        _Wider(shading="yes")  # type: ignore[arg-type]
    monkeypatch.setattr("tanhplot.specfile.FigureSpec", _Wider)
    (entry,) = loads('[[figure]]\noutput = "a.png"\nshading = true\n')
    assert entry.spec.shading is True  # type: ignore[attr-defined]
    assert "\nshading : bool\n    Shade under the curve." in (
        tanhplot.options.document("Wider.", declared(_Wider))
    )


def test_library_and_cli_refuse_names_with_all_alike(tmp_path: Path) -> None:
    message = "give activation names or all (--all), not both"
    with pytest.raises(tanhplot.TanhplotError, match=re.escape(message)):
        tanhplot.figure("sigmoid", all=True)
    result = runner.invoke(app, ["render", "sigmoid", "--all", "-o", "x.png"])
    assert result.exit_code == 2
    assert f"tanhplot: error: {message}" in result.output


def test_a_spec_made_with_all_round_trips() -> None:
    spec = FigureSpec(all=True, grid=True)
    assert spec.replace(theme="dark").activations == spec.activations
    assert "activations" not in spec.options()


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"legend_loc": "top"}, "unknown legend location 'top'"),
        ({"theme": "blue"}, "unknown theme 'blue'"),
        ({"labels": "names"}, "unknown labels 'names'; did you mean 'name'?"),
        ({"arrows": 1}, "arrows must be true or false, got 1"),
        ({"samples": 1}, "samples must be between 2 and"),
        ({"xlim": (1, 1)}, "xlim needs min < max"),
    ],
)
def test_declared_checks_run_for_keyword_arguments(
    options: dict[str, object], message: str
) -> None:
    with pytest.raises(tanhplot.TanhplotError, match=message):
        FigureSpec.from_options(options)
