"""Spec files: the options of `tanhplot render`, validated by FigureSpec, with
errors that point at the file, line, figure and key."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
import typer.main

from tanhplot import FigureSpec, specfile
from tanhplot.cli import app
from tanhplot.specfile import RENDER_OPTIONS, SpecFileError, load, loads, option_names


def _errors(text: str) -> list[str]:
    with pytest.raises(SpecFileError) as info:
        loads(text, source="figs.toml")
    return info.value.errors


def test_spec_keys_are_the_render_options() -> None:
    render = typer.main.get_command(app).commands["render"]  # type: ignore[attr-defined]
    # Python names: --all is the parameter all_ (all is a built-in).
    names = {(param.name or "").removesuffix("_") for param in render.params}
    # --watch is about how the command runs, not a figure: no spec-file key
    from tanhplot.options import RUN_OPTIONS

    assert names == set(option_names()) | {opt.name for opt in RUN_OPTIONS}
    fields = {f.name for f in dataclasses.fields(FigureSpec) if f.init}
    assert set(option_names()) == fields | set(RENDER_OPTIONS)


def test_defaults_figures_and_outputs_relative_to_the_file(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    path = tmp_path / "sub" / "figs.toml"
    path.write_text(
        "[defaults]\nxlim = [-6, 6]\nderivative = false\n\n"
        '[[figure]]\noutput = "a.png"\n\n'
        '[[figure]]\noutput = "out/b.svg"\nactivations = ["tanh", "sigmoid"]\n'
        'xlim = [-2, 2]\nsize = "6x4"\nalt_text = true\n\n'
        '[[figure]]\noutput = "c"\nformat = "pdf"\nsize = [6, 4]\n'
    )
    a, b, c = load(path)
    assert (a.index, a.output, a.path, a.format) == (
        1,
        "a.png",
        path.parent / "a.png",
        "png",
    )
    assert a.spec == FigureSpec(xlim=(-6, 6), derivative=False)
    assert [x.name for x in b.spec.activations] == ["tanh", "sigmoid"]
    assert b.spec.xlim == (-2.0, 2.0) and b.spec.derivative is False
    assert b.path == path.parent / "out" / "b.svg" and b.alt_text and not a.alt_text
    assert c.format == "pdf" and c.spec.size == b.spec.size == (6.0, 4.0)
    assert b.name == "figure 2 (out/b.svg)"


def test_expr_joins_the_activations_like_the_cli_option() -> None:
    a, b = loads(
        '[[figure]]\noutput = "a.png"\nexpr = ["swish2=z*sigmoid(z)"]\n\n'
        '[[figure]]\noutput = "b.png"\nactivations = ["tanh"]\n'
        'expr = ["cube=z**3"]\n'
    )
    assert [x.name for x in a.spec.activations] == ["swish2"]
    assert [x.name for x in b.spec.activations] == ["tanh", "cube"]
    with pytest.raises(SpecFileError, match="expr"):
        loads('[[figure]]\noutput = "a.png"\nexpr = "z"\n')


def test_syntax_error_has_file_line_column() -> None:
    (error,) = _errors('[[figure]]\noutput = "a.png"\nxlim = [1 2]\n')
    assert error.startswith("figs.toml:3:"), error
    assert "invalid TOML" in error
    (error,) = _errors('[[figure]]\noutput = "a.png\n')
    assert error.startswith("figs.toml:2:16: invalid TOML"), error


def test_unknown_keys_name_the_figure_and_suggest() -> None:
    errors = _errors(
        "[defaults]\nlegnd = false\n\n"
        '[[figure]]\noutput = "a.png"\n\n'
        '[[figure]]\noutput = "b.svg"\ntitel = "B"\n'
    )
    assert errors == [
        "figs.toml:2: defaults: unknown option 'legnd'; did you mean 'legend'?",
        "figs.toml:9: figure 2 (b.svg): unknown option 'titel'; did you mean 'title'?",
    ]


@pytest.mark.parametrize(
    "line, message",
    [
        ('samples = "many"', "samples must be a whole number, got 'many'"),
        ("xlim = 4", "xlim must be two numbers (min, max), got 4"),
        ('derivative = "yes"', "derivative must be true or false, got 'yes'"),
        ("title = 3", "title must be text, got 3"),
        ('size = "big"', "size must be WIDTHxHEIGHT in inches, e.g. 9x5, got 'big'"),
        # FigureSpec's check_choice names a number where a name belongs too.
        ("theme = 5", "unknown theme 5 (valid: light, dark, paper, slides, auto)"),
        ("legend_loc = [1]", "unknown legend location [1] (valid: auto, best"),
        ('alt_text = "yes"', "alt_text must be true or false, got the string 'yes'"),
        ("format = 1", "format must be text (a string), got 1"),
        ('activations = ["tahn"]', "unknown activation 'tahn'; did you mean 'tanh'?"),
        ("xlim = [4, -4]", "xlim needs min < max, got 4 -4"),
    ],
)
def test_wrong_values_say_what_was_expected(line: str, message: str) -> None:
    (error,) = _errors(f'[[figure]]\noutput = "a.png"\n{line}\n')
    assert error.startswith("figs.toml:3: figure 1 (a.png): "), error
    assert message in error


def test_every_problem_is_reported_once() -> None:
    errors = _errors(
        '[[figure]]\noutput = "a.png"\nsamples = 1\ntheme = 5\n\n'
        '[[figure]]\ntitle = "no output"\n\n'
        '[[figure]]\noutput = "a.png"\n\n'
        '[[figure]]\noutput = "c.jpg"\n\n'
        '[[figure]]\noutput = "d.png"\nformat = "svg"\n'
    )
    assert len(errors) == 6, errors
    assert "figs.toml:3: figure 1 (a.png): samples must be between 2" in errors[0]
    assert "figs.toml:4: figure 1 (a.png): unknown theme 5" in errors[1]
    assert errors[2] == 'figs.toml:6: figure 2: missing output = "FILE"'
    assert errors[3] == "figs.toml:10: figure 3 (a.png): the same output as figure 1"
    assert "figure 4 (c.jpg): unsupported format 'jpg'" in errors[4]
    assert "figure 5 (d.png): format 'svg' does not match the suffix" in errors[5]


def test_venue_options_are_checked_with_their_venue() -> None:
    # columns and rel_width depend on the venue: blamed with it, and not
    # at all when the venue itself is the problem
    errors = _errors(
        '[[figure]]\noutput = "a.png"\nvenue = "aaai"\nrel_width = 3\n\n'
        '[[figure]]\noutput = "b.png"\nvenue = "icml"\ncolumns = 3\n\n'
        '[[figure]]\noutput = "c.png"\nvenue = "icm"\ncolumns = 2\nrel_width = 0.5\n'
    )
    assert len(errors) == 3, errors
    assert errors[0].startswith("figs.toml:4: figure 1 (a.png): rel_width must be")
    assert "at most 1" in errors[0]
    assert errors[1].startswith("figs.toml:9: figure 2 (b.png): columns must be 1 or 2")
    assert "figure 3 (c.png): unknown venue 'icm'; did you mean 'icml'?" in errors[2]
    (entry,) = loads('[[figure]]\noutput = "a.png"\nvenue = "aaai"\nrel_width = 0.5\n')
    assert entry.spec.size[0] == pytest.approx(3.3 / 2)


@pytest.mark.parametrize(
    "text, message",
    [
        ("", "no figures: add a [[figure]] table"),
        ('[figure]\noutput = "a.png"\n', "write [[figure]], not [figure]"),
        (
            '[[figures]]\noutput = "a.png"\n',
            "unknown table 'figures'; did you mean 'figure'?",
        ),
        ('defaults = 1\n[[figure]]\noutput = "a.png"\n', "defaults must be a table"),
        (
            '[defaults]\noutput = "a.png"\n[[figure]]\noutput = "b.png"\n',
            "output belongs in each [[figure]]",
        ),
    ],
)
def test_file_structure_errors(text: str, message: str) -> None:
    errors = _errors(text)
    assert any(message in e for e in errors), errors


def test_a_bad_default_is_reported_for_the_figures_that_use_it() -> None:
    errors = _errors('[defaults]\nxlim = [4, -4]\n\n[[figure]]\noutput = "a.png"\n')
    assert errors == ["figs.toml:2: figure 1 (a.png): xlim needs min < max, got 4 -4"]


def test_unreadable_file(tmp_path: Path) -> None:
    with pytest.raises(SpecFileError, match="cannot read spec file"):
        load(tmp_path / "missing.toml")


def test_new_figure_spec_fields_are_spec_file_keys(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Another FigureSpec field (as other branches add them): accepted at once,
    # type-checked from its annotation, and part of the canonical spec.
    @dataclasses.dataclass(frozen=True)
    class Wider(FigureSpec):
        linewidth: float = 3.0

    monkeypatch.setattr(specfile, "FigureSpec", Wider)
    (entry,) = loads('[[figure]]\noutput = "a.png"\nlinewidth = 1.5\n')
    assert isinstance(entry.spec, Wider) and entry.spec.linewidth == 1.5
    (other,) = loads('[[figure]]\noutput = "a.png"\nlinewidth = 2\n')
    assert entry.digest() != other.digest()
    errors = _errors('[[figure]]\noutput = "a.png"\nlinewidht = 1\n')
    assert errors == [
        "figs.toml:3: figure 1 (a.png): unknown option 'linewidht'; "
        "did you mean 'linewidth'?"
    ]


def test_canonical_spec_ignores_spelling_and_sees_every_change() -> None:
    def digest(extra: str = "", output: str = "a.png") -> str:
        (entry,) = loads(f'[[figure]]\noutput = "{output}"\n{extra}\n')
        return entry.digest()

    base = digest()
    assert digest("xlim = [-4.0, 4.0]") == base  # the default, written out
    assert digest('activations = ["tanh"]\nsize = "9x5"') == base
    changed = [
        digest("xlim = [-4, 5]"),
        digest("derivative = false"),
        digest('title = "T"'),
        digest("samples = 800"),
        digest("dpi = 150"),
        digest('legend_loc = "upper left"'),
        digest('activations = ["sigmoid"]'),
        digest("alt_text = true"),
        digest(output="a.svg"),
    ]
    assert len({base, *changed}) == len(changed) + 1


def test_source_date_epoch_is_part_of_svg_and_pdf_specs(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def digests() -> list[str]:
        return [
            e.digest()
            for e in loads(
                '[[figure]]\noutput = "a.png"\n[[figure]]\noutput = "a.svg"\n'
                '[[figure]]\noutput = "a.pdf"\n'
            )
        ]

    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    before = digests()
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "946684800")
    after = digests()
    assert before[0] == after[0]  # PNG files carry no date
    assert before[1] != after[1] and before[2] != after[2]


# --------------------------------------------------------------------------
# Outputs stay inside the spec file's folder and overwrite nothing of the build
# --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "output, message",
    [
        ("../../x.png", "output '../../x.png' is outside the spec file's folder"),
        (
            "sub/../../x.png",
            "output 'sub/../../x.png' is outside the spec file's folder",
        ),
        (
            "/tmp/x.png",
            "output must be relative to the spec file's folder, got '/tmp/x.png'",
        ),
        ("figs.toml", "output 'figs.toml' would overwrite the spec file figs.toml"),
        ("./figs.toml", "output './figs.toml' would overwrite the spec file figs.toml"),
        (
            ".tanhplot-build.json",
            "output '.tanhplot-build.json' would overwrite the build manifest",
        ),
        (
            "link/x.png",
            "output 'link/x.png' leads outside the spec file's folder through a link",
        ),
    ],
)
def test_outputs_stay_inside_the_folder(
    tmp_path: Path, output: str, message: str
) -> None:
    folder = tmp_path / "specs"
    folder.mkdir()
    (folder / "link").symlink_to(tmp_path)
    path = folder / "figs.toml"
    path.write_text(
        '[[figure]]\noutput = "a.png"\n\n'
        f'[[figure]]\noutput = "{output}"\nformat = "png"\n'
    )
    with pytest.raises(SpecFileError) as info:
        load(path)
    [error] = info.value.errors
    assert error.startswith(f"{path}:5: figure 2 ({output}): {message}")


def test_an_output_may_not_be_another_ones_alt_text_file() -> None:
    errors = _errors(
        '[[figure]]\noutput = "a.svg"\nalt_text = true\n\n'
        '[[figure]]\noutput = "a.svg.txt"\nformat = "svg"\n'
    )
    assert errors == [
        "figs.toml:6: figure 2 (a.svg.txt): output 'a.svg.txt' would overwrite the alt "
        "text file of figure 1 (alt_text = true writes OUTPUT.txt)"
    ]


def test_outputs_in_subfolders_are_fine(tmp_path: Path) -> None:
    path = tmp_path / "figs.toml"
    path.write_text(
        '[[figure]]\noutput = "out/../a.png"\n\n[[figure]]\noutput = "out/b.png"\n'
    )
    assert [e.output for e in load(path)] == ["out/../a.png", "out/b.png"]


@pytest.mark.parametrize("depth", [101, 500, 5000])
def test_deeply_nested_toml_is_one_line(depth: int) -> None:
    errors = _errors(
        '[[figure]]\noutput = "a.png"\nxlim = ' + "[" * depth + "]" * depth + "\n"
    )
    assert errors == [
        "figs.toml:3: lists or tables nested more than 100 deep; "
        "a spec file needs at most 3"
    ]


def test_an_alt_text_file_may_not_be_the_spec_file(tmp_path: Path) -> None:
    path = tmp_path / "a.svg.txt"
    path.write_text('[[figure]]\noutput = "a.svg"\nalt_text = true\n')
    with pytest.raises(SpecFileError) as info:
        load(path)
    assert info.value.errors == [
        f"{path}:2: figure 1 (a.svg): its alt text file 'a.svg.txt' would overwrite "
        "the spec file a.svg.txt"
    ]


def test_one_figure_options_file(tmp_path: Path) -> None:
    """``render --watch FILE`` reads a figure table's keys at the top level."""
    from tanhplot.specfile import load_options

    good = tmp_path / "good.toml"
    good.write_text('title = "t"\nxlim = [-6, 6]\nactivations = ["relu"]\n')
    assert load_options(good) == {
        "title": "t",
        "xlim": [-6, 6],
        "activations": ["relu"],
    }
    bad = tmp_path / "bad.toml"
    bad.write_text('title = "t"\ntitel = 1\noutput = "x.png"\ndpi = "high"\n')
    with pytest.raises(SpecFileError) as info:
        load_options(bad)
    assert info.value.errors == [
        f"{bad}:2: unknown option 'titel'; did you mean 'title'?",
        f"{bad}:3: output is the command line's (-o FILE), not this file's",
        f"{bad}:4: dpi must be a number, got the string 'high'",
    ]
    broken = tmp_path / "broken.toml"
    broken.write_text("title = \n")
    with pytest.raises(SpecFileError, match=r"broken.toml:1:\d+: invalid TOML"):
        load_options(broken)
