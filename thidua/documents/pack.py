"""Several printed documents bound into one: each part is a document template with its frozen data, rendered as it
would be alone; the pack keeps the parts' bodies and styles, puts a cover with a table of contents in front, and
numbers the pages through (the table of contents reads each part's first page from the layout itself).

Used by the pack template (templates/documents/pack.html) through the tag in templatetags/document_pack.py: the
pack is then an ordinary RenderedDocument whose frozen data lists its parts, rendered by the usual task.
"""

import re
from dataclasses import dataclass

from django.template.loader import render_to_string

_HEAD = re.compile(r"<head[^>]*>(.*?)</head>", re.S | re.I)
_BODY = re.compile(r"<body[^>]*>(.*?)</body>", re.S | re.I)
_STYLE = re.compile(r"<style[^>]*>.*?</style>", re.S | re.I)
_LINK = re.compile(r"<link\b[^>]*rel=\"stylesheet\"[^>]*>", re.I)


@dataclass(frozen=True)
class RenderedPart:
    anchor: str
    title: str
    body: str


def part(*, title: str, template_name: str, data: dict) -> dict:
    """One part of a pack, as frozen data."""
    return {"title": title, "template_name": template_name, "data": data}


def render_parts(parts: list[dict]) -> tuple[list[RenderedPart], list[str]]:
    """Each part's body, and the style sheets and style blocks of all the parts (each once, in order)."""
    rendered, styles = [], []
    for index, item in enumerate(parts, start=1):
        html = render_to_string(item["template_name"], item["data"])
        head = _HEAD.search(html)
        body = _BODY.search(html)
        for block in [*_LINK.findall(head.group(1) if head else ""), *_STYLE.findall(head.group(1) if head else "")]:
            if block not in styles:
                styles.append(block)
        rendered.append(RenderedPart(anchor=f"part-{index}", title=item["title"], body=body.group(1) if body else html))
    return rendered, styles
