"""The tanhplot command: CliRunner for behaviour, real subprocesses for the
installed entry point, start-up imports and exit codes."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

import tanhplot
from tanhplot.cli import app

runner = CliRunner()


def _run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "tanhplot", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env={**os.environ, "MPLBACKEND": "Agg"},
        check=False,
    )


def test_render_without_arguments_writes_tanh_png(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["render"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "tanh.png").read_bytes().startswith(b"\x89PNG")
    assert "wrote tanh.png" in result.output


def test_render_matches_library_output(tmp_path: Path) -> None:
    result = runner.invoke(app, ["render", "-o", str(tmp_path / "cli.svg")])
    assert result.exit_code == 0, result.output
    lib = tanhplot.save(tanhplot.figure(), tmp_path / "lib.svg")
    assert (tmp_path / "cli.svg").read_bytes() == lib.read_bytes()


def test_render_options(tmp_path: Path) -> None:
    out = tmp_path / "sub" / "s.pdf"
    result = runner.invoke(
        app,
        [
            "render",
            "sigmoid",
            "tanh",
            "-o",
            str(out),
            "--no-derivative",
            "--xlim",
            "-6",
            "6",
            "--ylim",
            "-1.5",
            "1.5",
            "--size",
            "6x4",
            "--dpi",
            "200",
            "--title",
            "Two activations",
            "--no-legend",
            "--legend-loc",
            "upper left",
            "--samples",
            "200",
        ],
    )
    assert result.exit_code == 0, result.output
    assert out.read_bytes().startswith(b"%PDF")


def test_default_name_follows_activations_and_format(
    tmp_path: Path, monkeypatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["render", "tanh", "sigmoid", "--format", "svg"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "tanh-sigmoid.svg").read_bytes().startswith(b"<?xml")


def test_png_dpi_and_size(tmp_path: Path) -> None:
    from PIL import Image

    out = tmp_path / "a.png"
    result = runner.invoke(
        app, ["render", "-o", str(out), "--size", "4x2", "--dpi", "50"]
    )
    assert result.exit_code == 0, result.output
    with Image.open(out) as image:
        assert image.size == (200, 100)


def test_list_shows_formulas() -> None:
    result = runner.invoke(app, ["list"])
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert lines[0].startswith("27 activations")
    tanh = lines.index("tanh")
    assert lines[tanh + 3].split() == ["f'", "via", "f", "1", "-", "tanh(z)^2"]
    assert "sigmoid" in lines and "leaky_relu(negative_slope=0.01)" in lines


def test_missing_glyph_is_one_warning_line(tmp_path: Path) -> None:
    result = runner.invoke(
        app, ["render", "--title", "中", "-o", str(tmp_path / "a.png")]
    )
    assert result.exit_code == 0
    assert result.stderr.splitlines() == [
        "tanhplot: warning: Glyph 20013 (\\N{CJK UNIFIED IDEOGRAPH-4E2D}) "
        "missing from font(s) DejaVu Sans."
    ]


def test_version() -> None:
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0
    assert result.output.strip() == f"tanhplot {tanhplot.__version__}"


BAD_INPUTS = [
    (["render", "tahn"], "unknown activation 'tahn'; did you mean 'tanh'?"),
    (["render", "-o", "{dir}/x.jpg"], "unsupported format 'jpg'"),
    (["render", "-o", "{dir}/x.png", "--format", "gif"], "unknown format 'gif'"),
    (["render", "-o", "{out}", "--xlim", "4", "-4"], "xlim needs min < max, got 4 -4"),
    (["render", "-o", "{out}", "--xlim", "1", "1"], "xlim needs min < max"),
    (["render", "-o", "{out}", "--xlim", "-inf", "4"], "xlim must be finite"),
    (["render", "-o", "{out}", "--xlim", "nan", "4"], "xlim must be finite"),
    (
        ["render", "-o", "{out}", "--size", "0x5"],
        "size width must be a positive number",
    ),
    (
        ["render", "-o", "{out}", "--size", "9x-5"],
        "size height must be a positive number",
    ),
    (["render", "-o", "{out}", "--size", "big"], "size must be WIDTHxHEIGHT"),
    (["render", "-o", "{out}", "--dpi", "0"], "dpi must be a positive number"),
    (["render", "-o", "{out}", "--dpi", "-100"], "dpi must be a positive number"),
    (["render", "-o", "{out}", "--dpi", "abc"], "Invalid value for '--dpi'"),
    (["render", "-o", "{out}", "--legend-loc", "top"], "unknown legend location 'top'"),
    (["render", "-o", "/proc/tanhplot/x.png"], "cannot write '/proc/tanhplot/x.png'"),
    (["render", "-o", "{out}", "--bogus"], "No such option: --bogus"),
    (["rendr"], "No such command 'rendr'"),
]


@pytest.mark.parametrize(
    "args, message",
    BAD_INPUTS,
    ids=lambda a: " ".join(a) if isinstance(a, list) else "",
)
def test_bad_input_one_line_exit_2_file_untouched(
    tmp_path: Path, args: list[str], message: str
) -> None:
    out = tmp_path / "existing.png"
    out.write_bytes(b"precious")
    argv = [a.format(dir=tmp_path, out=out) for a in args]
    result = runner.invoke(app, argv)
    assert result.exit_code == 2, result.output
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("tanhplot: error: ")
    assert message in lines[0]
    assert out.read_bytes() == b"precious"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["existing.png"]


def test_bad_input_in_a_real_process(tmp_path: Path) -> None:
    out = tmp_path / "tanh.png"
    out.write_bytes(b"precious")
    result = _run("render", "tahn", "-o", str(out))
    assert result.returncode == 2
    assert result.stderr == (
        "tanhplot: error: unknown activation 'tahn'; did you mean 'tanh'? "
        f"(valid: {', '.join(tanhplot.available())})\n"
    )
    assert "Traceback" not in result.stderr
    assert out.read_bytes() == b"precious"


@pytest.mark.slow
def test_real_process_render(tmp_path: Path) -> None:
    result = _run("render", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "tanh.png").read_bytes().startswith(b"\x89PNG")


def test_console_script_is_installed(tmp_path: Path) -> None:
    script = Path(sys.executable).with_name("tanhplot")
    assert script.exists(), "the 'tanhplot' console script is not installed"
    result = subprocess.run(
        [str(script), "--version"], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0 and result.stdout.startswith("tanhplot ")


# main(), not the console script's run(), which ends a drawing command
# before anything after it could look
_IMPORTS = (
    "import sys\n"
    "sys.argv = ['tanhplot', *sys.argv[1:]]\n"
    "from tanhplot.cli import main\n"
    "try:\n"
    "    main()\n"
    "except SystemExit:\n"
    "    pass\n"
    "mpl = any(m == 'matplotlib' or m.startswith('matplotlib.') for m in sys.modules)\n"
    "print('MATPLOTLIB', mpl, file=sys.stderr)\n"
    "print('SCIPY', 'scipy' in sys.modules, 'SYMPY', 'sympy' in sys.modules,\n"
    "      file=sys.stderr)\n"
    "print('NUMPY', 'numpy' in sys.modules, file=sys.stderr)\n"
)


@pytest.mark.parametrize(
    "args", [["--help"], ["list"], ["render", "--help"], ["--version"]]
)
def test_fast_commands_do_not_import_matplotlib(args: list[str]) -> None:
    result = subprocess.run(
        [sys.executable, "-c", _IMPORTS, *args],
        capture_output=True,
        text=True,
        check=False,
    )
    assert "MATPLOTLIB False" in result.stderr, result.stderr
    assert "SCIPY False SYMPY False" in result.stderr, result.stderr


@pytest.mark.parametrize(
    "args",
    [
        ["--help"],
        ["render", "--help"],
        ["build", "--help"],
        ["--version"],
        ["list"],
        ["list", "elu", "threshold"],
    ],
)
def test_help_and_list_do_not_import_numpy(args: list[str]) -> None:
    # the activations' formulas live beside their numpy code, which imports
    # numpy when it first runs (tanhplot.lazy)
    result = subprocess.run(
        [sys.executable, "-c", _IMPORTS, *args],
        capture_output=True,
        text=True,
        check=False,
    )
    assert "NUMPY False" in result.stderr, result.stderr


@pytest.mark.slow
def test_entry_point_skips_collecting_what_lives_until_exit(tmp_path: Path) -> None:
    # main() runs the command with the cyclic collector off and freezes what
    # is alive at the end, so the interpreter's final collections do not walk
    # matplotlib's objects (~0.1 s; benchmarks/compare.py measures it). The
    # file it writes is the same as the library's.
    script = (
        "import gc, sys\n"
        "from tanhplot.cli import main\n"
        "sys.argv = ['tanhplot', 'render', '-o', sys.argv[1]]\n"
        "try:\n"
        "    main()\n"
        "except SystemExit as exc:\n"
        "    from matplotlib.lines import Line2D\n"
        "    print('DOCS', Line2D.set.__doc__ is not None)\n"
        "    print('EXIT', exc.code, 'ENABLED', gc.isenabled(),\n"
        "          'FROZEN', gc.get_freeze_count())\n"
    )
    out = tmp_path / "t.png"
    result = subprocess.run(
        [sys.executable, "-c", script, str(out)],
        capture_output=True,
        text=True,
        check=False,
    )
    exit_code, enabled, frozen = result.stdout.splitlines()[-1].split()[1::2]
    assert (exit_code, enabled) == ("0", "False"), result.stdout + result.stderr
    assert int(frozen) > 100_000, result.stdout
    # matplotlib's Artist.set docstrings were not generated in that process
    assert "DOCS False" in result.stdout, result.stdout
    ours = tmp_path / "library.png"
    tanhplot.save(tanhplot.figure(), ours)
    assert out.read_bytes() == ours.read_bytes()
    from matplotlib.lines import Line2D

    assert Line2D.set.__doc__  # this process (the library) keeps them


@pytest.mark.slow
def test_artist_docstrings_are_skipped_only_where_it_is_safe() -> None:
    from matplotlib.lines import Line2D

    from tanhplot.cli import skip_artist_docstrings

    # here matplotlib's artist classes exist already: nothing is changed
    assert skip_artist_docstrings() is False
    script = (
        "import matplotlib.artist as a\n"
        "del a.Artist._update_set_signature_and_docstring\n"  # another matplotlib
        "from tanhplot.cli import skip_artist_docstrings\n"
        "kwdoc = a.kwdoc\n"
        "print(skip_artist_docstrings(), a.kwdoc is kwdoc)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=False
    )
    assert result.stdout.split() == ["False", "True"], result.stderr
    # set() works on a class made after skipping, as it did before; the
    # property tables of other docstrings are skipped too
    script = (
        "from tanhplot.cli import skip_artist_docstrings\n"
        "print(skip_artist_docstrings())\n"
        "from matplotlib.lines import Line2D\n"
        "line = Line2D([0], [0]); line.set(color='red', linewidth=3)\n"
        "print(line.get_color(), line.get_linewidth())\n"
        "import matplotlib.artist as a\n"
        "print(repr(a.kwdoc(Line2D)), 'antialiased' in (Line2D.__init__.__doc__))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=False
    )
    assert result.stdout.split() == ["True", "red", "3.0", "''", "False"], result.stderr
    assert Line2D.set.__doc__


def test_render_does_import_matplotlib(tmp_path: Path) -> None:
    # The check above can fail: rendering really loads matplotlib.
    result = subprocess.run(
        [sys.executable, "-c", _IMPORTS, "render", "-o", str(tmp_path / "t.png")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert "MATPLOTLIB True" in result.stderr, result.stderr


# --------------------------------------------------------------------------
# Outputs: all files of a command or none, special files, standard output
# --------------------------------------------------------------------------


def test_theme_pair_writes_neither_file_when_one_cannot_be_written(
    tmp_path: Path,
) -> None:
    light, dark = tmp_path / "x.svg", tmp_path / "x-dark.svg"
    light.write_bytes(b"precious")
    dark.mkdir()
    result = runner.invoke(app, ["render", "--theme", "light,dark", "-o", str(light)])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert (
        result.stderr == f"tanhplot: error: cannot write '{dark}': it is a folder; "
        "tanhplot replaces only regular files (give a file name)\n"
    )
    assert light.read_bytes() == b"precious"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["x-dark.svg", "x.svg"]


def test_fifo_output_is_refused(tmp_path: Path) -> None:
    fifo = tmp_path / "t.png"
    os.mkfifo(fifo)
    result = runner.invoke(app, ["render", "-o", str(fifo)])
    assert result.exit_code == 2
    assert result.stderr.startswith(
        f"tanhplot: error: cannot write '{fifo}': it is a FIFO"
    )
    assert fifo.is_fifo()


def test_link_to_dev_stdout_is_refused_in_a_real_process(tmp_path: Path) -> None:
    link = tmp_path / "t.png"
    link.symlink_to("/dev/stdout")
    result = _run("render", "-o", str(link))  # stdout is a pipe here
    assert result.returncode == 2, result.stderr
    assert result.stderr.startswith(
        f"tanhplot: error: cannot write '{link}': it is a FIFO"
    )
    assert link.is_symlink() and result.stdout == ""


@pytest.mark.slow
@pytest.mark.parametrize("fmt", ["png", "svg"])
def test_dash_writes_to_standard_output(tmp_path: Path, fmt: str) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "tanhplot", "render", "-o", "-", "--format", fmt],
        capture_output=True,
        cwd=tmp_path,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr == b""
    assert (
        result.stdout
        == tanhplot.save(tanhplot.figure(), tmp_path / f"lib.{fmt}").read_bytes()
    )
    assert [p.name for p in tmp_path.iterdir()] == [f"lib.{fmt}"]


@pytest.mark.parametrize(
    "args, message",
    [
        (
            ["-o", "-"],
            "-o - writes to standard output and needs --format (png, svg, pdf, pgf)",
        ),
        (
            ["-o", "-", "--format", "svg", "--theme", "light,dark"],
            "-o - writes one file to standard output, not one per theme",
        ),
        (
            ["-o", "-", "--format", "svg", "--alt-text"],
            "--alt-text prints to standard output, which -o - fills",
        ),
    ],
)
def test_dash_needs_a_format_and_one_file(
    tmp_path: Path, monkeypatch, args: list[str], message: str
) -> None:
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["render", *args])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.startswith(f"tanhplot: error: {message}")
    assert len(result.stderr.splitlines()) == 1
    assert list(tmp_path.iterdir()) == []


def test_formula_to_standard_output(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "tanhplot", "formula", "-o", "-", "--format", "svg"],
        capture_output=True,
        cwd=tmp_path,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(b"<?xml")
    assert list(tmp_path.iterdir()) == []


def test_long_file_names_are_written(tmp_path: Path) -> None:
    out = tmp_path / ("t" * 251 + ".png")
    result = runner.invoke(app, ["render", "-o", str(out)])
    assert result.exit_code == 0, result.stderr
    assert out.read_bytes().startswith(b"\x89PNG")


@pytest.mark.slow
@pytest.mark.parametrize(
    "args", [["list"], ["render", "--alt-text", "-o", "t.png"], ["--help"]]
)
def test_full_standard_output_is_one_line(tmp_path: Path, args: list[str]) -> None:
    with open("/dev/full", "wb") as full:
        result = subprocess.run(
            [sys.executable, "-m", "tanhplot", *args],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            cwd=tmp_path,
            check=False,
        )
    assert result.returncode != 0
    assert (
        result.stderr
        == "tanhplot: error: cannot write to standard output: No space left on device\n"
    )


def test_closed_pipe_is_quiet() -> None:
    script = (
        "import subprocess, sys\n"
        "p = subprocess.Popen([sys.executable, '-m', 'tanhplot', 'list'],"
        " stdout=subprocess.PIPE, stderr=subprocess.PIPE)\n"
        # closed before the child starts writing: reading a little first
        # raced with a child whose whole output fits in the pipe's buffer
        "p.stdout.close()\n"
        "print(p.wait(), repr(p.stderr.read().decode()))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=False
    )
    code, stderr = result.stdout.split(" ", 1)
    assert code != "0" and stderr.strip() == "''", result.stdout


def test_animate_help_asks_for_a_sweep_without_a_default() -> None:
    """animate has no default activation (tanh has nothing to sweep); its
    argument's help says how to write the sweep. render keeps tanh."""
    runner = CliRunner()
    animate = runner.invoke(app, ["animate", "--help"], env={"COLUMNS": "200"})
    render = runner.invoke(app, ["render", "--help"], env={"COLUMNS": "200"})
    assert animate.exit_code == render.exit_code == 0
    assert "written as a range" in animate.output
    assert "Default: tanh." not in animate.output
    assert "Default: tanh." in render.output


