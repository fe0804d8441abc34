"""Decision services: drafting from approved nominations or a cluster term, numbering, issuing, rendering again
before signature, signing (award history, nominations decided, the term's act), immutability, corrections."""

import datetime
import threading

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction

from awards.models import Award, Decision, DecisionItem, Nomination, NominationEvent
from awards.services import decisions as services
from tests import factories
from tests.documents.conftest import eager_celery, extra_templates, media_dir  # noqa: F401
from thidua.documents.models import DocumentSeries, RenderedDocument, SignedDocumentError
from thidua.documents.services import document_update, number_allocate
from thidua.org.models import ClusterMembership, ClusterTerm
from thidua.org.services import cluster_term_save

from .decisions_factories import (
    DATE,
    approved,
    banner_nominations,
    draft_award,
    issued,
    person_nominations,
    signed,
    title,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_dir")]

D = Decision.Status
N = Nomination.Status


def region_units(world):
    return [world.vu_a, world.vu_b, world.cuc, world.chi_cuc]


def messages_of(caught) -> dict[str, list[str]]:
    return caught.value.message_dict


# Drafting ----------------------------------------------------------------------------------------------------


def test_an_award_draft_takes_the_approved_nominations_with_the_defaults(world):
    nominations = banner_nominations([world.vu_b, world.cuc, world.vu_a])
    decision = draft_award(nominations, actor=world.users["board"])
    decision.refresh_from_db()
    assert (decision.kind, decision.status, decision.year, decision.title.code) == ("award", D.DRAFT, 2016, "co-bo")
    assert decision.subject == "Về việc tặng Cờ thi đua ngành Tư pháp năm 2016"
    assert decision.legal_bases.splitlines() == [
        "Căn cứ Luật Thi đua, khen thưởng năm 2003; Luật sửa đổi, bổ sung một số điều của Luật Thi đua, khen thưởng "
        "năm 2005 và Luật sửa đổi, bổ sung một số điều của Luật Thi đua, khen thưởng năm 2013",
        "Căn cứ Nghị định số 42/2010/NĐ-CP ngày 15 tháng 4 năm 2010 của Chính phủ quy định chi tiết thi hành một số "
        "điều của Luật Thi đua, khen thưởng và Luật sửa đổi, bổ sung một số điều của Luật Thi đua, khen thưởng",
        "Căn cứ Nghị định số 22/2013/NĐ-CP ngày 13 tháng 3 năm 2013 của Chính phủ quy định chức năng, nhiệm vụ, "
        "quyền hạn và cơ cấu tổ chức của Bộ Tư pháp",
        "Căn cứ Thông tư số 14/2015/TT-BTP ngày 14 tháng 10 năm 2015 của Bộ Tư pháp hướng dẫn công tác thi đua, khen "
        "thưởng trong ngành Tư pháp",
    ]
    assert decision.proposal == "Xét đề nghị của Vụ trưởng Vụ Thi đua - Khen thưởng"
    assert decision.recipients == "Như Điều 3\nBộ trưởng (để b/c)\nLưu: VT, Vụ TĐKT"
    assert (decision.signer_authority, decision.signer_position, decision.signer_name) == (
        "KT. BỘ TRƯỞNG",
        "THỨ TRƯỞNG",
        "Trần Tiến Dũng",
    )
    assert (decision.issuer_code, decision.issuer_name, decision.place, decision.date) == (
        "BTP",
        "Bộ Tư pháp",
        "Hà Nội",
        DATE,
    )
    assert (decision.number, decision.number_text, decision.document_id) == (None, "", None)
    assert decision.created_by == world.users["board"]
    # Collectives in Vietnamese order of their names.
    assert list(decision.items.values_list("order", "name", "unit_id", "nomination__status")) == [
        (1, "Cục THADS tỉnh Yên Bái", world.cuc.pk, N.APPROVED),
        (2, "Vụ Pháp luật dân sự - kinh tế", world.vu_a.pk, N.APPROVED),
        (3, "Vụ Tổ chức cán bộ", world.vu_b.pk, N.APPROVED),
    ]
    item_type = ContentType.objects.get_for_model(DecisionItem)
    assert LogEntry.objects.filter(content_type=item_type, actor=world.users["board"]).count() == 3
    decision_type = ContentType.objects.get_for_model(Decision)
    assert LogEntry.objects.filter(content_type=decision_type, object_pk=str(decision.pk)).count() == 1


def test_people_are_listed_by_unit_then_given_name(world):
    one = factories.person(world.vu_b, "Trần Thị Bình", position="Chuyên viên")
    two = factories.person(world.vu_a, "Nguyễn Văn Cường", position="Vụ trưởng")
    three = factories.person(world.vu_a, "Lê Thị An", position="Chuyên viên chính")
    decision = draft_award(person_nominations([one, two, three]))
    assert list(decision.items.values_list("name", "position", "unit_name")) == [
        ("Lê Thị An", "Chuyên viên chính", "Vụ Pháp luật dân sự - kinh tế"),
        ("Nguyễn Văn Cường", "Vụ trưởng", "Vụ Pháp luật dân sự - kinh tế"),
        ("Trần Thị Bình", "Chuyên viên", "Vụ Tổ chức cán bộ"),
    ]
    assert decision.subject == "Về việc tặng danh hiệu Chiến sĩ thi đua cơ sở năm 2016"


def test_only_approved_nominations_of_the_title_and_year_free_of_any_decision_are_taken(world):
    banner = title("co-bo")
    good = approved(title_=banner, unit=world.vu_a)
    pending = approved(title_=banner, unit=world.vu_b, status=N.COUNCIL)
    other_title = approved(title_=title("ttldxs"), unit=world.cuc)
    other_year = approved(title_=banner, unit=world.chi_cuc, year=2015)
    taken = approved(title_=banner, unit=world.other)
    first = draft_award([taken])
    with pytest.raises(ValidationError) as caught:
        draft_award([good, pending, other_title, other_year, taken], code="co-bo")
    assert messages_of(caught) == {
        "nominations": [
            "Hồ sơ «Vụ Tổ chức cán bộ» đang ở trạng thái «Hội đồng xét»: chỉ hồ sơ «Được đề nghị ra quyết định» mới "
            "được đưa vào quyết định.",
            "Hồ sơ «Cục THADS tỉnh Yên Bái» đề nghị danh hiệu khác hoặc năm khác (2016), không thuộc quyết định này.",
            "Hồ sơ «Chi cục THADS huyện Văn Yên» đề nghị danh hiệu khác hoặc năm khác (2015), không thuộc quyết "
            "định này.",
            f"Hồ sơ «Sở Tư pháp tỉnh Hòa Bình» đã có trong quyết định «(chưa cấp số): {first.subject}».",
        ]
    }
    assert list(Decision.objects.values_list("pk", flat=True)) == [first.pk]
    with pytest.raises(ValidationError) as caught:
        draft_award([], code="co-bo")
    assert messages_of(caught) == {"nominations": ["Vui lòng chọn ít nhất một hồ sơ đã được đề nghị ra quyết định."]}


def test_bad_text_is_refused_field_by_field_and_nothing_is_saved(world):
    nominations = banner_nominations([world.vu_a])
    with pytest.raises(ValidationError) as caught:
        draft_award(
            nominations,
            date=datetime.date(2015, 12, 31),
            signer_name="  ",
            signer_position="",
            place="",
            issuer_code="B TP",
        )
    assert messages_of(caught) == {
        "place": ["Vui lòng nhập địa danh ban hành."],
        "date": ["Ngày ban hành 31/12/2015 trước năm thi đua 2016."],
        "signer_position": ["Vui lòng nhập chức vụ người ký."],
        "signer_name": ["Vui lòng nhập họ tên người ký."],
        "issuer_code": ["Mã cơ quan ban hành không được chứa dấu cách hoặc dấu “/”."],
    }
    assert Decision.objects.count() == 0
    assert DecisionItem.objects.count() == 0


def test_only_the_board_drafts_issues_and_signs(world):
    nominations = banner_nominations([world.vu_a])
    for name in ("staff_a", "leader_a", "viewer", "delegate_b"):
        with pytest.raises(PermissionDenied):
            draft_award(nominations, actor=world.users[name])
    decision = draft_award(nominations)
    for service in (
        services.decision_issue,
        services.decision_sign,
        services.decision_correct,
        services.decision_delete,
    ):
        with pytest.raises(PermissionDenied):
            service(actor=world.users["staff_a"], decision=decision)
    assert Decision.objects.get().status == D.DRAFT


def test_a_draft_is_updated_and_its_nominations_replaced(world):
    first, second, third = banner_nominations([world.vu_a, world.vu_b, world.cuc])
    decision = draft_award([first, second])
    decision.subject = "  Về việc tặng Cờ thi đua  ngành Tư pháp năm 2016 cho các Vụ "
    decision.signer_name = "Lê Tiến Châu"
    services.decision_update(actor=world.users["board"], decision=decision, nominations=[second, third])
    decision.refresh_from_db()
    assert decision.subject == "Về việc tặng Cờ thi đua ngành Tư pháp năm 2016 cho các Vụ"
    assert decision.signer_name == "Lê Tiến Châu"
    assert list(decision.items.values_list("nomination", flat=True)) == [third.pk, second.pk]
    # The nomination taken out is free for another decision.
    assert draft_award([first]).items.get().nomination == first


def test_a_draft_is_deleted_and_its_nominations_freed_but_an_issued_decision_is_kept(world):
    nominations = banner_nominations([world.vu_a, world.vu_b])
    draft = draft_award(nominations)
    services.decision_delete(actor=None, decision=draft)
    assert Decision.objects.count() == 0
    kept = issued(draft_award(nominations), render=False)
    with pytest.raises(ValidationError) as caught:
        services.decision_delete(actor=None, decision=kept)
    assert caught.value.messages == [
        f"Quyết định 01/QĐ-BTP: {kept.subject} đã cấp số: không xóa được; nếu sai, hãy đính chính."
    ]
    with pytest.raises(SignedDocumentError):
        Decision.objects.get().delete()


# Numbers -----------------------------------------------------------------------------------------------------


def test_numbers_follow_each_other_with_a_leading_zero_and_restart_each_year(world):
    units = [world.vu_a, world.vu_b, world.cuc, world.chi_cuc, world.other]
    drafts = [draft_award(banner_nominations([unit])) for unit in units[:3]]
    assert [issued(d, render=False).number_text for d in drafts] == ["01/QĐ-BTP", "02/QĐ-BTP", "03/QĐ-BTP"]
    next_year = issued(draft_award(banner_nominations([units[3]]), date=datetime.date(2018, 1, 2)), render=False)
    assert (next_year.number, next_year.series_year, next_year.number_text) == (1, 2018, "01/QĐ-BTP")
    # Six more decisions of the Ministry's 2017 series issued elsewhere: the next one is the tenth.
    for _index in range(6):
        number_allocate(issuer_code="BTP", type_code="QĐ", year=2017)
    tenth = issued(draft_award(banner_nominations([units[4]])), render=False)
    assert (tenth.number, tenth.series_year, tenth.number_text) == (10, 2017, "10/QĐ-BTP")
    assert Decision.objects.get(pk=drafts[0].pk).document.title == (
        "Quyết định số 01/QĐ-BTP về việc tặng Cờ thi đua ngành Tư pháp năm 2016"
    )


def test_a_number_rolled_back_with_its_issue_was_never_issued_and_is_given_to_the_next(world):
    first = draft_award(banner_nominations([world.vu_a]))
    second = draft_award(banner_nominations([world.vu_b]))
    with pytest.raises(RuntimeError), transaction.atomic():
        services.decision_issue(actor=None, decision=first)
        assert Decision.objects.get(pk=first.pk).number_text == "01/QĐ-BTP"
        raise RuntimeError("the request failed after the issue")
    first.refresh_from_db()
    assert (first.status, first.number, first.number_text, first.document_id) == (D.DRAFT, None, "", None)
    assert RenderedDocument.objects.count() == 0
    assert not DocumentSeries.objects.exists()  # the series row, created by that issue, went with it
    assert services.decision_issue(actor=None, decision=second).number_text == "01/QĐ-BTP"
    assert services.decision_issue(actor=None, decision=first).number_text == "02/QĐ-BTP"


def test_a_number_a_stored_decision_carries_is_never_given_again(world):
    first = issued(draft_award(banner_nominations([world.vu_a])), render=False)
    second = draft_award(banner_nominations([world.vu_b]))
    # Someone sets the register back by mistake: the database refuses a second 01/QĐ-BTP of 2017.
    DocumentSeries.objects.filter(issuer_code="BTP", type_code="QĐ", year=2017).update(last_number=0)
    with pytest.raises(ValidationError) as caught:
        services.decision_issue(actor=None, decision=second)
    assert caught.value.messages == [
        "Số quyết định vừa cấp đã được dùng cho một quyết định khác; hãy kiểm tra sổ đăng ký số văn bản."
    ]
    second.refresh_from_db()
    assert (second.status, second.number, second.document_id) == (D.DRAFT, None, None)
    assert RenderedDocument.objects.count() == 1
    assert DocumentSeries.objects.get(issuer_code="BTP", type_code="QĐ", year=2017).last_number == 0
    assert first.number_text == "01/QĐ-BTP"


def test_issuing_twice_and_issuing_without_approved_nominations_are_refused(world):
    nomination = banner_nominations([world.vu_a])[0]
    decision = draft_award([nomination])
    Nomination.objects.filter(pk=nomination.pk).update(status=N.RETURNED, return_reason="Thiếu biên bản họp")
    with pytest.raises(ValidationError) as caught:
        services.decision_issue(actor=None, decision=decision)
    assert caught.value.messages == [
        "Hồ sơ của Vụ Pháp luật dân sự - kinh tế không còn ở trạng thái «Được đề nghị ra quyết định»: hãy bỏ khỏi "
        "quyết định rồi cấp số."
    ]
    assert not DocumentSeries.objects.exists()
    Nomination.objects.filter(pk=nomination.pk).update(status=N.APPROVED, return_reason="")
    services.decision_issue(actor=None, decision=decision)
    with pytest.raises(ValidationError) as caught:
        services.decision_issue(actor=None, decision=decision)
    assert caught.value.messages == ["Quyết định đã được cấp số 01/QĐ-BTP."]
    assert DocumentSeries.objects.get().last_number == 1


def _in_threads(work, arguments: list) -> list:
    barrier = threading.Barrier(len(arguments))
    results: list = [None] * len(arguments)

    def run(index, argument):
        try:
            barrier.wait(timeout=10)
            results[index] = work(argument)
        except BaseException as exc:  # reported in the main thread
            results[index] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, a)) for i, a in enumerate(arguments)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


