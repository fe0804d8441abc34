"""Binding the printed conference pack (voting/pack.py): one PDF with the agenda, the summary report, a specimen of
each ballot paper, the minutes and the draft decisions."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from thidua.core.audit import acting_as
from thidua.documents.models import RenderedDocument
from thidua.documents.services import document_create, document_retry, document_update
from voting import pack
from voting.models import Conference
from voting.permissions import require_manager


def conference_pack_build(*, actor, conference: Conference) -> RenderedDocument:
    """Bind (or bind again, with what is there now) the conference's pack. Rules: the conference's managers; the
    conference has an agenda. Side effects: the RenderedDocument created, or its data replaced when it changed,
    rendered by the worker on commit; the conference's link to it; audited."""
    require_manager(actor, conference)
    with transaction.atomic(), acting_as(actor):
        locked = (
            Conference.objects.select_for_update(of=("self",)).select_related("term__cluster").get(pk=conference.pk)
        )
        if not locked.agenda_lines:
            raise ValidationError(_("Hội nghị chưa có chương trình: hãy ghi chương trình trước khi lập tài liệu."))
        data = pack.pack_data(locked)
        if locked.pack_id:
            return document_update(
                document=RenderedDocument.objects.get(pk=locked.pack_id),
                data=data,
                actor=actor,
                title=pack.pack_title(locked),
            )
        document = document_create(
            kind=pack.PACK_KIND,
            title=pack.pack_title(locked),
            template_name=pack.PACK_TEMPLATE,
            data=data,
            created_by=actor,
        )
        locked.pack = document
        locked.save(update_fields=["pack"])
    return document


def conference_pack_retry(*, actor, conference: Conference) -> RenderedDocument:
    """Queue a failed rendering of the pack again."""
    require_manager(actor, conference)
    if not conference.pack_id:
        raise ValidationError(_("Chưa lập tài liệu hội nghị."))
    return document_retry(document=RenderedDocument.objects.get(pk=conference.pack_id), actor=actor)
