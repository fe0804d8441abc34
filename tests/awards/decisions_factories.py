"""Factories and helpers for the decisions tests: approved nominations, drafts, issued and signed decisions.

Approved nominations are written straight to the database with their history step: the nomination workflow is
another area's (and tested there); here a nomination only needs to be approved, as the council leaves it.
Decisions are built through the decision services, like the demo data.
"""

import datetime
import html
import re
import shutil
import subprocess

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from awards.models import Decision, Nomination, NominationEvent
from awards.services import decisions as services
from tests import factories
from thidua.documents.services import document_render
from thidua.titles.models import Title

DATE = datetime.date(2017, 1, 5)
SIGNER = {"signer_name": "Trần Tiến Dũng"}


def title(code: str) -> Title:
    return Title.objects.get(code=code)


def approved(
    *,
    title_: Title,
    year: int = 2016,
    unit=None,
    person=None,
    proposing_unit=None,
    status: str = Nomination.Status.APPROVED,
) -> Nomination:
    """A nomination as the council leaves it: approved (or `status`), with the step that put it there."""
    subject_unit = unit or person.unit
    nomination = Nomination.objects.create(
        year=year,
        title=title_,
        person=person,
        unit=unit,
        proposing_unit=proposing_unit or subject_unit,
        candidate_name=person.full_name if person else unit.name,
        unit_name=person.unit.name if person else "",
        position=person.position if person else "",
        status=status,
        eligible=True,
        return_reason="Thiếu biên bản" if status == Nomination.Status.RETURNED else "",
    )
    NominationEvent.objects.create(
        nomination=nomination, from_status=Nomination.Status.COUNCIL, to_status=status, note="Hội đồng biểu quyết"
    )
    return nomination


def banner_nominations(units, *, year: int = 2016) -> list[Nomination]:
    """Approved sector-banner nominations for `units`."""
    return [approved(title_=title("co-bo"), unit=unit, year=year) for unit in units]


def people(unit, n: int, *, prefix: str = "Cán bộ") -> list:
    return [factories.person(unit, f"{prefix} Số {i:04d}", position="Chuyên viên") for i in range(n)]


def person_nominations(persons, *, code: str = "cstdcs", year: int = 2016) -> list[Nomination]:
    return [approved(title_=title(code), person=p, year=year) for p in persons]


def draft_award(nominations, *, actor=None, code: str | None = None, year: int = 2016, date=DATE, **fields) -> Decision:
    nominations = list(nominations)
    title_ = title(code) if code else nominations[0].title
    return services.decision_draft_award(
        actor=actor, title=title_, year=year, nominations=nominations, date=date, **{**SIGNER, **fields}
    )


def render_now(decision: Decision) -> Decision:
    """Render the decision's PDF in this process (what the worker does), without Celery."""
    document_render(document_id=decision.document_id)
    decision.refresh_from_db()
    return decision


def issued(decision: Decision, *, actor=None, render: bool = True) -> Decision:
    """Issue the draft; render its PDF at once unless render=False."""
    decision = services.decision_issue(actor=actor, decision=decision)
    return render_now(decision) if render else decision


def signed(decision: Decision, *, actor=None) -> Decision:
    if decision.status == Decision.Status.DRAFT:
        decision = issued(decision, actor=actor)
    return services.decision_sign(actor=actor, decision=decision)


def page_text(response) -> str:
    """The visible text of a page, tags removed and white space collapsed."""
    page = response.content.decode()
    page = re.sub(r"<(script|style|select)\b.*?</\1>", " ", page, flags=re.S)
    page = re.sub(r"<[^>]+>", " ", page)
    return " ".join(html.unescape(page).split())


def count_queries(client, url: str) -> int:
    """How many queries one GET of `url` makes (the page must answer 200)."""
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, response.status_code
    return len(captured)


def pdf_raw_text(path) -> str:
    """pdftotext in content-stream order, white space collapsed: a table cell's wrapped lines stay together."""
    if not shutil.which("pdftotext"):
        pytest.fail("pdftotext is not installed (Debian package poppler-utils)", pytrace=False)
    out = subprocess.run(["pdftotext", "-raw", str(path), "-"], check=True, capture_output=True, text=True, timeout=60)
    return " ".join(out.stdout.split())