@pytest.mark.postgres
def test_two_decisions_issued_at_the_same_moment_never_share_a_number(transactional_db, world):
    drafts = [draft_award(banner_nominations([unit])) for unit in (world.vu_a, world.vu_b, world.cuc, world.chi_cuc)]
    results = _in_threads(lambda d: services.decision_issue(actor=None, decision=d).number_text, drafts)
    assert sorted(results) == ["01/QĐ-BTP", "02/QĐ-BTP", "03/QĐ-BTP", "04/QĐ-BTP"]
    assert sorted(Decision.objects.values_list("number", flat=True)) == [1, 2, 3, 4]
    assert DocumentSeries.objects.get().last_number == 4


@pytest.mark.postgres
def test_one_draft_issued_twice_at_the_same_moment_gets_one_number(transactional_db, world):
    draft = draft_award(banner_nominations([world.vu_a]))
    results = _in_threads(lambda d: services.decision_issue(actor=None, decision=d).number_text, [draft, draft])
    assert sorted(str(r) if isinstance(r, ValidationError) else r for r in results) == [
        "01/QĐ-BTP",
        "['Quyết định đã được cấp số 01/QĐ-BTP.']",
    ]
    assert DocumentSeries.objects.get().last_number == 1
    assert RenderedDocument.objects.count() == 1


