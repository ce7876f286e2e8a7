"""HTML for the review: elements whose text is always escaped, tables, images, the page itself.

Scenario files are untrusted input, and their texts (briefings, names, sources) and the event
texts built from them end up on the page. So markup is only ever made here: :func:`el` escapes
every child that is not already :class:`Markup` and every attribute value, and nothing else
builds tags. The page is self-contained, its style inline and its images data URIs, so one
file can be mailed, archived or opened offline and always looks the same.
"""

from __future__ import annotations

import base64
import html
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

VOID = frozenset({"img", "meta", "br", "hr", "col"})
"""Elements without an end tag."""

STYLE = """
:root { --ink: #1d2329; --dim: #5b6570; --rule: #d5d9de; --band: #f3f5f7; }
* { box-sizing: border-box; }
body { margin: 0; color: var(--ink); background: #fff;
       font: 15px/1.5 "DejaVu Sans", "Segoe UI", Helvetica, Arial, sans-serif; }
main { max-width: 1060px; margin: 0 auto; padding: 24px 28px 40px; }
header h1 { margin: 0 0 4px; font-size: 26px; }
header p { margin: 0; color: var(--dim); }
nav { margin: 18px 0 8px; padding: 8px 12px; background: var(--band); border-radius: 4px; }
nav a { margin-right: 16px; color: #1f4e79; text-decoration: none; white-space: nowrap; }
section { margin-top: 34px; }
h2 { font-size: 21px; border-bottom: 2px solid var(--ink); padding-bottom: 3px; margin: 0 0 12px; }
h3 { font-size: 17px; margin: 22px 0 8px; }
h4 { font-size: 15px; margin: 16px 0 6px; }
p { margin: 6px 0 10px; }
.note { border-left: 4px solid #c98a1b; background: #fbf4e6; padding: 8px 12px; }
.dim { color: var(--dim); font-size: 13px; }
div.scroll { overflow-x: auto; max-width: 100%; }
table { border-collapse: collapse; margin: 6px 0 14px; font-size: 13.5px; }
th, td { border: 1px solid var(--rule); padding: 3px 8px; text-align: left; vertical-align: top; }
th { background: var(--band); font-weight: 600; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
td.when { white-space: nowrap; color: var(--dim); }
td.label { white-space: nowrap; }
table.timeline { width: 100%; table-layout: fixed; }
table.timeline th:nth-child(1) { width: 4.5em; }
table.timeline th:nth-child(2) { width: 3.8em; }
table.timeline th:nth-child(3) { width: 10.5em; }
table.facts th { text-align: left; white-space: nowrap; }
.swatch { display: inline-block; width: 11px; height: 11px; margin-right: 6px;
          border: 1px solid #0006; vertical-align: baseline; }
figure { margin: 10px 0 22px; }
figure img { max-width: 100%; height: auto; border: 1px solid var(--rule); }
figcaption { color: var(--dim); font-size: 13px; margin-top: 4px; }
dl.sources dt { font-weight: 600; margin-top: 8px; }
dl.sources dd { margin: 2px 0 0 18px; }
.grid { display: flex; flex-wrap: wrap; gap: 0 28px; }
footer { margin-top: 40px; padding-top: 10px; border-top: 1px solid var(--rule);
         color: var(--dim); font-size: 13px; }
code { font-size: 12.5px; background: var(--band); padding: 0 3px; }
@media print { nav { display: none; } section { break-inside: auto; } }
"""


class Markup(str):
    """Text that is already HTML: inserted as it is, never escaped again."""


def esc(value: Any) -> Markup:
    """Any value as HTML text: ``<``, ``>``, ``&`` and quotes escaped."""
    return Markup(html.escape(str(value), quote=True))


def el(tag: str, *children: Any, **attributes: Any) -> Markup:
    """``<tag attributes>children</tag>``; children that are not :class:`Markup` are escaped,
    lists of children are flattened and None is skipped. ``class_`` gives ``class``."""
    attrs = "".join(
        f' {name.rstrip("_").replace("_", "-")}="{esc(value)}"'
        for name, value in attributes.items()
        if value is not None
    )
    if tag in VOID:
        return Markup(f"<{tag}{attrs}>")
    return Markup(f"<{tag}{attrs}>{join(children)}</{tag}>")


def join(children: Iterable[Any]) -> Markup:
    """Children one after the other, escaped unless they are :class:`Markup`."""
    parts = []
    for child in children:
        if child is None:
            continue
        if isinstance(child, Markup):
            parts.append(child)
        elif isinstance(child, list | tuple):
            parts.append(join(child))
        else:
            parts.append(esc(child))
    return Markup("".join(parts))


