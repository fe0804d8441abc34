"""Template tag of the bound pack: `{% load document_pack %}{% pack_parts parts as rendered %}` (see pack.py)."""

from django import template
from django.utils.safestring import mark_safe

from thidua.documents.pack import render_parts

register = template.Library()


@register.simple_tag
def pack_parts(parts):
    """{"parts": [RenderedPart...], "styles": markup}: the parts' own templates produced this markup from frozen
    data, escaping it as they do alone."""
    rendered, styles = render_parts(parts)
    return {
        "parts": [{"anchor": p.anchor, "title": p.title, "body": mark_safe(p.body)} for p in rendered],  # noqa: S308
        "styles": mark_safe("\n".join(styles)),  # noqa: S308
    }