# Issued, before signature ------------------------------------------------------------------------------------


def test_an_issued_decision_is_corrected_before_signature_and_rendered_again(world):
    decision = issued(draft_award(banner_nominations([world.vu_a])))
    document = decision.document
    assert document.status == RenderedDocument.Status.DONE
    decision.signer_name = "Lê Tiến Châu"
    decision.date = datetime.date(2017, 1, 9)
    services.decision_rerender(actor=world.users["board"], decision=decision)
    decision.refresh_from_db()
    document.refresh_from_db()
    assert (decision.number_text, decision.status) == ("01/QĐ-BTP", D.ISSUED)
    assert document.status == RenderedDocument.Status.PENDING
    assert document.data["signer"]["name"] == "Lê Tiến Châu"
    assert document.data["date"] == "2017-01-09"
    with pytest.raises(ValidationError) as caught:
        services.decision_update(actor=None, decision=decision)
    assert caught.value.messages == [f"Quyết định {decision} đã cấp số: không sửa như dự thảo được."]
    decision.date = datetime.date(2018, 1, 2)
    with pytest.raises(ValidationError) as caught:
        services.decision_rerender(actor=None, decision=decision)
    assert messages_of(caught) == {"date": ["Số 01/QĐ-BTP thuộc sổ năm 2017: ngày ban hành phải trong năm đó."]}
    assert Decision.objects.get().date == datetime.date(2017, 1, 9)


