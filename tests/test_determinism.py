"""The same spec gives the same bytes: across processes, PYTHONHASHSEED values,
`build` and `render`; SOURCE_DATE_EPOCH decides the date SVG and PDF carry."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import pytest

SPEC = """\
[defaults]
activations = ["tanh", "sigmoid"]
xlim = [-6, 6]
title = "Two activations"

[[figure]]
output = "both.png"

[[figure]]
output = "both.svg"

[[figure]]
output = "both.pdf"

[[figure]]
output = "tanh.svg"
activations = ["tanh"]
legend_loc = "lower right"
"""
RENDER = ["tanh", "sigmoid", "--xlim", "-6", "6", "--title", "Two activations"]
OUTPUTS = ["both.png", "both.svg", "both.pdf", "tanh.svg"]


def _tanhplot(args: list[str], cwd: Path, **env: str | None) -> None:
    environ = {**os.environ, "MPLBACKEND": "Agg"}
    for name, value in env.items():
        if value is None:
            environ.pop(name, None)
        else:
            environ[name] = value
    result = subprocess.run(
        [sys.executable, "-m", "tanhplot", *args],
        cwd=cwd,
        env=environ,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr


def _run(folder: Path, seed: str, date: str | None) -> dict[str, str]:
    """Build the spec and render the same figures in fresh processes; the
    sha256 of every file."""
    folder.mkdir()
    (folder / "figures.toml").write_text(SPEC)
    _tanhplot(
        ["build", "figures.toml", "--jobs", "2"],
        folder,
        PYTHONHASHSEED=seed,
        SOURCE_DATE_EPOCH=date,
    )
    files = list(OUTPUTS)
    if date is None:  # (to save time, render is compared once)
        (folder / "render").mkdir()
        for fmt in ("png", "svg", "pdf"):
            _tanhplot(
                ["render", *RENDER, "-o", f"render/both.{fmt}"],
                folder,
                PYTHONHASHSEED=seed,
            )
            files.append(f"render/both.{fmt}")
    return {
        name: hashlib.sha256((folder / name).read_bytes()).hexdigest() for name in files
    }


@pytest.mark.slow
@pytest.mark.parametrize(
    "date", [None, "946684800"], ids=["no-date", "source-date-epoch"]
)
def test_same_bytes_across_processes_and_hash_seeds(
    tmp_path: Path, date: str | None
) -> None:
    first = _run(tmp_path / "first", "1", date)
    second = _run(tmp_path / "second", "2", date)
    assert first == second
    # build and render write the same file for the same options
    for fmt in ("png", "svg", "pdf") if date is None else ():
        assert first[f"both.{fmt}"] == first[f"render/both.{fmt}"], fmt
    # The manifests agree too: the spec hashes do not depend on the process.
    manifests = [
        (tmp_path / d / ".tanhplot-build.json").read_text() for d in ("first", "second")
    ]
    assert manifests[0] == manifests[1]

    svg = (tmp_path / "first" / "both.svg").read_bytes()
    pdf = (tmp_path / "first" / "both.pdf").read_bytes()
    if date is None:
        assert b"<dc:date>" not in svg and b"/CreationDate" not in pdf
    else:
        assert b"<dc:date>2000-01-01T00:00:00+00:00</dc:date>" in svg
        assert b"/CreationDate (D:20000101000000Z)" in pdf
    assert b"/ModDate" not in pdf


def test_source_date_epoch_in_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import tanhplot

    fig = tanhplot.figure()
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "0")
    assert (
        b"<dc:date>1970-01-01T00:00:00+00:00</dc:date>"
        in tanhplot.save(fig, tmp_path / "a.svg").read_bytes()
    )
    assert (
        b"/CreationDate (D:19700101000000Z)"
        in tanhplot.save(fig, tmp_path / "a.pdf").read_bytes()
    )
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "yesterday")
    with pytest.raises(
        tanhplot.TanhplotError, match="SOURCE_DATE_EPOCH must be a whole"
    ):
        tanhplot.save(fig, tmp_path / "b.svg")
    assert not (tmp_path / "b.svg").exists()


def test_build_rejects_a_bad_source_date_epoch(tmp_path: Path) -> None:
    (tmp_path / "figures.toml").write_text(SPEC)
    result = subprocess.run(
        [sys.executable, "-m", "tanhplot", "build", "figures.toml"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env={**os.environ, "SOURCE_DATE_EPOCH": "soon"},
        check=False,
    )
    assert result.returncode == 2
    assert result.stderr == (
        "tanhplot: error: SOURCE_DATE_EPOCH must be a whole number of seconds "
        "since 1970-01-01 UTC, got 'soon'\n"
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == ["figures.toml"]


@pytest.mark.slow
def test_workers_see_the_current_source_date_epoch(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A fork server keeps the environment it started with; the workers must
    # still write the date of the SOURCE_DATE_EPOCH set now.
    from tanhplot.build import build

    spec = tmp_path / "figures.toml"
    spec.write_text('[[figure]]\noutput = "a.svg"\n[[figure]]\noutput = "b.svg"\n')
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    assert {o.status for o in build(spec, jobs=2)} == {"written"}
    assert b"<dc:date>" not in (tmp_path / "a.svg").read_bytes()
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "946684800")
    assert {o.status for o in build(spec, jobs=2)} == {"written"}  # spec changed
    for name in ("a.svg", "b.svg"):
        assert b"<dc:date>2000-01-01" in (tmp_path / name).read_bytes()