def table(
    headers: Sequence[Any],
    rows: Iterable[Sequence[Any]],
    numeric: Iterable[int] = (),
    classes: Mapping[int, str] | None = None,
    class_: str | None = None,
) -> Markup:
    """A table; the columns in ``numeric`` are right-aligned, ``classes`` gives others a
    class (``when``, ``label``), ``class_`` the table itself."""
    numeric = set(numeric)
    classes = dict(classes or {})
    for column in numeric:
        classes[column] = "num"
    head = el("tr", [el("th", h, class_=classes.get(i)) for i, h in enumerate(headers)])
    body = [
        el("tr", [el("td", cell, class_=classes.get(i)) for i, cell in enumerate(row)])
        for row in rows
    ]
    inner = el("table", el("thead", head), el("tbody", body), class_=class_)
    return el("div", inner, class_="scroll")


def facts(rows: Iterable[tuple[Any, Any]]) -> Markup:
    """A two-column table of labelled values, the labels as row headers."""
    body = [el("tr", el("th", label, scope="row"), el("td", value)) for label, value in rows]
    return el("table", el("tbody", body), class_="facts")


def paragraphs(text: str, links: Iterable[str] = ()) -> Markup:
    """A briefing or a source as paragraphs: blank lines part paragraphs, the lines of one are
    joined (the YAML is wrapped at 100 columns), lines that start with ``- `` make a list.
    Citations such as ``[S4]`` of a source in ``links`` link to that source."""
    blocks = []
    for block in re.split(r"\n\s*\n", text.strip()):
        lines = [line.strip() for line in block.splitlines() if line.strip()]
        if not lines:
            continue
        if all(line.startswith(("- ", "* ")) for line in lines):
            items = [el("li", _cite(line[2:], links)) for line in lines]
            blocks.append(el("ul", items))
        else:
            blocks.append(el("p", _cite(" ".join(lines), links)))
    return join(blocks)


def source_anchor(key: str) -> str:
    """The id of a source's entry on the page."""
    return "source-" + re.sub(r"[^A-Za-z0-9_-]", "_", key)


def _cite(text: str, links: Iterable[str]) -> Markup:
    """``text`` escaped, with ``[KEY]`` of every source in ``links`` made a link to it."""
    escaped = esc(text)
    keys = sorted({esc(key) for key in links}, key=len, reverse=True)
    if not keys:
        return escaped
    pattern = re.compile(r"\[(" + "|".join(re.escape(k) for k in keys) + r")\]")
    by_text = {esc(key): key for key in links}

    def link(match: re.Match[str]) -> str:
        href = "#" + source_anchor(by_text[match.group(1)])
        return f'[<a href="{esc(href)}">{match.group(1)}</a>]'

    return Markup(pattern.sub(link, escaped))


def data_uri(png: bytes) -> str:
    return "data:image/png;base64," + base64.b64encode(png).decode("ascii")


def figure(png: bytes, alt: str, caption: Any = None) -> Markup:
    """An embedded PNG with its caption."""
    image = el("img", src=data_uri(png), alt=alt)
    return el("figure", image, el("figcaption", caption) if caption is not None else None)


def swatch(colour: str) -> Markup:
    """A small square of a side's colour, before its name."""
    safe = colour if re.fullmatch(r"#[0-9A-Fa-f]{6}", colour) else "#888888"
    return el("span", Markup(""), class_="swatch", style=f"background:{safe}")


def section(id_: str, title: str, *body: Any) -> Markup:
    return el("section", el("h2", title), *body, id=id_)


def note(*content: Any) -> Markup:
    """A remark on what the page cannot show, and why."""
    return el("p", *content, class_="note")


def document(
    title: str,
    subtitle: Any,
    sections: Sequence[tuple[str, str, Markup]],
    footer: Any,
) -> str:
    """The whole page: a header, a table of contents, the sections (id, title, body) and a
    footer saying how it was made."""
    contents = el("nav", [el("a", name, href=f"#{id_}") for id_, name, _ in sections])
    body = el(
        "main",
        el("header", el("h1", title), el("p", subtitle)),
        contents,
        [section(id_, name, content) for id_, name, content in sections],
        el("footer", footer),
    )
    head = el(
        "head",
        el("meta", charset="utf-8"),
        el("meta", name="viewport", content="width=device-width, initial-scale=1"),
        el("meta", name="generator", content="wargame aar"),
        el("title", title),
        el("style", Markup(STYLE)),
    )
    return "<!DOCTYPE html>\n" + el("html", head, el("body", body), lang="en") + "\n"