def test_a_failed_rendering_is_recorded_on_the_decision_and_retried(
    world,
    extra_templates,  # noqa: F811
    eager_celery,  # noqa: F811
    django_capture_on_commit_callbacks,
):
    from django.template.loader import get_template

    real = get_template("documents/decision.html").template.source
    extra_templates({"documents/decision.html": real.replace("{% block body %}", "{% block body %}{% include 'x' %}")})
    decision = draft_award(banner_nominations([world.vu_a]))
    with django_capture_on_commit_callbacks(execute=True):
        decision = services.decision_issue(actor=None, decision=decision)
    document = RenderedDocument.objects.get(pk=decision.document_id)
    assert (document.status, document.error, document.attempts) == ("failed", "TemplateDoesNotExist: x", 1)
    with pytest.raises(ValidationError) as caught:
        services.decision_sign(actor=None, decision=decision)
    assert caught.value.messages == ["Văn bản chưa được dựng xong: chưa thể đánh dấu đã ký."]
    assert Decision.objects.get().status == D.ISSUED

    extra_templates({"documents/decision.html": real})
    with django_capture_on_commit_callbacks(execute=True):
        services.decision_retry(actor=world.users["board"], decision=decision)
    document.refresh_from_db()
    assert (document.status, document.error, document.attempts) == ("done", "", 2)
    with pytest.raises(ValidationError) as caught:
        services.decision_retry(actor=None, decision=decision)
    assert caught.value.messages == ["Văn bản đã được dựng xong, không cần dựng lại."]


