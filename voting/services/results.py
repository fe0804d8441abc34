"""What a counted vote produces: the winners of a cluster's ballot become nominations in awards, the council's
vote moves each nomination on or back (awards services); the vote-count minutes (BB) and the numbered paper
ballots as stored PDFs; next year's leader and deputies chosen at the conference, with their appointment decision.
"""

import datetime
from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from awards.documents import DEFAULT_SIGNER_AUTHORITY, DEFAULT_SIGNER_POSITION
from awards.models import Decision, Nomination
from awards.services.decisions import decision_draft_appointment
from awards.services.nominations import (
    nomination_council_approve,
    nomination_create_from_ballot,
    nomination_return,
)
from thidua.core.audit import acting_as
from thidua.documents.models import RenderedDocument, TypeCode
from thidua.documents.services import (
    document_create,
    document_mark_signed,
    document_number_format,
    document_retry,
    document_update,
    number_allocate,
)
from thidua.org.models import ClusterMembership, ClusterTerm, Unit
from thidua.org.services import cluster_term_save
from voting import documents
from voting.models import BallotSession, Candidate, Conference
from voting.permissions import require_board, require_manager

from .common import Status, locked_session, root_of, round_ids


def _rounds(session: BallotSession) -> list[BallotSession]:
    return list(BallotSession.objects.filter(pk__in=round_ids(session)).order_by("round"))


def _require_final(session: BallotSession) -> list[BallotSession]:
    """The rounds of a vote, refused unless every round is counted and no run-off is still to be held."""
    rounds = _rounds(session)
    for item in rounds:
        if item.status != Status.COUNTED:
            raise ValidationError(
                _("Vòng %(round)s chưa kiểm phiếu: chưa có kết quả cuối cùng.") % {"round": item.round}, code="pending"
            )
    last = rounds[-1]
    if last.result.get("runoff"):
        raise ValidationError(
            _("Kết quả có trường hợp bằng phiếu: hãy tổ chức bỏ phiếu lại trước khi công bố."), code="runoff"
        )
    return rounds


def _reference(session: BallotSession, candidate: Candidate) -> str:
    conference = session.conference
    return _(
        "Kết quả bỏ phiếu bình xét, suy tôn tại %(conference)s (%(place)s, ngày %(date)s): %(votes)s/%(base)s "
        "phiếu đồng ý (%(percent)s%%)"
    ) % {
        "conference": conference.name,
        "place": conference.place,
        "date": conference.date.strftime("%d/%m/%Y"),
        "votes": candidate.votes,
        "base": candidate.session.result.get("base", 0),
        "percent": candidate.percent,
    }


def session_publish(*, actor, session: BallotSession) -> list[Nomination]:
    """Publish the final result of a vote (all its rounds counted, no run-off pending).

    At a cluster conference, each winning unit becomes a nomination for the title (awards'
    nomination_create_from_ballot: waiting for the board, the ballot as its reference). At a council meeting, each
    nomination that passed is recorded as approved by the council (nomination_council_approve) and each that did
    not is returned with the votes as the reason (nomination_return). All or nothing; once per vote.
    Returns the nominations created or moved. Side effects: those of the awards services; published_at on the
    first round; audited."""
    require_manager(actor, session.conference)
    root = root_of(session)
    with transaction.atomic(), acting_as(actor):
        root = locked_session(root)
        if root.published_at:
            raise ValidationError(_("Kết quả đã được công bố."), code="published")
        rounds = _require_final(root)
        conference = root.conference
        moved: list[Nomination] = []
        if conference.kind == Conference.Kind.CLUSTER:
            for candidate in (
                Candidate.objects.filter(session__in=rounds, passed=True)
                .select_related("unit", "session__conference")
                .order_by("session__round", "pool__order", "order")
            ):
                moved.append(
                    nomination_create_from_ballot(
                        actor=actor,
                        unit=candidate.unit,
                        title=root.title,
                        year=conference.year,
                        term=conference.term,
                        reference=_reference(candidate.session, candidate),
                    )
                )
        else:
            for candidate in (
                Candidate.objects.filter(session=root).select_related("nomination", "session").order_by("order")
            ):
                note = _("Hội đồng bỏ phiếu: %(votes)s/%(base)s phiếu đồng ý (%(percent)s%%).") % {
                    "votes": candidate.votes,
                    "base": root.result.get("base", 0),
                    "percent": candidate.percent,
                }
                if candidate.passed:
                    moved.append(nomination_council_approve(actor=actor, nomination=candidate.nomination, note=note))
                else:
                    reason = _("Hội đồng Thi đua - Khen thưởng không thông qua: %(note)s %(why)s") % {
                        "note": note,
                        "why": candidate.get_reason_display(),
                    }
                    moved.append(nomination_return(actor=actor, nomination=candidate.nomination, reason=reason))
        root.published_at = timezone.now()
        root.save(update_fields=["published_at"])
    return moved


