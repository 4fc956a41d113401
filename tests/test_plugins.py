"""Activations from other distributions: entry points in the group
``tanhplot.activations``, tested with real distributions (a module and a
dist-info folder with entry_points.txt) on the path of a fresh process."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

import tanhplot
from tanhplot.activations import ENTRY_POINT_GROUP, plugin_of

DEMO = '''
import numpy as np
from tanhplot import Activation

# an Activation object
cube = Activation(
    "cube",
    lambda z: z**3 / 10,
    lambda z: 3 * z**2 / 10,
    latex=r"z^3 / 10",
    text="z^3 / 10",
)


# a callable returning one: its keyword parameters become parameters
def spike(beta: float = 5.0) -> Activation:
    """The fast-sigmoid surrogate gradient of spiking networks."""
    return Activation(
        "spike",
        lambda z: z / (1 + beta * np.abs(z)),
        lambda z: 1 / (1 + beta * np.abs(z)) ** 2,
        latex=r"z / (1 + \\beta |z|)",
        text="z / (1 + beta |z|)",
        params={"beta": beta},
    )
'''

BROKEN = """
number = 3

def fake_tanh():
    raise AssertionError("never called: tanh is built in")

def needs_argument(width):
    raise AssertionError("never called: width has no default")
"""


def _distribution(site: Path, name: str, module: str, code: str, entries: str) -> None:
    (site / f"{module}.py").write_text(textwrap.dedent(code))
    info = site / f"{name.replace('-', '_')}-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(
        f"Metadata-Version: 2.1\nName: {name}\nVersion: 1.0\n"
    )
    (info / "entry_points.txt").write_text(
        f"[{ENTRY_POINT_GROUP}]\n{textwrap.dedent(entries)}"
    )


@pytest.fixture(scope="module")
def demo_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    site = tmp_path_factory.mktemp("demo-site")
    _distribution(
        site,
        "tanhplot-demo",
        "tanhplot_demo",
        DEMO,
        """
        cube = tanhplot_demo:cube
        spike = tanhplot_demo:spike
        """,
    )
    return site


@pytest.fixture(scope="module")
def broken_site(demo_site: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    site = tmp_path_factory.mktemp("broken-site")
    _distribution(
        site,
        "tanhplot-broken",
        "tanhplot_broken",
        BROKEN,
        """
        missing = tanhplot_broken:no_such_name
        tanh = tanhplot_broken:fake_tanh
        three = tanhplot_broken:number
        wide = tanhplot_broken:needs_argument
        """,
    )
    _distribution(
        site,
        "tanhplot-crash",
        "tanhplot_crash",
        'raise RuntimeError("kaboom\\nsecond line")\n',
        "crash = tanhplot_crash:act\n",
    )
    return site


def _run(
    sites: list[Path], args: list[str], cwd: Path
) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(map(str, sites))}
    return subprocess.run(
        [sys.executable, *args],
        check=False,
        capture_output=True,
        text=True,
        env=env,
        cwd=cwd,
    )


def test_list_shows_plugins(demo_site: Path, tmp_path: Path) -> None:
    result = _run([demo_site], ["-m", "tanhplot", "list"], tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    lines = result.stdout.splitlines()
    assert lines[0].startswith(f"{27 + 2} activations")
    assert "cube  (from tanhplot-demo)" in lines
    spike = lines.index("spike(beta=5)  (from tanhplot-demo)")
    assert lines[spike + 1].split() == ["f(z)", "z", "/", "(1", "+", "beta", "|z|)"]


@pytest.mark.slow
def test_render_grid_expression_and_spec_file_use_plugins(
    demo_site: Path, tmp_path: Path
) -> None:
    render = _run(
        [demo_site],
        ["-m", "tanhplot", "render", "cube", "spike(beta=2)", "-o", "both.svg"],
        tmp_path,
    )
    assert render.returncode == 0, render.stderr
    svg = (tmp_path / "both.svg").read_text()
    assert "cube" in svg and "spike(beta=2)" in svg
    grid = _run(
        [demo_site],
        ["-m", "tanhplot", "render", "--grid", "--all", "-o", "all.png"],
        tmp_path,
    )
    assert grid.returncode == 0, grid.stderr
    expr = _run(
        [demo_site],
        ["-m", "tanhplot", "render", "--expr", "g=cube(z) + spike(z, beta=1)"],
        tmp_path,
    )
    assert expr.returncode == 0, expr.stderr
    assert (tmp_path / "g.png").exists()
    (tmp_path / "figures.toml").write_text(
        '[[figure]]\noutput = "spec.png"\nactivations = ["spike(beta=3)", "tanh"]\n'
    )
    build = _run([demo_site], ["-m", "tanhplot", "build", "figures.toml"], tmp_path)
    assert build.returncode == 0, build.stdout + build.stderr
    assert (tmp_path / "spec.png").exists()


def test_library_reads_plugins_at_first_lookup(demo_site: Path, tmp_path: Path) -> None:
    code = textwrap.dedent(
        """
        import sys
        import tanhplot
        from tanhplot.activations import plugin_of
        tanhplot.get("tanh"), tanhplot.figure("sigmoid")  # built-ins only
        before = "tanhplot_demo" in sys.modules
        spike = tanhplot.get("spike", beta=2)
        print(before, "tanhplot_demo" in sys.modules)
        print(spike.label, float(spike(1.0)), float(spike.derivative(1.0)))
        print(plugin_of("spike"), plugin_of("tanh"))
        print(tanhplot.available()[-2:])
        tanhplot.unregister("cube")
        print(plugin_of("cube"), "cube" in tanhplot.available())
        """
    )
    result = _run([demo_site], ["-c", code], tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "False True",
        f"spike(beta=2) {1 / 3!r} {1 / 9!r}",
        "tanhplot-demo None",
        "('cube', 'spike')",
        "None False",
    ]


def test_broken_plugins_warn_once_each_and_break_nothing(
    demo_site: Path, broken_site: Path, tmp_path: Path
) -> None:
    result = _run([demo_site, broken_site], ["-m", "tanhplot", "list"], tmp_path)
    assert result.returncode == 0, result.stderr
    warnings = result.stderr.splitlines()
    assert all(w.startswith("tanhplot: warning: ") for w in warnings)
    by_name = {w.split("'")[1]: w for w in warnings}
    assert set(by_name) == {"crash", "missing", "tanh", "three", "wide"}, warnings
    assert "distribution 'tanhplot-crash'" in by_name["crash"]
    assert "RuntimeError: kaboom" in by_name["crash"]
    assert "second line" not in result.stderr
    for name in ("missing", "tanh", "three", "wide"):
        assert "distribution 'tanhplot-broken'" in by_name[name]
    assert "built-in activation; plugins cannot replace it" in by_name["tanh"]
    assert "not an Activation or a callable" in by_name["three"]
    assert "width has none" in by_name["wide"]
    # the good plugins and every built-in are still there, tanh unreplaced
    lines = result.stdout.splitlines()
    assert lines[0].startswith(f"{27 + 2} activations")
    assert "tanh" in lines and "cube  (from tanhplot-demo)" in lines
    tanh = lines.index("tanh")
    assert lines[tanh + 1].split()[:2] == ["f(z)", "tanh(z)"]
    render = _run(
        [demo_site, broken_site],
        ["-m", "tanhplot", "render", "tanh", "cube", "-o", "x.png"],
        tmp_path,
    )
    assert render.returncode == 0
    assert render.stderr.count("\n") == 5  # the same five lines, once each
    assert (tmp_path / "x.png").exists()
    # built-ins alone never read the entry points: no plugin is asked
    builtins = _run(
        [demo_site, broken_site],
        ["-m", "tanhplot", "render", "tanh", "sigmoid", "-o", "y.png"],
        tmp_path,
    )
    assert builtins.returncode == 0
    assert builtins.stderr == ""
    assert (tmp_path / "y.png").exists()


def test_no_plugins_here() -> None:
    # this process has no plugin on its path: the built-ins only
    assert all(plugin_of(name) is None for name in tanhplot.available())
    assert len(tanhplot.available()) == 28