# Signing -----------------------------------------------------------------------------------------------------


def test_signing_records_the_awards_and_decides_the_nominations(world):
    board = world.users["board"]
    nominations = banner_nominations([world.vu_a, world.vu_b])
    decision = signed(draft_award(nominations, actor=board), actor=board)
    decision.refresh_from_db()
    assert (decision.status, decision.signed_by) == (D.SIGNED, board)
    assert decision.signed_at == decision.document.signed_at
    assert decision.document.signed_by == board
    awards = Award.objects.order_by("recipient_name")
    assert [
        (a.unit_id, a.person_id, a.title.code, a.year, a.recipient_name, a.decision_id, a.decision_number)
        for a in awards
    ] == [
        (world.vu_a.pk, None, "co-bo", 2016, "Vụ Pháp luật dân sự - kinh tế", decision.pk, "01/QĐ-BTP"),
        (world.vu_b.pk, None, "co-bo", 2016, "Vụ Tổ chức cán bộ", decision.pk, "01/QĐ-BTP"),
    ]
    assert {(a.decision_date, a.decision_issuer, a.source, a.created_by_id) for a in awards} == {
        (DATE, "Bộ Tư pháp", Award.Source.DECISION, board.pk)
    }
    award_type = ContentType.objects.get_for_model(Award)
    entries = LogEntry.objects.filter(content_type=award_type)
    assert sorted(entries.values_list("object_id", flat=True)) == sorted(a.pk for a in awards)
    assert {(e.actor_id, e.additional_data["bulk"]) for e in entries} == {(board.pk, True)}
    assert list(Nomination.objects.order_by("pk").values_list("status", flat=True)) == [N.DECIDED, N.DECIDED]
    steps = NominationEvent.objects.filter(to_status=N.DECIDED).order_by("nomination_id")
    assert [(e.nomination_id, e.from_status, e.note, e.actor) for e in steps] == [
        (n.pk, N.APPROVED, "Quyết định số 01/QĐ-BTP ngày 05/01/2017", board) for n in nominations
    ]
    # The move to "decided" is in the audit trail too, one entry per nomination, as the board's act.
    decided = LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Nomination), changes__status=[N.APPROVED, N.DECIDED]
    ).order_by("object_id")
    assert [(e.object_id, e.actor_id, e.additional_data) for e in decided] == [
        (n.pk, board.pk, {"bulk": True, "note": "01/QĐ-BTP"}) for n in nominations
    ]


