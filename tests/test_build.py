"""`tanhplot build`: the example spec, incremental builds, failures that do not
stop the others, the process pool, progress output and memory."""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from typer.testing import CliRunner

import tanhplot
from tanhplot import FigureSpec, alt_text
from tanhplot.build import MANIFEST, build
from tanhplot.cli import app

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "figures.toml"
runner = CliRunner()

TWO = (
    '[[figure]]\noutput = "a.png"\n\n'
    '[[figure]]\noutput = "b.svg"\nactivations = ["sigmoid"]\n'
)


def _spec(folder: Path, text: str) -> Path:
    path = folder / "figures.toml"
    path.write_text(text)
    return path


def _build(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["build", *args])
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.slow
def test_example_spec_builds_the_readme_figures(tmp_path: Path) -> None:
    spec = tmp_path / "figures.toml"
    shutil.copy(EXAMPLE, spec)
    code, out, err = _build(str(spec), "--jobs", "2")
    assert (code, err) == (0, ""), err
    assert out.splitlines()[-1] == "10 written, 0 unchanged, 0 failed"
    # The README's pictures (the gallery), byte for byte.
    gallery = [
        "tanh.png",
        "tanh-dark.png",
        "annotated.png",
        "cheatsheet.png",
        "tanh-auto.svg",
        "teaching.png",
        "sweep.gif",
    ]
    for name in [*gallery, "tanh-formula.png"]:
        built = (tmp_path / name).read_bytes()
        assert built == (ROOT / "examples" / name).read_bytes(), (
            f"examples/{name} is stale"
        )
    # The commands the comments name give the same bytes as the build.
    renders = tmp_path / "render"
    for command in (
        ["render", "sigmoid", "-o", "sigmoid.svg"],
        [
            "render",
            "tanh",
            "sigmoid",
            "--xlim",
            "-6",
            "6",
            "--size",
            "6x3.5",
            "-o",
            "both.pdf",
        ],
        ["render", "--theme", "dark", "-o", "tanh-dark.png"],
        ["formula", "tanh", "-o", "tanh-formula.png"],
        ["render", "--theme", "auto", "-o", "tanh-auto.svg"],
    ):
        command[-1] = str(renders / command[-1])
        assert runner.invoke(app, command).exit_code == 0
    for name in (
        "sigmoid.svg",
        "both.pdf",
        "tanh-dark.png",
        "tanh-formula.png",
        "tanh-auto.svg",
    ):
        assert (tmp_path / name).read_bytes() == (renders / name).read_bytes(), name
    sidecar = (tmp_path / "sigmoid.svg.txt").read_text()
    assert sidecar == alt_text(FigureSpec(activations=["sigmoid"])) + "\n"
    assert not (tmp_path / "tanh.png.txt").exists()


def test_a_card_entry_draws_one_activation_s_formulas(tmp_path: Path) -> None:
    spec = tmp_path / "figures.toml"
    spec.write_text(
        '[[figure]]\noutput = "c.svg"\nactivations = ["sigmoid"]\ncard = true\n'
    )
    code, _, err = _build(str(spec))
    assert (code, err) == (0, ""), err
    svg = (tmp_path / "c.svg").read_text()
    assert "<desc>Formulas of sigmoid: f(z) = sigmoid(z) = 1 / (1 + e^-z);" in svg
    spec.write_text(
        '[[figure]]\noutput = "c.svg"\nactivations = ["tanh", "relu"]\ncard = true\n'
    )
    code, _, err = _build(str(spec))
    assert code == 2
    assert "card = true draws one activation's formulas, got 2 activations" in err


def test_readme_shows_the_example_spec() -> None:
    readme = (ROOT / "README.md").read_text()
    (block,) = re.findall(r"```toml\n(.*?)```", readme, flags=re.S)
    assert block == EXAMPLE.read_text()


def test_readme_error_example_is_real(tmp_path: Path) -> None:
    text = EXAMPLE.read_text().replace(
        'activations = ["sigmoid"]', 'activations = ["sigmoid"]\ntitel = "S"'
    )
    spec = tmp_path / "figures.toml"
    spec.write_text(text)
    _, _, err = _build(str(spec))
    line = next(n for n, t in enumerate(text.splitlines(), 1) if t.startswith("titel"))
    before = text[: text.index('"sigmoid.svg"')].splitlines()
    figure = sum(row.strip() == "[[figure]]" for row in before)
    message = f"figure {figure} (sigmoid.svg): unknown option 'titel'"
    assert err == (
        f"tanhplot: error: {spec}:{line}: {message}; did you mean 'title'?\n"
    )
    assert f"figures.toml:{line}: {message}" in (
        ROOT / "README.md"
    ).read_text().replace("\n", " ")


