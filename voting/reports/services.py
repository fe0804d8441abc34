"""Writes of the summary report: the narrative its writer keeps, and its PDF (numbered in the issuer's BC series,
the figures frozen, rendered by the shared task "documents.render" once the transaction commits) and a retry.

Each service checks who may write (voting/reports/permissions.py; `actor=None` is the system: demo data,
commands), validates before it writes, owns its transaction and is audited (SummaryReport is registered with
django-auditlog; RenderedDocument and the number series audit themselves). Bad input raises ValidationError with a
Vietnamese message naming the field and leaves nothing written.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from thidua.core.audit import acting_as
from thidua.documents.formatting import document_number_format
from thidua.documents.models import RenderedDocument, TypeCode
from thidua.documents.services import document_create, document_retry, document_update, number_allocate
from voting.models import SummaryReport

from . import documents
from .drafts import Narrative
from .permissions import is_system, require_writer
from .selectors import ministry_figures, term_conference, term_figures, term_leader_unit

MAX_LENGTH = 20_000
NARRATIVE_FIELDS = ("achievements", "limitations", "directions")


def _field_labels() -> dict[str, str]:
    return {
        "achievements": _("Kết quả đạt được"),
        "limitations": _("Hạn chế, nguyên nhân"),
        "directions": _("Phương hướng năm sau"),
    }


def clean_text(text: str | None) -> str:
    """A narrative part as stored: Unix line ends, no trailing spaces, no empty lines at either end."""
    lines = (text or "").replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return "\n".join(line.rstrip() for line in lines).strip("\n").strip()


def _validate(parts: dict[str, str]) -> None:
    errors = {}
    labels = _field_labels()
    for name, text in parts.items():
        if len(text) > MAX_LENGTH:
            errors[name] = _("%(field)s: tối đa %(max)s ký tự (đã nhập %(n)s).") % {
                "field": labels[name],
                "max": f"{MAX_LENGTH:,}".replace(",", "."),
                "n": f"{len(text):,}".replace(",", "."),
            }
        elif any(ord(ch) < 32 and ch not in "\n\t" for ch in text):
            errors[name] = _("%(field)s: có ký tự điều khiển không in được; hãy xóa rồi gõ lại.") % {
                "field": labels[name]
            }
    if errors:
        raise ValidationError(errors)


def _leader(report: SummaryReport):
    return term_leader_unit(report.term) if report.term_id else None


def _locked(report: SummaryReport) -> SummaryReport:
    """The stored row of `report` under a lock, inside the caller's transaction; created when it is new (by the
    unique constraints, two first writers end up on the same row)."""
    if report.kind == SummaryReport.Kind.CLUSTER:
        lookup = {"kind": report.kind, "term": report.term}
    else:
        lookup = {"kind": report.kind, "year": report.year, "term": None}
    stored, _created = SummaryReport.objects.get_or_create(**lookup, defaults={"year": report.year})
    return SummaryReport.objects.select_for_update().get(pk=stored.pk)


def report_narrative_save(
    *,
    actor,
    report: SummaryReport,
    achievements: str,
    limitations: str,
    directions: str,
    revision: int,
) -> SummaryReport:
    """Keep the narrative of a report (created on its first save): achievements, limitations and their causes,
    directions for next year. `revision` is the one the writer's form was opened on: if someone saved since, the
    save is refused (nothing is overwritten) and the message names who and when. The same text again changes
    nothing. Rules: the board, or the staff of the term's leader unit (the board only for the ministry's).
    Side effects: the SummaryReport (created or updated: the three parts, revision + 1, written_by, written_at);
    audited."""
    require_writer(actor, term=report.term if report.term_id else None, leader=_leader(report))
    parts = {
        "achievements": clean_text(achievements),
        "limitations": clean_text(limitations),
        "directions": clean_text(directions),
    }
    _validate(parts)
    with transaction.atomic(), acting_as(actor):
        locked = _locked(report)
        if locked.revision != revision:
            who = (locked.written_by.get_username() if locked.written_by_id else "") or _("người khác")
            when = formats.date_format(timezone.localtime(locked.written_at), "d/m/Y H:i") if locked.written_at else ""
            raise ValidationError(
                _(
                    "Báo cáo đã được %(who)s lưu lúc %(when)s, sau khi bạn mở trang: nội dung bạn vừa viết chưa được "
                    "lưu. Hãy xem bản đã lưu dưới đây rồi lưu lại."
                )
                % {"who": who, "when": when},
                code="stale",
            )
        if all(getattr(locked, name) == text for name, text in parts.items()):
            return locked
        for name, text in parts.items():
            setattr(locked, name, text)
        locked.revision += 1
        locked.written_by = None if is_system(actor) else actor
        locked.written_at = timezone.now()
        locked.save(update_fields=[*NARRATIVE_FIELDS, "revision", "written_by", "written_at", "updated_at"])
    return locked


def default_date(report: SummaryReport) -> datetime.date:
    """The report is read at its term's year-end conference: that day, else today."""
    if report.term_id:
        conference = term_conference(report.term)
        if conference is not None:
            return conference.date
    return timezone.localdate()