def test_a_decision_is_signed_only_once_its_pdf_is_rendered(world):
    decision = issued(draft_award(banner_nominations([world.vu_a])), render=False)
    with pytest.raises(ValidationError) as caught:
        services.decision_sign(actor=None, decision=decision)
    assert caught.value.messages == ["Văn bản chưa được dựng xong: chưa thể đánh dấu đã ký."]
    draft = draft_award(banner_nominations([world.vu_b]))
    with pytest.raises(ValidationError) as caught:
        services.decision_sign(actor=None, decision=draft)
    assert caught.value.messages == ["Quyết định chưa cấp số: chưa ký được."]
    assert not Award.objects.exists()
    assert set(Nomination.objects.values_list("status", flat=True)) == {N.APPROVED}


def test_signing_is_refused_when_the_history_already_has_the_award_and_nothing_changes(world):
    decision = issued(draft_award(banner_nominations([world.vu_a, world.vu_b])))
    Award.objects.create(
        title=title("co-bo"), year=2016, unit=world.vu_b, recipient_name="Vụ Tổ chức cán bộ", source="manual"
    )
    with pytest.raises(ValidationError) as caught:
        services.decision_sign(actor=None, decision=decision)
    assert caught.value.messages == [
        "Sổ theo dõi khen thưởng đã ghi Cờ thi đua của Bộ Tư pháp (Cờ thi đua ngành Tư pháp) năm 2016 cho: "
        "Vụ Tổ chức cán bộ. Hãy kiểm tra trước khi ký."
    ]
    decision.refresh_from_db()
    assert decision.status == D.ISSUED
    assert not decision.document.is_signed
    assert Award.objects.count() == 1
    assert set(Nomination.objects.values_list("status", flat=True)) == {N.APPROVED}


def test_a_signed_decision_and_its_pdf_never_change(world):
    decision = signed(draft_award(banner_nominations([world.vu_a])))
    stored = Decision.objects.get(pk=decision.pk)
    stored.subject = "Sửa sau khi ký"
    with pytest.raises(SignedDocumentError):
        stored.save()
    with pytest.raises(SignedDocumentError):
        stored.delete()
    stored = Decision.objects.get(pk=decision.pk)
    stored.signer_name = "Người khác"
    with pytest.raises(SignedDocumentError):
        services.decision_rerender(actor=None, decision=stored)
    with pytest.raises(ValidationError) as caught:
        services.decision_update(actor=None, decision=stored)
    assert caught.value.messages == [f"Quyết định {stored} đã cấp số: không sửa như dự thảo được."]
    with pytest.raises(ValidationError) as caught:
        services.decision_sign(actor=None, decision=stored)
    assert caught.value.messages == ["Quyết định 01/QĐ-BTP đã được ký."]
    with pytest.raises(ValidationError) as caught:
        services.decision_items_update(actor=None, decision=stored, removed=list(stored.items.all()))
    assert caught.value.messages == ["Quyết định đã cấp số: không sửa các dòng được."]
    document = RenderedDocument.objects.get(pk=decision.document_id)
    with pytest.raises(SignedDocumentError):
        document_update(document=document, data={**document.data, "subject": "Khác"}, actor=None)
    with pytest.raises(SignedDocumentError):
        services.decision_retry(actor=None, decision=stored)
    fresh = Decision.objects.get(pk=decision.pk)
    assert (fresh.subject, fresh.signer_name, fresh.status) == (decision.subject, "Trần Tiến Dũng", D.SIGNED)
    assert RenderedDocument.objects.get(pk=decision.document_id).sha256 == decision.document.sha256