def test_invalid_spec_writes_nothing_and_exits_2(tmp_path: Path) -> None:
    (tmp_path / "a.png").write_bytes(b"precious")
    spec = _spec(
        tmp_path, TWO + 'samples = 1\n\n[[figure]]\noutput = "c.png"\nlegnd = 1\n'
    )
    code, out, err = _build(str(spec))
    assert code == 2 and out == ""
    lines = err.splitlines()
    assert len(lines) == 2 and all(t.startswith("tanhplot: error: ") for t in lines)
    assert "figure 2 (b.svg): samples must be between 2" in lines[0]
    assert (
        "figure 3 (c.png): unknown option 'legnd'; did you mean 'legend'?" in lines[1]
    )
    assert "Traceback" not in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.png", "figures.toml"]
    assert (tmp_path / "a.png").read_bytes() == b"precious"


@pytest.mark.slow
def test_incremental_builds(tmp_path: Path) -> None:
    spec = _spec(tmp_path, TWO)
    assert _build(str(spec), "-j", "1") == (
        0,
        f"wrote {tmp_path}/a.png\nwrote {tmp_path}/b.svg\n"
        "2 written, 0 unchanged, 0 failed\n",
        "",
    )
    manifest = json.loads((tmp_path / MANIFEST).read_text())
    record = manifest["figures"]["a.png"]
    assert (
        record["sha256"]
        == hashlib.sha256((tmp_path / "a.png").read_bytes()).hexdigest()
    )
    assert record["tanhplot"] == tanhplot.__version__
    import matplotlib

    assert record["matplotlib"] == matplotlib.__version__
    stamp = (tmp_path / "a.png").stat().st_mtime_ns

    # Nothing changed: nothing is drawn, the files are not touched.
    code, out, _ = _build(str(spec))
    assert code == 0 and out.endswith("0 written, 2 unchanged, 0 failed\n")
    assert (tmp_path / "a.png").stat().st_mtime_ns == stamp

    # One figure's spec changed: only it is drawn.
    spec.write_text(TWO.replace('["sigmoid"]', '["sigmoid"]\nderivative = false'))
    code, out, _ = _build(str(spec))
    assert out.splitlines() == [
        f"unchanged {tmp_path}/a.png",
        f"wrote {tmp_path}/b.svg",
        "1 written, 1 unchanged, 0 failed",
    ]

    # An output edited by hand, or deleted, is drawn again.
    (tmp_path / "a.png").write_bytes(b"edited")
    (tmp_path / "b.svg").unlink()
    assert _build(str(spec))[1].endswith("2 written, 0 unchanged, 0 failed\n")
    assert (tmp_path / "a.png").read_bytes().startswith(b"\x89PNG")

    # A different matplotlib (or tanhplot) version: drawn again.
    data = json.loads((tmp_path / MANIFEST).read_text())
    data["figures"]["a.png"]["matplotlib"] = "3.0.0"
    (tmp_path / MANIFEST).write_text(json.dumps(data))
    assert _build(str(spec))[1].endswith("1 written, 1 unchanged, 0 failed\n")

    # --force draws everything.
    assert _build(str(spec), "--force")[1].endswith(
        "2 written, 0 unchanged, 0 failed\n"
    )


def test_alt_text_sidecar_is_part_of_the_build(tmp_path: Path) -> None:
    spec = _spec(tmp_path, TWO + "alt_text = true\n")
    assert _build(str(spec))[0] == 0
    sidecar = tmp_path / "b.svg.txt"
    assert "sigmoid rises from 0.02 to 0.98" in sidecar.read_text()
    sidecar.unlink()
    assert _build(str(spec))[1].endswith("1 written, 1 unchanged, 0 failed\n")
    assert sidecar.exists()


def test_unreadable_manifest_means_draw_again(tmp_path: Path) -> None:
    spec = _spec(tmp_path, TWO)
    (tmp_path / MANIFEST).write_text("{not json")
    assert _build(str(spec))[1].endswith("2 written, 0 unchanged, 0 failed\n")
    assert json.loads((tmp_path / MANIFEST).read_text())["version"] == 1


