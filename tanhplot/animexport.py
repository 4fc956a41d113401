"""Writing animations: GIF, animated SVG and a self-contained HTML slider.

Each format is built from the frames of a `tanhplot.animation.Animation`,
one figure alive at a time, as the bytes `tanhplot.save` would write for a
still figure (so every frame keeps its alt text, fixed metadata and
legibility). The same animation gives the same bytes every run.
"""

from __future__ import annotations

import base64
import os
import re
from collections.abc import Iterator
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import TanhplotError

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from .animation import Animation

__all__ = [
    "ANIMATION_FORMATS",
    "animation_bytes",
    "animation_format",
    "gif_bytes",
    "html_bytes",
    "save_animation",
    "svg_bytes",
]

#: The files an animation is written to, by suffix.
ANIMATION_FORMATS = ("gif", "svg", "html")


def animation_format(path: str | os.PathLike[str]) -> str:
    """The animation format *path*'s suffix names."""
    suffix = Path(path).suffix.lower().lstrip(".")
    if suffix == "htm":
        suffix = "html"
    if suffix not in ANIMATION_FORMATS:
        raise TanhplotError(
            f"cannot tell an animation format from {str(path)!r}: the output "
            f"must end in {', '.join('.' + f for f in ANIMATION_FORMATS)}"
        )
    return suffix


def _delay_ms(anim: Animation) -> int:
    # GIF stores delays in hundredths of a second
    return max(20, round(100 / anim.fps) * 10)


def _frames(anim: Animation) -> Iterator[Figure]:
    """The frames of *anim*, each built, placed and drawn (by the caller,
    before it asks for the next) inside the animation's styles, which are
    applied once for all of them (`in_style`), not once or twice a frame."""
    from .record import in_style

    with in_style(anim.spec.styles):
        yield from anim.frames()


def gif_bytes(anim: Animation) -> bytes:
    """The animation as a GIF that loops forever: one frame per value, each
    the frame's figure as `save` draws a PNG, reduced to 256 colours.

    Each frame is encoded as soon as it is drawn and only its bytes are
    kept (~16 kB at the default size, against 1.8 MB of pixels), so memory
    stays flat however many frames there are: Pillow's ``save_all`` would
    hold every frame's pixels until the end. The encoding (Pillow's image of
    the pixels, its colour reduction and LZW, which release the GIL) runs in
    a second thread while the next frame is drawn: at most one frame waits,
    and the frames join in order, so the bytes are those of one thread."""
    from concurrent.futures import Future, ThreadPoolExecutor

    from .export import figure_pixels

    delay = _delay_ms(anim)
    parts: list[bytes] = []
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="gif") as encoder:
        pending: Future[list[bytes]] | None = None
        for fig in _frames(anim):
            rgba = figure_pixels(fig)
            if pending is not None:
                parts += pending.result()
            pending = encoder.submit(_gif_frame, rgba, delay, first=not parts)
        if pending is not None:
            parts += pending.result()
    parts.append(b";")  # the GIF trailer
    return b"".join(parts)


def _gif_frame(rgba: Any, delay: int, *, first: bool) -> list[bytes]:
    """One frame of `gif_bytes`: *rgba* (`figure_pixels`) in 256 colours,
    after the file's header if *first*."""
    from PIL import GifImagePlugin, Image

    rgb = Image.fromarray(rgba).convert("RGB")  # a GIF has no alpha
    frame = rgb.quantize(colors=256, method=Image.Quantize.FASTOCTREE)
    parts: list[bytes] = []
    if first:
        # "GIF89a", the size, the first frame's palette, loop forever
        header, _ = GifImagePlugin.getheader(frame, info={"loop": 0})
        parts += header
    # each frame with its own palette, shown for *delay* ms, left in place
    # under the next (disposal 1)
    parts += GifImagePlugin.getdata(
        frame, duration=delay, disposal=1, include_color_table=True
    )
    return parts


_ID = re.compile(r'\bid="([^"]+)"')


def _prefix_ids(svg: str, prefix: str) -> str:
    """*svg* with every id and reference to it prefixed, so that frames
    inlined in one file do not collide."""
    ids = set(_ID.findall(svg))
    if not ids:
        return svg

    def rename(match: re.Match[str]) -> str:
        name = match.group(2)
        return f"{match.group(1)}{prefix}{name}" if name in ids else match.group(0)

    svg = re.sub(r'(\bid=")([^"]+)', rename, svg)
    return re.sub(r'((?:url\(|href=")#)([^)"]+)', rename, svg)


def _frame_svgs(anim: Animation) -> list[tuple[str, str, str]]:
    """Each frame as (width, height, the inner SVG without its prolog)."""
    from .export import figure_bytes

    frames = []
    for index, fig in enumerate(_frames(anim)):
        svg = figure_bytes(fig, "frame.svg", alt_text=False).decode("utf-8")
        start = svg.index("<svg")
        head = svg[start : svg.index(">", start)]
        width = re.search(r'\bwidth="([^"]+)"', head)
        height = re.search(r'\bheight="([^"]+)"', head)
        assert width and height
        body = svg[svg.index(">", start) + 1 : svg.rindex("</svg>")]
        body = re.sub(r"<metadata>.*?</metadata>", "", body, flags=re.DOTALL)
        body = re.sub(r"<title>.*?</title>", "", body, flags=re.DOTALL)
        frames.append(
            (width.group(1), height.group(1), _prefix_ids(body, f"f{index}-"))
        )
    return frames