# Corrections -------------------------------------------------------------------------------------------------


def test_a_correction_replaces_a_signed_decision_which_stays_as_it_was(world):
    units = [world.vu_a, world.vu_b, world.cuc]
    old = signed(draft_award(banner_nominations(units)))
    old_row = Decision.objects.filter(pk=old.pk).values().get()
    new = services.decision_correct(actor=world.users["board"], decision=old, date=datetime.date(2017, 2, 1))
    assert (new.status, new.corrects_id, new.kind, new.title_id, new.year) == (
        D.DRAFT,
        old.pk,
        "award",
        old.title_id,
        2016,
    )
    assert (new.subject, new.date, new.closing_articles) == (old.subject, datetime.date(2017, 2, 1), "")
    assert list(new.items.values_list("name", "unit_id", "nomination")) == [
        ("Cục THADS tỉnh Yên Bái", world.cuc.pk, None),
        ("Vụ Pháp luật dân sự - kinh tế", world.vu_a.pk, None),
        ("Vụ Tổ chức cán bộ", world.vu_b.pk, None),
    ]
    with pytest.raises(ValidationError) as caught:
        services.decision_correct(actor=None, decision=old)
    assert caught.value.messages == [f"Quyết định 01/QĐ-BTP đang có quyết định thay thế chưa ký: {new}."]

    # The Cục is taken out, a name is corrected.
    cuc_line, vu_a_line = new.items.get(unit=world.cuc), new.items.get(unit=world.vu_a)
    vu_a_line.name = "Vụ Pháp luật dân sự - kinh tế, Bộ Tư pháp"
    services.decision_items_update(actor=None, decision=new, changes=[vu_a_line], removed=[cuc_line])
    new = issued(new)
    assert new.document.data["articles"][2]["text"].startswith(
        "Quyết định này có hiệu lực kể từ ngày ký và thay thế Quyết định số 01/QĐ-BTP ngày 05 tháng 01 năm 2017 "
        "của Bộ trưởng Bộ Tư pháp. "
    )
    new = services.decision_sign(actor=None, decision=new)

    assert Decision.objects.filter(pk=old.pk).values().get() == old_row
    assert list(Award.objects.order_by("unit_id").values_list("unit_id", "recipient_name", "decision_number")) == [
        (world.vu_a.pk, "Vụ Pháp luật dân sự - kinh tế, Bộ Tư pháp", "02/QĐ-BTP"),
        (world.vu_b.pk, "Vụ Tổ chức cán bộ", "02/QĐ-BTP"),
    ]
    assert set(Award.objects.values_list("decision_id", flat=True)) == {new.pk}
    # The nominations stay linked to the lines of the decision that decided them.
    assert set(Nomination.objects.values_list("status", flat=True)) == {N.DECIDED}
    assert set(DecisionItem.objects.filter(nomination__isnull=False).values_list("decision_id", flat=True)) == {old.pk}

    with pytest.raises(ValidationError) as caught:
        services.decision_correct(actor=None, decision=old)
    assert caught.value.messages == [
        "Quyết định 01/QĐ-BTP đã được thay thế bởi Quyết định 02/QĐ-BTP: hãy đính chính quyết định thay thế."
    ]
    third = services.decision_correct(actor=None, decision=new)
    assert third.corrects == new