def test_only(tmp_path: Path) -> None:
    spec = _spec(tmp_path, TWO)
    code, out, _ = _build(str(spec), "--only", "b.svg")
    assert (
        code == 0
        and out == f"wrote {tmp_path}/b.svg\n1 written, 0 unchanged, 0 failed\n"
    )
    assert not (tmp_path / "a.png").exists()
    code, out, err = _build(str(spec), "--only", "b.sv")
    assert code == 2 and out == ""
    assert err == (
        "tanhplot: error: --only 'b.sv' is not an output of the spec file; did you "
        "mean 'b.svg'? (outputs: a.png, b.svg)\n"
    )


@pytest.mark.slow
@pytest.mark.parametrize("jobs", ["1", "3"])
def test_a_failing_figure_does_not_stop_the_others(tmp_path: Path, jobs: str) -> None:
    (tmp_path / "blocker").write_text("a file, not a folder")
    spec = _spec(tmp_path, TWO + '\n[[figure]]\noutput = "blocker/c.png"\n')
    code, out, err = _build(str(spec), "--jobs", jobs)
    assert code == 1
    lines = err.splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith(
        f"tanhplot: error: {tmp_path}/blocker/c.png failed: cannot write "
        f"'{tmp_path}/blocker/c.png': "
    )
    assert out.splitlines()[-1] == "2 written, 0 unchanged, 1 failed"
    assert (tmp_path / "a.png").exists() and (tmp_path / "b.svg").exists()
    records = json.loads((tmp_path / MANIFEST).read_text())["figures"]
    assert sorted(records) == ["a.png", "b.svg"]


@pytest.mark.slow
@pytest.mark.parametrize("jobs", ["1", "2"])
def test_warnings_come_back_as_one_line_each(tmp_path: Path, jobs: str) -> None:
    # In this process or in a worker: a figure that draws but warns (eight
    # activations for seven colours; a glyph missing from the font) is written,
    # and each warning is one line naming it.
    eight = ", ".join(f'"{n}"' for n in tanhplot.available()[:8])
    spec = _spec(
        tmp_path,
        TWO
        + f'\n[[figure]]\noutput = "c.png"\nactivations = [{eight}]\ntitle = "中"\n',
    )
    code, out, err = _build(str(spec), "--jobs", jobs)
    assert code == 0, err
    assert out.splitlines()[-1] == "3 written, 0 unchanged, 0 failed"
    lines = err.splitlines()
    assert len(lines) == 2, err
    assert lines[0] == (
        f"tanhplot: warning: {tmp_path}/c.png: 8 activations share the theme's 7 "
        "colours, so some curves look alike; grid=True (--grid) draws one panel each"
    )
    assert lines[1].startswith(f"tanhplot: warning: {tmp_path}/c.png: Glyph ")


def test_worker_errors_come_back_as_one_line(tmp_path: Path) -> None:
    # An activation that passes validation and breaks only when drawn, in a
    # worker process: the parent reports one line for it.
    spec = _spec(tmp_path, TWO + '\n[[figure]]\noutput = "c.png"\nsamples = 3\n')
    outcomes = build(spec, jobs=2, force=True)
    assert [o.status for o in outcomes] == ["written"] * 3
    # deliberate private import: a worker's job run in this process, to see
    # what it sends back for a figure that fails while drawn
    from tanhplot.build import Outcome, _Job, _render

    job = _Job(str(tmp_path / "d.png"), {"activations": ["nope"]}, "png", None)
    outcome = _render(job)
    assert outcome == Outcome(job.output, "failed", outcome.message)
    assert outcome.message.startswith("unknown activation 'nope'")
    assert "\n" not in outcome.message


def test_quiet_prints_failures_only(tmp_path: Path) -> None:
    spec = _spec(tmp_path, TWO)
    assert _build(str(spec), "--quiet") == (0, "", "")


def test_bad_jobs(tmp_path: Path) -> None:
    code, _, err = _build(str(_spec(tmp_path, TWO)), "--jobs", "0")
    assert code == 2 and "--jobs" in err


@pytest.mark.slow
def test_progress_bar_on_a_terminal(tmp_path: Path) -> None:
    pty = pytest.importorskip("pty")
    spec = _spec(tmp_path, TWO)
    main, child = pty.openpty()
    chunks: list[bytes] = []

    def read() -> None:
        while True:
            try:
                data = os.read(main, 4096)
            except OSError:
                return
            if not data:
                return
            chunks.append(data)

    reader = threading.Thread(target=read)
    reader.start()
    process = subprocess.run(
        [sys.executable, "-m", "tanhplot", "build", str(spec), "-j", "1"],
        stdin=child,
        stdout=child,
        stderr=child,
        timeout=120,
        env={**os.environ, "TERM": "xterm", "COLUMNS": "100"},
        check=False,
    )
    os.close(child)
    reader.join(timeout=10)
    os.close(main)
    output = b"".join(chunks).decode(errors="replace")
    assert process.returncode == 0, output
    assert "\x1b[" in output  # a live display: terminal control sequences
    assert "building" in output and "2/2" in output
    assert "wrote" in output and "2 written, 0 unchanged, 0 failed" in output


