"""One SVG file for light and dark pages: theme "auto".

`adaptive_svg` takes the SVG files matplotlib wrote of the same figure in the
light and in the dark theme, checks that they differ in nothing but the
``style`` attributes of their elements (the colours), and returns the light
file with a ``<style>`` block that applies the dark file's styles under
``@media (prefers-color-scheme: dark)``. A viewer without CSS media queries
shows the light figure. This module imports no matplotlib.
"""

from __future__ import annotations

import re

from .errors import TanhplotError

__all__ = ["adaptive_svg", "dark_rules"]

#: An element's start tag: name, attributes, and "/" when it closes itself.
_TAG = re.compile(rb"<([A-Za-z][\w:.-]*)((?:\s+[\w:.-]+=\"[^\"]*\")*)\s*(/?)>")
_ATTRIBUTE = re.compile(rb"\s+([\w:.-]+)=\"([^\"]*)\"")
#: Class names tanhplot gives elements start with this, so that SVG files
#: put in one HTML page never clash: a class means the same everywhere
#: (``tanhplot-dark-fill-121417`` is fill #121417 in the dark scheme).
CLASS_PREFIX = "tanhplot-dark-"


def _declarations(style: bytes) -> dict[str, str]:
    """``"fill: none; stroke: #000"`` -> ``{"fill": "none", "stroke": "#000"}``."""
    found: dict[str, str] = {}
    for part in style.decode().split(";"):
        if part.strip():
            name, _, value = part.partition(":")
            found[name.strip()] = value.strip()
    return found


#: A start tag: its name and its attributes (name, value), in order.
Tag = tuple[bytes, list[tuple[bytes, bytes]]]


def _tags(svg: bytes) -> tuple[list[bytes], list[Tag]]:
    """The text between start tags, and each start tag's name and attributes."""
    texts: list[bytes] = []
    tags: list[Tag] = []
    start = 0
    for match in _TAG.finditer(svg):
        texts.append(svg[start : match.start()])
        tags.append((match.group(1), _ATTRIBUTE.findall(match.group(2))))
        start = match.end()
    texts.append(svg[start:])
    return texts, tags


def _class_name(prop: str, value: str) -> str:
    cleaned = re.sub(r"[^A-Za-z0-9-]", "_", value.lstrip("#"))
    return f"{CLASS_PREFIX}{prop}-{cleaned}"


def _same_ids(
    dark: bytes,
    dark_tags: list[Tag],
    light_tags: list[Tag],
) -> bytes:
    """*dark* with its element ids (and references to them) renamed to the
    ids of the light file's elements in the same places: matplotlib names a
    marker by a hash of its style, so the two themes name it differently."""
    renamed: dict[bytes, bytes] = {}
    for (_, ours), (_, theirs) in zip(light_tags, dark_tags, strict=False):
        mine, other = dict(ours).get(b"id"), dict(theirs).get(b"id")
        if mine is not None and other is not None and mine != other:
            renamed[other] = mine
    if not renamed:
        return dark
    pattern = re.compile(
        rb"(?<=[#\"])(" + b"|".join(re.escape(k) for k in renamed) + rb")(?=[\")])"
    )
    return pattern.sub(lambda m: renamed[m.group(1)], dark)


def dark_rules(light: bytes, dark: bytes) -> list[tuple[int, list[tuple[str, str]]]]:
    """Where the dark file's styles differ from the light file's: for each
    start tag (by position) that differs, the properties and their dark
    values (``unset`` where only the light file sets one).

    Raises
    ------
    TanhplotError
        When the two files differ in anything but ``style`` attributes.
    """
    light_texts, light_tags = _tags(light)
    dark = _same_ids(dark, _tags(dark)[1], light_tags)
    dark_texts, dark_tags = _tags(dark)
    if len(light_tags) != len(dark_tags) or light_texts != dark_texts:
        raise TanhplotError(
            "theme 'auto': the light and dark figures differ in more than their "
            "colours, so one SVG file cannot hold both (draw them with "
            "--theme light,dark instead)"
        )
    changes: list[tuple[int, list[tuple[str, str]]]] = []
    for index, (ours, theirs) in enumerate(zip(light_tags, dark_tags, strict=True)):
        name, attributes = ours
        other_name, other_attributes = theirs
        plain = [a for a in attributes if a[0] != b"style"]
        other_plain = [a for a in other_attributes if a[0] != b"style"]
        if name != other_name or plain != other_plain:
            raise TanhplotError(
                f"theme 'auto': the light and dark figures differ in a "
                f"<{name.decode()}> element, not only in colour; draw them with "
                "--theme light,dark instead"
            )
        before = _declarations(dict(attributes).get(b"style", b""))
        after = _declarations(dict(other_attributes).get(b"style", b""))
        changed = [
            (prop, after.get(prop, "unset"))
            for prop in dict.fromkeys([*before, *after])
            if before.get(prop) != after.get(prop)
        ]
        if changed:
            changes.append((index, changed))
    return changes


def adaptive_svg(light: bytes, dark: bytes) -> bytes:
    """The *light* SVG file with the colours of *dark* under
    ``@media (prefers-color-scheme: dark)``.

    Each element whose style differs gets classes, one per changed property
    (``class="tanhplot-dark-fill-121417"``), and a ``<style>`` element before
    the figure sets them with ``!important`` (which beats the element's own
    ``style`` attribute) in the dark scheme only. Deterministic: the same
    two files give the same bytes.
    """
    changes = dict(dark_rules(light, dark))
    rules: dict[str, str] = {}
    out: list[bytes] = []
    start = 0
    for index, match in enumerate(_TAG.finditer(light)):
        if index not in changes:
            continue
        classes = []
        for prop, value in changes[index]:
            name = _class_name(prop, value)
            rules.setdefault(name, f"{prop}: {value} !important")
            classes.append(name)
        end = match.end(1)
        out += [light[start:end], f' class="{" ".join(classes)}"'.encode()]
        start = end
    out.append(light[start:])
    merged = b"".join(out)
    if not rules:
        return merged
    css = "".join(f"   .{name} {{ {rule} }}\n" for name, rule in sorted(rules.items()))
    block = (
        ' <style type="text/css">\n'
        "  @media (prefers-color-scheme: dark) {\n"
        f"{css}"
        "  }\n"
        " </style>\n"
    ).encode()
    at = merged.find(b" <defs>")
    figure = merged.find(b' <g id="figure_1">')
    at = min(i for i in (at, figure, len(merged)) if i >= 0)
    return merged[:at] + block + merged[at:]
