"""HTML → PDF with WeasyPrint: the shipped fonts, no outside resources, the same bytes for the same input."""

import hashlib
import json
import mimetypes
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.template.loader import render_to_string
from django.utils import translation
from weasyprint import HTML
from weasyprint.urls import FatalURLFetchingError, URLFetcher, URLFetcherResponse

# Relative URLs in the document templates ("css/documents.css", "../fonts/...") resolve against this
# base, and the fetcher below maps it onto the static files. It is not a real folder: whatever the
# machine, the HTML and so the PDF are the same, and nothing outside our static files can be read.
STATIC_BASE_URL = "file:///thidua-static/"


class DocumentRenderError(Exception):
    """The document could not be rendered (a missing static file, a template error, ...): not transient."""


@dataclass(frozen=True)
class RenderedPdf:
    content: bytes
    page_count: int


def canonical_json(data) -> str:
    """The one serialisation of frozen data that hashes are computed over (sorted keys, no NaN)."""
    return json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"), allow_nan=False)


def data_fingerprint(*, template_name: str, data) -> str:
    """SHA-256 over the template name and the frozen data: with the same templates, equal fingerprints, equal PDFs."""
    return hashlib.sha256(f"{template_name}\n{canonical_json(data)}".encode()).hexdigest()


def _static_file(name: str) -> bytes | None:
    # Fonts are large and never change while the process lives; style sheets are read each time so that
    # an edit shows up without restarting the worker.
    return _static_font(name) if name.endswith(".ttf") else _read_static(name)


@lru_cache(maxsize=16)
def _static_font(name: str) -> bytes | None:
    return _read_static(name)


def _read_static(name: str) -> bytes | None:
    # Source folders first (tests, development and the image, which ships them), then STATIC_ROOT
    # for a deployment that only has the collected files.
    path = finders.find(name)
    if not path:
        try:
            path = staticfiles_storage.path(name)
        except NotImplementedError:
            return None
    try:
        return Path(path).read_bytes()
    except OSError:
        return None


class StaticOnlyFetcher(URLFetcher):
    """Serves the static files under STATIC_BASE_URL and refuses everything else (network, other files).

    A refused or missing resource stops the rendering: a document silently printed in a fallback font
    or without its style sheet must not be stored.
    """

    def __init__(self):
        super().__init__(fail_on_errors=True)

    def fetch(self, url, headers=None):
        if not url.startswith(STATIC_BASE_URL):
            raise FatalURLFetchingError(f"Refused to fetch {url!r}: documents may only use their static files.")
        name = url[len(STATIC_BASE_URL) :].split("?", 1)[0].split("#", 1)[0]
        if ".." in name.split("/"):
            raise FatalURLFetchingError(f"Refused to fetch {url!r}.")
        content = _static_file(name)
        if content is None:
            raise FatalURLFetchingError(f"Static file {name!r} not found for the document.")
        mime_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
        if name.endswith(".ttf"):
            mime_type = "font/ttf"
        return URLFetcherResponse(url, content, {"Content-Type": mime_type})


def render_html(*, template_name: str, context: dict) -> str:
    """The document's HTML. Always in Vietnamese: printed documents are legal texts, whatever the UI language."""
    with translation.override("vi"):
        return render_to_string(template_name, context)


def render_document(*, template_name: str, context: dict) -> RenderedPdf:
    """Render `template_name` with the frozen `context` into PDF bytes and count the pages.

    Deterministic: WeasyPrint writes no date unless the HTML has dcterms.created/modified metas (the base
    template fills them from the frozen data), and the PDF identifier is derived from the data's hash.
    """
    html = render_html(template_name=template_name, context=context)
    identifier = data_fingerprint(template_name=template_name, data=context)[:32].encode()
    try:
        document = HTML(string=html, base_url=STATIC_BASE_URL, url_fetcher=StaticOnlyFetcher()).render()
        content = document.write_pdf(pdf_identifier=identifier)
    except FatalURLFetchingError as exc:
        cause = exc.__cause__ or exc
        raise DocumentRenderError(str(cause)) from exc
    return RenderedPdf(content=content, page_count=len(document.pages))


def render_pdf(*, template_name: str, context: dict) -> bytes:
    """Render a document template with its frozen data into PDF bytes (see render_document)."""
    return render_document(template_name=template_name, context=context).content