def test_only_a_signed_decision_is_corrected(world):
    decision = issued(draft_award(banner_nominations([world.vu_a])), render=False)
    with pytest.raises(ValidationError) as caught:
        services.decision_correct(actor=None, decision=decision)
    assert caught.value.messages == [
        "Chỉ đính chính quyết định đã ký; quyết định chưa ký thì sửa trực tiếp rồi dựng lại văn bản."
    ]
    assert Decision.objects.count() == 1


# Appointments ------------------------------------------------------------------------------------------------


def test_an_appointment_decision_names_the_terms_leader_and_deputies_and_sets_the_terms_act(world):
    term = world.term
    decision = services.decision_draft_appointment(
        actor=world.users["board"], term=term, date=datetime.date(2016, 1, 10), signer_name="Trần Tiến Dũng"
    )
    assert (decision.kind, decision.year, decision.term, decision.title) == ("appointment", 2016, term, None)
    assert decision.subject == "Về việc cử Cụm trưởng, Cụm phó Cụm thi đua số I năm 2016"
    assert list(decision.items.values_list("order", "name", "unit_id", "role")) == [
        (1, "Vụ Pháp luật dân sự - kinh tế", world.vu_a.pk, "leader"),
        (2, "Vụ Tổ chức cán bộ", world.vu_b.pk, "deputy"),
    ]
    with pytest.raises(ValidationError) as caught:
        services.decision_draft_appointment(actor=None, term=term, date=DATE, signer_name="Trần Tiến Dũng")
    assert messages_of(caught) == {
        "term": [f"Cụm thi đua số I - 2016 đã có quyết định cử Cụm trưởng «{decision}»; muốn thay đổi, hãy đính chính."]
    }
    # The term changed meanwhile: the signed decision is what counts.
    cluster_term_save(actor=None, term=term, members=[world.vu_a, world.vu_b], leader=world.vu_b, deputies=[])
    decision = signed(decision)
    term = ClusterTerm.objects.get(pk=term.pk)
    assert (term.decision_number, term.decision_date) == ("01/QĐ-BTP", datetime.date(2016, 1, 10))
    assert dict(term.memberships.values_list("unit_id", "role")) == {
        world.vu_a.pk: ClusterMembership.Role.LEADER,
        world.vu_b.pk: ClusterMembership.Role.DEPUTY,
    }
    assert not Award.objects.exists()


def test_an_appointment_needs_a_leader(world):
    term = factories.term("Khu vực thi đua miền núi phía Bắc", 2017, [world.cuc, world.other], kind_="khu_vuc")
    with pytest.raises(ValidationError) as caught:
        services.decision_draft_appointment(actor=None, term=term, date=DATE, signer_name="Lê Tiến Châu")
    assert messages_of(caught) == {
        "term": [
            "Khu vực thi đua miền núi phía Bắc - 2017 chưa có đơn vị Cụm trưởng: hãy chọn Cụm trưởng, Cụm phó trước."
        ]
    }
    assert not Decision.objects.exists()
    term = factories.term(
        "Khu vực thi đua miền núi phía Bắc", 2017, [world.cuc, world.other], leader=world.cuc, kind_="khu_vuc"
    )
    decision = services.decision_draft_appointment(actor=None, term=term, date=DATE, signer_name="Lê Tiến Châu")
    assert decision.subject == "Về việc cử Trưởng khu vực Khu vực thi đua miền núi phía Bắc năm 2017"


def test_a_correction_of_an_appointment_moves_the_terms_act_to_the_new_decision(world):
    old = signed(
        services.decision_draft_appointment(actor=None, term=world.term, date=DATE, signer_name="Trần Tiến Dũng")
    )
    new = services.decision_correct(actor=None, decision=old, date=datetime.date(2017, 3, 1))
    deputy = new.items.get(role="deputy")
    services.decision_items_update(actor=None, decision=new, removed=[deputy])
    new = signed(new)
    term = ClusterTerm.objects.get(pk=world.term.pk)
    assert (term.decision_number, term.decision_date) == ("02/QĐ-BTP", datetime.date(2017, 3, 1))
    assert dict(term.memberships.values_list("unit_id", "role")) == {
        world.vu_a.pk: ClusterMembership.Role.LEADER,
        world.vu_b.pk: ClusterMembership.Role.MEMBER,
    }