def test_list_takes_expressions_and_parameters_as_render_and_formula_do() -> None:
    runner = CliRunner()
    result = runner.invoke(app, ["list", "s=z*sigmoid(z)", "elu(alpha=2)"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == "s"
    derivative = tanhplot.from_expression("z*sigmoid(z)", name="s").derivative_text
    assert lines[2].split(None, 1)[1] == derivative
    assert "'" not in derivative.replace("f'", "")  # fully expanded: no sigmoid'
    assert "elu(alpha=2)" in lines
    bad = runner.invoke(app, ["list", "elu(beta=2)"])
    assert bad.exit_code == 2
    assert "unknown parameter 'beta'" in bad.output


def test_only_the_command_that_runs_gets_its_options(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # main() names the command that runs; the others are not built
    import inspect

    from tanhplot import cli

    monkeypatch.setattr(cli._DeclaredCommand, "running", "render")
    assert "samples" in inspect.signature(cli.render).parameters
    assert not inspect.signature(cli.formula).parameters
    assert not inspect.signature(cli.animate_command).parameters
    monkeypatch.setattr(cli._DeclaredCommand, "running", None)  # every command
    assert "venue" in inspect.signature(cli.formula).parameters
    assert "frames" in inspect.signature(cli.animate_command).parameters


@pytest.mark.slow
def test_a_drawing_command_skips_the_interpreter_teardown(tmp_path: Path) -> None:
    # run() (the console script, python -m tanhplot) ends a command that drew
    # its output at once, output flushed and exit status kept; other commands
    # end the usual way (the atexit line shows which)
    script = (
        "import atexit, sys\n"
        "atexit.register(lambda: print('TEARDOWN', file=sys.stderr))\n"
        "sys.argv = ['tanhplot', *sys.argv[1:]]\n"
        "from tanhplot.cli import run\n"
        "run()\n"
    )

    def ran(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-c", script, *args],
            capture_output=True,
            text=True,
            check=False,
            cwd=tmp_path,
        )

    drawn = ran("render", "-o", "t.png")
    assert (drawn.returncode, drawn.stdout, drawn.stderr) == (0, "wrote t.png\n", "")
    ours = tanhplot.save(tanhplot.figure(), tmp_path / "library.png")
    assert (tmp_path / "t.png").read_bytes() == ours.read_bytes()
    piped = ran("formula", "tanh", "-o", "-", "--format", "svg")
    assert piped.returncode == 0 and piped.stdout.rstrip().endswith("</svg>")
    assert piped.stderr == ""
    bad = ran("render", "--dpi", "-3", "-o", "u.png")
    assert bad.returncode == 2 and bad.stderr.count("\n") == 1, bad.stderr
    assert bad.stderr.startswith("tanhplot: error: ") and "TEARDOWN" not in bad.stderr
    assert not (tmp_path / "u.png").exists()
    listed = ran("list")
    assert listed.returncode == 0 and listed.stderr == "TEARDOWN\n"
