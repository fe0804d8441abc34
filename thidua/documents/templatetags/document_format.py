"""Template filters for printed documents: `{% load document_format %}`."""

from django import template

from thidua.documents.formatting import date_long

register = template.Library()


@register.filter
def vn_date(value) -> str:
    """{{ date|vn_date }} → 'ngày 05 tháng 01 năm 2017' (empty for no date)."""
    if not value:
        return ""
    return date_long(value)


@register.filter
def strip_end_punctuation(value) -> str:
    """Drop a trailing ';', '.' or ',' so that the template sets the punctuation the format wants."""
    return str(value).rstrip().rstrip(";.,").rstrip()