_MEASURE = """
import sys
from tanhplot.cli import app
try:
    app(sys.argv[1:])
except SystemExit as exit:
    assert exit.code in (0, None), exit.code
with open("/proc/self/status") as status:
    print(next(l.split()[1] for l in status if l.startswith("VmHWM:")))
"""


@pytest.mark.slow
@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="needs /proc")
def test_memory_of_200_figures_stays_near_that_of_one(tmp_path: Path) -> None:
    def peak_kib(count: int) -> int:
        folder = tmp_path / str(count)
        folder.mkdir()
        figures = "".join(
            f'[[figure]]\noutput = "f{i}.{("png", "svg", "pdf")[i % 3]}"\n'
            f"xlim = [-{2 + i / 100}, {2 + i / 50}]\n"
            f"activations = {['tanh', 'sigmoid'][: 1 + i % 2]!r}\n".replace("'", '"')
            for i in range(count)
        )
        spec = _spec(
            folder,
            "[defaults]\nsize = [4, 3]\ndpi = 72\nlegend = false\n"
            "samples = 101\n\n" + figures,
        )
        result = subprocess.run(
            [
                sys.executable,
                "-c",
                _MEASURE,
                "build",
                str(spec),
                "--jobs",
                "1",
                "--quiet",
            ],
            capture_output=True,
            text=True,
            timeout=600,
            check=False,
        )
        assert result.returncode == 0, result.stderr
        assert len(list(folder.glob("f[0-9]*"))) == count
        return int(result.stdout)

    one, many = peak_kib(1), peak_kib(200)
    assert many < 1.5 * one, f"peak RSS: 1 figure {one} KiB, 200 figures {many} KiB"


# --------------------------------------------------------------------------
# Files: a figure and its alt text together, corrupt manifests, killed builds
# --------------------------------------------------------------------------


def test_figure_and_alt_text_file_are_written_together_or_not_at_all(
    tmp_path: Path,
) -> None:
    spec = _spec(tmp_path, TWO + "alt_text = true\n")
    (tmp_path / "b.svg").write_bytes(b"precious")
    (tmp_path / "b.svg.txt").mkdir()  # the alt text file cannot be written
    code, out, err = _build(str(spec), "-j", "1")
    assert code == 1
    assert out.endswith("1 written, 0 unchanged, 1 failed\n")
    assert err == (
        f"tanhplot: error: {tmp_path}/b.svg failed: "
        f"cannot write '{tmp_path}/b.svg.txt': "
        "it is a folder; tanhplot replaces only regular files (give a file name)\n"
    )
    assert (tmp_path / "b.svg").read_bytes() == b"precious"
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


@pytest.mark.parametrize(
    "text, reason",
    [
        ("[" * 2000 + "]" * 2000, "nested too deeply"),
        ("\x00garbage", "JSONDecodeError: Expecting value: line 1 column 1 (char 0)"),
        ('{"version": 1, "figures": []}', "not a tanhplot build manifest"),
    ],
    ids=["deep", "garbage", "layout"],
)
def test_corrupt_manifest_is_set_aside_with_one_warning(
    tmp_path: Path, text: str, reason: str
) -> None:
    spec = _spec(tmp_path, TWO)
    manifest = tmp_path / MANIFEST
    manifest.write_text(text)
    code, out, err = _build(str(spec), "-j", "1")
    assert code == 0 and out.endswith("2 written, 0 unchanged, 0 failed\n")
    assert err == (
        f"tanhplot: warning: set aside the unreadable build manifest '{manifest}' as "
        f"'{MANIFEST}.corrupt' ({reason}); every figure is drawn again\n"
    )
    assert (tmp_path / f"{MANIFEST}.corrupt").read_text() == text
    assert json.loads(manifest.read_text())["version"] == 1
    assert _build(str(spec))[1:] == (
        f"unchanged {tmp_path}/a.png\nunchanged {tmp_path}/b.svg\n"
        "0 written, 2 unchanged, 0 failed\n",
        "",
    )