def svg_bytes(anim: Animation) -> bytes:
    """One animated SVG: the frames inlined, shown in turn by CSS keyframes;
    under ``prefers-reduced-motion: reduce`` the last frame stands still.
    ``<title>`` and ``<desc>`` carry the alt text."""
    frames = _frame_svgs(anim)
    width, height = frames[0][0], frames[0][1]
    n = len(frames)
    step = _delay_ms(anim) / 1000
    total = step * n
    share = 100 / n
    style = (
        "@keyframes tanhplot-frame { 0% { visibility: visible; } "
        f"{share:.6g}%, 100% {{ visibility: hidden; }} }}\n"
        ".frame { visibility: hidden; animation: tanhplot-frame "
        f"{total:.6g}s step-end infinite; }}\n"
        + "".join(
            f"#frame-{i} {{ animation-delay: {i * step:.6g}s; }}\n" for i in range(n)
        )
        + "@media (prefers-reduced-motion: reduce) {\n"
        "  .frame { animation: none; visibility: hidden; }\n"
        "  .frame.still { visibility: visible; }\n"
        "}\n"
    )
    parts = [
        '<?xml version="1.0" encoding="utf-8" standalone="no"?>\n',
        f'<svg xmlns="http://www.w3.org/2000/svg" '
        f'xmlns:xlink="http://www.w3.org/1999/xlink" width="{width}" '
        f'height="{height}" viewBox="0 0 {_number(width)} {_number(height)}" '
        'version="1.1" role="img">\n',
        f" <title>{escape(anim.sweep.describe(), quote=False)}</title>\n",
        f" <desc>{escape(anim.alt_text, quote=False)}</desc>\n",
        f" <style>\n{style} </style>\n",
    ]
    for index, (_, _, body) in enumerate(frames):
        still = " still" if index == n - 1 else ""
        label = f"{anim.sweep.parameter} = {anim.values[index]:g}"
        parts.append(
            f' <g id="frame-{index}" class="frame{still}" '
            f'data-value="{anim.values[index]:g}" aria-label="{escape(label)}">'
            f"{body}</g>\n"
        )
    parts.append("</svg>\n")
    return "".join(parts).encode("utf-8")


def _number(length: str) -> str:
    """``648pt`` -> ``648``: an SVG length's number, for the viewBox."""
    return re.sub(r"[a-z%]+$", "", length)


def html_bytes(anim: Animation) -> bytes:
    """One self-contained HTML page: the frames inline as PNG data URIs, a
    range slider (keyboard-accessible, labelled, its value read out) that
    picks the frame, and the alt text on the image. No network request."""
    from .export import figure_bytes

    uris = []
    for fig in _frames(anim):
        png = figure_bytes(fig, "frame.png")
        uris.append("data:image/png;base64," + base64.b64encode(png).decode("ascii"))
    param = escape(anim.sweep.parameter)
    values = [f"{v:g}" for v in anim.values]
    alt = escape(anim.alt_text)
    title = escape(anim.sweep.describe())
    frames_js = ",\n".join(f'"{uri}"' for uri in uris)
    values_js = ", ".join(f'"{v}"' for v in values)
    page = f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<style>
body {{ font-family: sans-serif; margin: 1em; }}
img {{ max-width: 100%; height: auto; display: block; }}
label {{ display: block; margin-top: 0.5em; }}
input[type=range] {{ width: min(40em, 100%); }}
</style>
</head>
<body>
<figure>
<img id="frame" src="{uris[0]}" alt="{alt} Shown: {param} = {values[0]}.">
<figcaption>
<label for="value">{param} = <output id="shown" for="value">{values[0]}</output></label>
<input id="value" type="range" min="0" max="{len(uris) - 1}" step="1" value="0"
 aria-valuetext="{param} = {values[0]}">
</figcaption>
</figure>
<script>
const frames = [
{frames_js}
];
const values = [{values_js}];
const slider = document.getElementById("value");
const image = document.getElementById("frame");
const shown = document.getElementById("shown");
const alt = "{alt}";
function show() {{
  const i = Number(slider.value);
  image.src = frames[i];
  shown.textContent = values[i];
  slider.setAttribute("aria-valuetext", "{param} = " + values[i]);
  image.alt = alt + " Shown: {param} = " + values[i] + ".";
}}
slider.addEventListener("input", show);
// page.html#3 opens at frame 3: a link to one value
const start = Number(location.hash.slice(1));
if (location.hash && Number.isInteger(start) && start >= 0 && start < frames.length) {{
  slider.value = String(start);
  show();
}}
</script>
</body>
</html>
"""
    return page.encode("utf-8")


def animation_bytes(anim: Animation, path: str | os.PathLike[str]) -> bytes:
    """The file `save_animation` would write to *path* (its suffix gives
    the format), as bytes."""
    fmt = animation_format(path)
    if fmt == "gif":
        return gif_bytes(anim)
    if fmt == "svg":
        return svg_bytes(anim)
    return html_bytes(anim)


def save_animation(anim: Animation, path: str | os.PathLike[str]) -> Path:
    """Write *anim* to *path* (``.gif``, ``.svg`` or ``.html``) atomically:
    an existing file is replaced only once the new one is complete."""
    from .export import write_atomic

    animation_format(path)
    return write_atomic(path, animation_bytes(anim, path))