# Documents ------------------------------------------------------------------------------------------------------


def _issuer_code(conference: Conference) -> str:
    if conference.kind == Conference.Kind.COUNCIL:
        return documents.COUNCIL_CODE
    from campaigns.documents import cluster_code, term_leader

    return cluster_code(conference.term, term_leader(conference.term))


def minutes_issue(*, actor, session: BallotSession) -> RenderedDocument:
    """Draw up the vote-count minutes (Biên bản kiểm phiếu, BB) of a vote whose rounds are all counted: numbered
    in the issuer's BB series of the conference's year on first issue, rendered by the worker. Issued again
    before it is signed (a recount), it keeps its number and is rendered anew when its data changed.
    Side effects: a number (first time), the RenderedDocument (created or updated, rendered on commit), the
    session's minutes link; audited."""
    require_manager(actor, session.conference)
    root = root_of(session)
    with transaction.atomic(), acting_as(actor):
        root = locked_session(root)
        rounds = _require_final(root)
        conference = root.conference
        if root.minutes_id:
            existing = RenderedDocument.objects.get(pk=root.minutes_id)
            data = documents.minutes_data(rounds=rounds, number=existing.data.get("number", ""))
            return document_update(document=existing, data=data, actor=actor, title=documents.minutes_title(root))
        issuer_code = _issuer_code(conference)
        year = conference.date.year
        number = number_allocate(issuer_code=issuer_code, type_code=TypeCode.BB, year=year)
        formatted = document_number_format(number=number, type_code=TypeCode.BB, issuer_code=issuer_code)
        document = document_create(
            kind=documents.MINUTES_KIND,
            title=documents.minutes_title(root),
            template_name=documents.MINUTES_TEMPLATE,
            data=documents.minutes_data(rounds=rounds, number=formatted),
            created_by=actor,
        )
        root.minutes = document
        root.save(update_fields=["minutes"])
    return document


def minutes_mark_signed(*, actor, session: BallotSession) -> RenderedDocument:
    """Record that the committee signed the minutes: from then on they never change. Side effects: the document's
    signature; audited."""
    require_manager(actor, session.conference)
    # As stored, not as the caller saw it: the minutes may have been issued since the caller read the session.
    root = BallotSession.objects.select_related("minutes").get(pk=root_of(session).pk)
    if not root.minutes_id:
        raise ValidationError(_("Chưa lập biên bản kiểm phiếu."))
    return document_mark_signed(document=root.minutes, actor=actor)