def report_document_build(*, actor, report: SummaryReport, date: datetime.date | None = None) -> RenderedDocument:
    """Build (or bring up to date) the report's PDF from its narrative as stored and the figures as they are now.

    The first build takes the next number of the issuer's BC series for the year of the report's date (`date`,
    else default_date) and keeps number and date on the report; a later build keeps them and replaces the frozen
    data, rendered again only when it changed (the same data gives the same bytes). Rules: who may write the
    report; its "Kết quả đạt được" must be written. Side effects: a number (first time), the RenderedDocument
    (created or updated, rendered by the worker on commit), the report's number, date and document; audited."""
    term = report.term if report.term_id else None
    leader = _leader(report)
    require_writer(actor, term=term, leader=leader)
    stored = SummaryReport.objects.filter(pk=report.pk).first() if report.pk else None
    if stored is None or not stored.achievements.strip():
        raise ValidationError(
            {
                "achievements": _(
                    "Chưa viết phần «Kết quả đạt được»: hãy viết và lưu phần tường thuật trước khi lập bản PDF."
                )
            }
        )
    figures = term_figures(term) if term is not None else ministry_figures(stored.year)
    header = documents.term_header(term, leader) if term is not None else documents.ministry_header()
    cluster = term.cluster.name if term is not None else None
    with transaction.atomic(), acting_as(actor):
        locked = _locked(stored)
        if not locked.number_text:
            locked.date = date or default_date(locked)
            number = number_allocate(issuer_code=header.issuer_code, type_code=TypeCode.BC, year=locked.date.year)
            locked.number_text = document_number_format(
                number=number, type_code=TypeCode.BC, issuer_code=header.issuer_code
            )
        narrative = Narrative(locked.achievements, locked.limitations, locked.directions)
        build = documents.term_data if term is not None else documents.ministry_data
        data = build(figures=figures, narrative=narrative, header=header, number=locked.number_text, date=locked.date)
        title = documents.report_title(year=locked.year, cluster=cluster)
        if locked.document_id:
            document = document_update(
                document=RenderedDocument.objects.get(pk=locked.document_id), data=data, actor=actor, title=title
            )
        else:
            document = document_create(
                kind=documents.REPORT_KIND,
                title=title,
                template_name=documents.REPORT_TEMPLATE,
                data=data,
                created_by=None if is_system(actor) else actor,
            )
            locked.document = document
        locked.save(update_fields=["number_text", "date", "document", "updated_at"])
    return document


def report_document_retry(*, actor, report: SummaryReport) -> RenderedDocument:
    """Queue the rendering of the report's PDF again after a failure (or a rendering that never finished).
    Rules: who may write the report. Side effects: those of thidua.documents' document_retry; audited."""
    require_writer(actor, term=report.term if report.term_id else None, leader=_leader(report))
    if not report.document_id:
        raise ValidationError(_("Báo cáo chưa có bản PDF: hãy lập bản PDF trước."))
    return document_retry(document=RenderedDocument.objects.get(pk=report.document_id), actor=actor)
