"""Factories for the nomination tests: dossiers, year-end facts and rules through the services; small files of each
kind the attachments accept (and some they refuse), built in memory."""

import io
import zipfile
from decimal import Decimal
from itertools import count

from django.core.files.uploadedfile import SimpleUploadedFile

from awards.models import Nomination, Quota, Rule
from awards.services import nominations as services
from awards.services.rules import quota_save, rule_save, rules_ensure_defaults
from campaigns.services.evaluation import evaluation_set, initiative_add
from thidua.titles.models import Title

_seq = count(1)
YEAR = 2016
Status = Nomination.Status


def title(code: str) -> Title:
    return Title.objects.get(code=code)


def ensure_rules() -> None:
    """The default rules come from a data migration; a transactional test's flush removes them."""
    rules_ensure_defaults()


def rated(person, year: int = YEAR, rating: str = "tot", discipline: int = 0):
    """The person's year-end rating (what Lao động tiên tiến reads)."""
    return evaluation_set(actor=None, person=person, year=year, rating=rating, discipline=discipline)


def initiative(person, year: int = YEAR, level: str = "co_so"):
    return initiative_add(actor=None, person=person, year=year, name=f"Sáng kiến số {next(_seq)}", level=level)


def free_rule(code: str, *, year: int = YEAR, through_cluster: bool = False) -> Rule:
    """A rule without conditions for `code` covering `year` (every candidate eligible), optionally through a
    cluster: the default rules put only the banners through a cluster, and those need a ballot."""
    return rule_save(
        actor=None,
        rule=Rule(
            title=title(code),
            name=f"Quy định thử nghiệm {code}",
            legal_basis="Điều 1 Quy chế thử nghiệm",
            valid_from=year,
            valid_to=year,
            through_cluster=through_cluster,
        ),
        conditions=[],
    )


def quota(code: str, *, base: str = "co-bo", percent: str = "20", year: int = YEAR) -> Quota:
    return quota_save(
        actor=None,
        quota=Quota(
            title=title(code),
            base_title=title(base),
            percent=Decimal(percent),
            legal_basis="Điều 2 Quy chế thử nghiệm",
            valid_from=year,
            valid_to=year,
        ),
    )


def nominate(*, proposing_unit, person=None, unit=None, code: str = "ldtt", year: int = YEAR, actor=None, **kw):
    return services.nomination_create(
        actor=actor, proposing_unit=proposing_unit, person=person, unit=unit, title=title(code), year=year, **kw
    )


def ballot(unit, *, code: str = "co-bo", year: int = YEAR, term=None, actor=None) -> Nomination:
    return services.nomination_create_from_ballot(
        actor=actor,
        unit=unit,
        title=title(code),
        year=year,
        term=term,
        reference=f"Kết quả bỏ phiếu tại Hội nghị tổng kết năm {year}",
    )


def first_person(unit):
    return unit.people.order_by("pk").first()


def eligible_draft(world, *, actor=None, unit=None) -> Nomination:
    """A Lao động tiên tiến draft for the first person of Vụ A (or of `unit`), who is rated well that year."""
    unit = unit or world.vu_a
    person = first_person(unit)
    rated(person)
    return nominate(proposing_unit=unit, person=person, actor=actor)


def at_board(world, *, unit=None) -> Nomination:
    nomination = eligible_draft(world, unit=unit)
    return services.nomination_submit(actor=None, nomination=nomination)


def at_council(world, *, unit=None) -> Nomination:
    return services.nomination_approve(actor=None, nomination=at_board(world, unit=unit))


def approved(world, *, unit=None) -> Nomination:
    return services.nomination_council_approve(actor=None, nomination=at_council(world, unit=unit))


# Files --------------------------------------------------------------------------------------------------------

PDF_BYTES = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
PNG_BYTES = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 40
JPEG_BYTES = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 40 + b"\xff\xd9"
EXE_BYTES = b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 56 + b"This program cannot be run in DOS mode."

WORD_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
    "</Types>"
)


def zip_bytes(members: dict[str, str | bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def docx_bytes() -> bytes:
    return zip_bytes(
        {
            "[Content_Types].xml": WORD_CONTENT_TYPES,
            "word/document.xml": '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
            "<w:body><w:p><w:r><w:t>Báo cáo thành tích</w:t></w:r></w:p></w:body></w:document>",
        }
    )


def upload(name: str, data: bytes, content_type: str = "application/octet-stream") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type=content_type)