def test_manifest_records_what_changes_the_bytes(tmp_path: Path) -> None:
    from importlib.metadata import version

    spec = _spec(tmp_path, TWO)
    assert _build(str(spec), "-j", "1")[0] == 0
    record = json.loads((tmp_path / MANIFEST).read_text())["figures"]["b.svg"]
    for name in ("matplotlib", "numpy", "scipy", "sympy", "pillow", "fonttools"):
        assert record[name] == version(name), name
    assert record["zlib"]
    data = json.loads((tmp_path / MANIFEST).read_text())
    data["figures"]["b.svg"]["pillow"] = "1.0"
    (tmp_path / MANIFEST).write_text(json.dumps(data))
    assert _build(str(spec))[1].endswith("1 written, 1 unchanged, 0 failed\n")


_NOOP_IMPORTS = """
import sys
from tanhplot.cli import app
try:
    app(sys.argv[1:])
except SystemExit as exit:
    assert exit.code in (0, None), exit.code
loaded = {m.split(".")[0] for m in sys.modules}
print(sorted(loaded & {"matplotlib", "numpy", "PIL", "rich"}))
"""


@pytest.mark.slow
def test_a_build_with_nothing_to_do_does_not_import_matplotlib(tmp_path: Path) -> None:
    spec = _spec(tmp_path, TWO)
    assert _build(str(spec), "-j", "1")[0] == 0
    result = subprocess.run(
        [sys.executable, "-c", _NOOP_IMPORTS, "build", str(spec)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-2:] == ["0 written, 2 unchanged, 0 failed", "[]"]


def test_stale_temporary_files_are_removed_by_the_next_build(tmp_path: Path) -> None:
    # What a build killed while writing leaves: temporary files of a process
    # that is gone, next to the outputs and the manifest.
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    (tmp_path / "out").mkdir()
    spec = _spec(tmp_path, TWO.replace('"b.svg"', '"out/b.svg"'))
    stale = [
        tmp_path / f".tanhplot-{child.pid}-k1ll3d00.tmp",
        tmp_path / "out" / f".tanhplot-{child.pid}-k1ll3d01.tmp",
    ]
    for path in stale:
        path.write_bytes(b"partial")
    mine = tmp_path / f".tanhplot-{os.getpid()}-l1v3l1v3.tmp"  # a live writer's
    mine.write_bytes(b"in progress")
    assert _build(str(spec), "-j", "1")[0] == 0
    assert not any(path.exists() for path in stale)
    assert mine.exists()


def _descendants(pid: int) -> set[int]:
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            parents[int(entry.name)] = int(fields[1])
    found, todo = set(), [pid]
    while todo:
        current = todo.pop()
        children = {p for p, parent in parents.items() if parent == current}
        todo.extend(children - found)
        found |= children
    return found


def _running(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.slow
@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc")
def test_workers_exit_when_the_build_is_killed(tmp_path: Path) -> None:
    import signal
    import time

    figures = "".join(f'[[figure]]\noutput = "f{i}.png"\n' for i in range(40))
    spec = _spec(tmp_path, "[defaults]\nsamples = 200000\n\n" + figures)
    build_process = subprocess.Popen(
        [sys.executable, "-m", "tanhplot", "build", str(spec), "-j", "2", "--quiet"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 60
        workers: set[int] = set()
        while time.monotonic() < deadline and not list(tmp_path.glob("f*.png")):
            workers |= _descendants(build_process.pid)
            time.sleep(0.05)
        workers |= _descendants(build_process.pid)
        assert list(tmp_path.glob("f*.png")), "the build drew nothing in 60 s"
        assert len(workers) >= 2  # the fork server and the workers
    finally:
        build_process.send_signal(signal.SIGKILL)
        build_process.wait()
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and any(_running(p) for p in workers):
        time.sleep(0.1)
    left = [p for p in workers if _running(p)]
    for pid in left:  # do not leave them running if the check fails
        os.kill(pid, signal.SIGKILL)
    assert not left, f"workers still running after the build was killed: {left}"
    written = len(list(tmp_path.glob("f*.png")))
    time.sleep(1)
    assert len(list(tmp_path.glob("f*.png"))) == written  # and nothing more is written


def test_the_build_library_leaves_the_terminal_to_others() -> None:
    # build.py is the library: no Typer, no rich, no matplotlib on import;
    # report.py prints, the command is in cli.py.
    script = (
        "import sys, tanhplot.build\n"
        "loaded = {m.split('.')[0] for m in sys.modules}\n"
        "print(sorted(loaded & {'typer', 'rich', 'matplotlib'}))"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=False
    )
    assert result.stdout == "[]\n", result.stderr