def papers_print(*, actor, session: BallotSession, copies: int | None = None) -> RenderedDocument:
    """The numbered paper ballots of an open session as a PDF: one per present voting delegate unless `copies`,
    numbered from 1, each with the candidates, the quota and how to mark. Printed again (as many copies or more,
    never fewer), the document is replaced while the numbers handed out stay valid (they only grow).
    Side effects: the RenderedDocument (created or updated, rendered on commit), the session's papers link;
    audited."""
    require_manager(actor, session.conference)
    with transaction.atomic(), acting_as(actor):
        locked = locked_session(session)
        if locked.status not in (Status.OPEN, Status.CLOSED):
            raise ValidationError(_("Phiếu giấy được in khi phiên đã mở (danh sách ứng viên đã chốt)."))
        count = copies if copies is not None else (locked.present_count or 0)
        if not isinstance(count, int) or not 1 <= count <= documents.MAX_PAPERS:
            raise ValidationError({"copies": _("Số phiếu in phải từ 1 đến %(max)s.") % {"max": documents.MAX_PAPERS}})
        data = documents.papers_data(session=locked, copies=count)
        if locked.papers_id:
            existing = RenderedDocument.objects.get(pk=locked.papers_id)
            printed = existing.data.get("copies", 0)
            if count < printed:
                # Papers numbered up to `printed` may already be in the delegates' hands: they must stay valid.
                message = _("Đã in %(n)s phiếu: in lại phải có ít nhất %(n)s phiếu để các số đã phát vẫn hợp lệ.")
                raise ValidationError({"copies": message % {"n": printed}})
            return document_update(
                document=existing,
                data=data,
                actor=actor,
                title=documents.papers_title(locked),
            )
        document = document_create(
            kind=documents.PAPERS_KIND,
            title=documents.papers_title(locked),
            template_name=documents.PAPERS_TEMPLATE,
            data=data,
            created_by=actor,
        )
        locked.papers = document
        locked.save(update_fields=["papers"])
    return document


def document_retry_for(*, actor, session: BallotSession, document: RenderedDocument) -> RenderedDocument:
    """Queue a failed rendering of the session's minutes or papers again."""
    require_manager(actor, session.conference)
    return document_retry(document=document, actor=actor)


# Next year's leader and deputies --------------------------------------------------------------------------------


def conference_appoint_leaders(
    *,
    actor,
    conference: Conference,
    leader: Unit,
    deputies: Sequence[Unit] = (),
    date: datetime.date,
    signer_name: str,
    signer_authority: str = DEFAULT_SIGNER_AUTHORITY,
    signer_position: str = DEFAULT_SIGNER_POSITION,
) -> Decision:
    """Next year's leader and deputies chosen at a cluster conference: written onto the cluster's term of the next
    year (created with this year's members when it does not exist; cluster_term_save checks that they are members)
    and put into the decision that appoints them (awards' decision_draft_appointment, a draft the board issues and
    signs). When the next term already has these leader and deputies and an appointment decision, that decision
    is the conference's. Rules: the board (appointments are the Ministry's decisions).
    Side effects: the next term and its memberships, the Decision (draft), the conference's link to it; audited."""
    require_board(actor, _("Chỉ Vụ Thi đua - Khen thưởng được lập quyết định cử Cụm trưởng, Cụm phó."))
    if conference.kind != Conference.Kind.CLUSTER:
        raise ValidationError(_("Chỉ hội nghị tổng kết của cụm mới chọn Cụm trưởng, Cụm phó năm sau."))
    deputies = list(dict.fromkeys(deputies))
    with transaction.atomic(), acting_as(actor):
        locked = (
            Conference.objects.select_for_update(of=("self",)).select_related("term__cluster").get(pk=conference.pk)
        )
        term = locked.term
        next_term = ClusterTerm.objects.filter(cluster=term.cluster, year=term.year + 1).first()
        if next_term is None:
            next_term = ClusterTerm(cluster=term.cluster, year=term.year + 1)
            members = list(Unit.objects.filter(cluster_memberships__term=term))
        else:
            members = list(Unit.objects.filter(cluster_memberships__term=next_term))
        roles = dict(next_term.memberships.values_list("unit_id", "role")) if next_term.pk else {}
        wanted = {leader.pk: ClusterMembership.Role.LEADER, **dict.fromkeys((d.pk for d in deputies), "deputy")}
        current = {pk: role for pk, role in roles.items() if role != ClusterMembership.Role.MEMBER}
        if current != wanted:
            cluster_term_save(actor=actor, term=next_term, members=members, leader=leader, deputies=deputies)
        decision = (
            Decision.objects.filter(kind=Decision.Kind.APPOINTMENT, term=next_term)
            .exclude(corrections__status=Decision.Status.SIGNED)
            .order_by("-pk")
            .first()
        )
        if decision is None or current != wanted:
            decision = decision_draft_appointment(
                actor=actor,
                term=next_term,
                date=date,
                signer_name=signer_name,
                signer_authority=signer_authority,
                signer_position=signer_position,
            )
        locked.appointment = decision
        locked.save(update_fields=["appointment"])
    return decision
