"""The printed conference pack (tài liệu hội nghị): the agenda, the summary report, a specimen of each ballot paper,
the vote-count minutes and the draft decisions of one conference, bound into one PDF with a table of contents and
pages numbered through (thidua/documents/pack.py).

Each part is the document as it prints alone, from the data it was frozen with (a report, minutes or decision
already rendered), or frozen now the same way (the agenda, the specimen papers, a decision still in draft). The
pack's data lists the parts: rendering it reads nothing else, so the same data gives the same bytes.
"""

from awards.documents import DECISION_TEMPLATE
from awards.models import Decision, DecisionItem, Nomination
from awards.services.decisions import frozen_data as decision_frozen_data
from campaigns.documents import issuer_lines, ministry_unit, term_leader
from thidua.documents.pack import part
from voting import documents
from voting.models import BallotSession, Conference, SummaryReport

PACK_TEMPLATE = "documents/pack.html"
PACK_KIND = "voting.pack"
AGENDA_TEMPLATE = "documents/conference_agenda.html"


def pack_title(conference: Conference) -> str:
    return f"Tài liệu: {conference.name}"


def _issuer(conference: Conference) -> dict:
    if conference.is_council:
        ministry = ministry_unit()
        return {"parent": ministry.name if ministry else documents.MINISTRY_NAME, "name": documents.COUNCIL_NAME}
    return issuer_lines(term=conference.term, issuer=term_leader(conference.term))


def agenda_data(conference: Conference) -> dict:
    """The agenda as a one-page document: the conference, when and where, who chairs, the items in order."""
    return {
        "issuer": _issuer(conference),
        "place": conference.place,
        "date": conference.date.isoformat(),
        "type_name": "CHƯƠNG TRÌNH",
        "subject": conference.name,
        "chair": conference.chair_name,
        "items": conference.agenda_lines,
    }


def _root_sessions(conference: Conference) -> list[BallotSession]:
    return list(
        BallotSession.objects.filter(conference=conference, round=1)
        .select_related("title", "conference__term__cluster", "minutes", "papers")
        .order_by("pk")
    )


def _decisions(conference: Conference, sessions: list[BallotSession]) -> list[Decision]:
    """The award decisions that name what this conference's votes put forward, then the appointment decision."""
    titles = {s.title_id for s in sessions}
    if conference.is_council:
        # The nominations the council voted on are its candidates.
        put_forward = Nomination.objects.filter(candidacies__session__conference=conference)
    else:
        # The winners of a cluster's votes became nominations of its term (voting.services.session_publish).
        put_forward = Nomination.objects.filter(
            term_id=conference.term_id, source=Nomination.Source.BALLOT, year=conference.year, title_id__in=titles
        )
    items = DecisionItem.objects.filter(
        decision__kind=Decision.Kind.AWARD, decision__year=conference.year, nomination__in=put_forward
    )
    found = list(
        Decision.objects.filter(pk__in=items.values("decision_id"))
        .select_related("title", "term__cluster", "corrects", "document")
        .order_by("pk")
    )
    if conference.appointment_id:
        found.append(
            Decision.objects.select_related("title", "term__cluster", "corrects", "document").get(
                pk=conference.appointment_id
            )
        )
    return found


def _decision_part(decision: Decision) -> dict:
    if decision.document_id:
        data = decision.document.data
    else:
        data = decision_frozen_data(decision, list(decision.items.order_by("order")))
    label = f"Quyết định số {data['number']}" if data.get("number") else "Dự thảo quyết định"
    template = decision.document.template_name if decision.document_id else DECISION_TEMPLATE
    return part(title=f"{label}: {data.get('subject', '')}", template_name=template, data=data)


def _in_pack(title: str, conference: Conference) -> str:
    """A document's title as the pack's contents list it: without the conference's name, which is the pack's."""
    return title.removesuffix(f" - {conference.name}")


def pack_data(conference: Conference) -> dict:
    """The frozen data of the conference's pack: its cover and its parts, in the order a delegate reads them."""
    sessions = _root_sessions(conference)
    parts = [part(title="Chương trình hội nghị", template_name=AGENDA_TEMPLATE, data=agenda_data(conference))]
    if conference.term_id:
        report = (
            SummaryReport.objects.filter(kind=SummaryReport.Kind.CLUSTER, term_id=conference.term_id)
            .select_related("document")
            .first()
        )
        if report is not None and report.document_id:
            parts.append(
                part(
                    title=f"Báo cáo tổng kết năm {conference.year}",
                    template_name=report.document.template_name,
                    data=report.document.data,
                )
            )
    for session in sessions:
        paper_title = _in_pack(documents.papers_title(session), conference)
        parts.append(
            part(
                title=f"Mẫu {paper_title[:1].lower()}{paper_title[1:]}",
                template_name=documents.PAPERS_TEMPLATE,
                data=documents.papers_data(session=session, copies=1),
            )
        )
    for session in sessions:
        if session.minutes_id:
            parts.append(
                part(
                    title=_in_pack(documents.minutes_title(session), conference),
                    template_name=session.minutes.template_name,
                    data=session.minutes.data,
                )
            )
    parts += [_decision_part(decision) for decision in _decisions(conference, sessions)]
    return {
        "issuer": _issuer(conference),
        "title": "Tài liệu hội nghị" if not conference.is_council else "Tài liệu phiên họp",
        "subtitle": conference.name,
        "place": conference.place,
        "date": conference.date.isoformat(),
        "parts": parts,
    }
