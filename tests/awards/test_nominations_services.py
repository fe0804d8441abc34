"""Nomination services: creating a dossier, every move of the workflow and every refusal, eligibility and the
board's override, quotas, bulk approval (all or nothing) and the dossiers a cluster ballot creates."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from awards.models import Nomination, NominationEvent
from awards.services import nominations as services
from campaigns.models import Notification
from tests import factories
from tests.awards import nominations_factories as f
from thidua.org.models import Role

pytestmark = pytest.mark.django_db
Status = Nomination.Status


def messages_of(exc_info) -> list[str]:
    return exc_info.value.messages


def moves(nomination) -> list[tuple[str, str, str]]:
    return [
        (e.from_status, e.to_status, e.actor.username if e.actor else "")
        for e in NominationEvent.objects.filter(nomination=nomination).select_related("actor").order_by("at", "pk")
    ]


# Creating -----------------------------------------------------------------------------------------------------


def test_create_copies_the_names_and_stores_the_eligibility(world):
    person = f.first_person(world.vu_a)
    person.position = "Chuyên viên chính"
    person.save()
    f.rated(person)
    staff = world.users["staff_a"]

    nomination = f.nominate(proposing_unit=world.vu_a, person=person, actor=staff, achievements="  Hoàn thành tốt.  ")

    nomination.refresh_from_db()
    assert nomination.status == Status.DRAFT
    assert nomination.candidate_name == person.full_name
    assert nomination.unit_name == "Vụ Pháp luật dân sự - kinh tế"
    assert nomination.position == "Chuyên viên chính"
    assert nomination.achievements == "Hoàn thành tốt."
    assert nomination.created_by == staff
    assert nomination.term is None  # Lao động tiên tiến does not go through a cluster
    assert nomination.eligible is True
    assert nomination.checked_at is not None
    assert [r["kind"] for r in nomination.eligibility["reasons"]] == ["rating", "no_discipline"]
    assert (
        nomination.eligibility["rule_name"]
        == "Tiêu chuẩn danh hiệu Lao động tiên tiến (Luật Thi đua, khen thưởng 2003)"
    )
    assert moves(nomination) == [("", Status.DRAFT, "staff_a")]
    # A later rename does not change the dossier: it keeps the names of its year.
    person.full_name = "Tên Khác Hẳn"
    person.save()
    nomination.refresh_from_db()
    assert nomination.candidate_name != "Tên Khác Hẳn"


def test_a_collective_through_a_cluster_gets_its_term_and_the_parent_as_unit_name(world):
    nomination = f.nominate(proposing_unit=world.vu_a, unit=world.vu_a, code="co-bo")
    assert nomination.candidate_name == "Vụ Pháp luật dân sự - kinh tế"
    assert nomination.unit_name == "Bộ Tư pháp"
    assert nomination.term == world.term


def test_a_sub_unit_takes_the_term_of_the_nearest_member_above_it(world):
    factories.term("Khu vực miền núi phía Bắc", 2016, [world.cuc], leader=world.cuc)
    nomination = f.nominate(proposing_unit=world.cuc, unit=world.chi_cuc, code="co-bo")
    assert nomination.term.cluster.name == "Khu vực miền núi phía Bắc"


def test_unit_staff_propose_people_of_their_sub_units(world):
    person = f.first_person(world.chi_cuc)
    nomination = f.nominate(proposing_unit=world.cuc, person=person, actor=world.users["staff_cuc"])
    assert nomination.proposing_unit == world.cuc
    assert nomination.unit_name == "Chi cục THADS huyện Văn Yên"


@pytest.mark.parametrize("username", ["staff_b", "staff_other", "viewer", "leader_a_of_b"])
def test_only_the_units_staff_and_the_board_create(world, username):
    if username == "leader_a_of_b":
        username = "leader_a"
    with pytest.raises(PermissionDenied) as exc:
        f.nominate(proposing_unit=world.vu_a, person=f.first_person(world.vu_a), actor=world.users[username])
    assert str(exc.value) == "Bạn không được lập hồ sơ đề nghị khen thưởng cho Vụ Pháp luật dân sự - kinh tế."
    assert not Nomination.objects.exists()


def test_the_board_creates_for_any_unit(world):
    nomination = f.nominate(proposing_unit=world.other, unit=world.other, code="ttldtt", actor=world.users["board"])
    assert nomination.created_by == world.users["board"]


@pytest.mark.parametrize(
    ("kwargs", "field", "message"),
    [
        (
            {"person": "other"},
            "candidate",
            "Trần Văn {other} không thuộc Vụ Pháp luật dân sự - kinh tế hoặc đơn vị trực thuộc.",
        ),
        (
            {"unit": "vu_b", "code": "ttldtt"},
            "candidate",
            "Vụ Tổ chức cán bộ không phải Vụ Pháp luật dân sự - kinh tế hoặc đơn vị trực thuộc.",
        ),
        (
            {"person": "vu_a", "code": "ttldtt"},
            "title",
            "«Tập thể lao động tiên tiến» dành cho tập thể, không đề nghị cho cá nhân.",
        ),
        ({"unit": "vu_a", "code": "ldtt"}, "title", "«Lao động tiên tiến» dành cho cá nhân, cần chọn một cá nhân."),
        ({}, "candidate", "Vui lòng chọn một cá nhân hoặc một tập thể được đề nghị."),
    ],
)
def test_create_refusals(world, kwargs, field, message):
    kwargs = dict(kwargs)
    if "person" in kwargs:
        kwargs["person"] = f.first_person(getattr(world, kwargs["person"]))
    if "unit" in kwargs:
        kwargs["unit"] = getattr(world, kwargs["unit"])
    with pytest.raises(ValidationError) as exc:
        f.nominate(proposing_unit=world.vu_a, **kwargs)
    assert exc.value.message_dict == {field: [message.format(other=world.other.pk)]}
    assert not Nomination.objects.exists()
    assert not NominationEvent.objects.exists()


def test_an_inactive_title_or_person_is_refused(world):
    person = f.first_person(world.vu_a)
    person.is_active = False
    person.save()
    with pytest.raises(ValidationError) as exc:
        f.nominate(proposing_unit=world.vu_a, person=person)
    assert exc.value.message_dict == {"candidate": [f"{person.full_name} không còn công tác."]}
    title = f.title("ttldtt")
    title.is_active = False
    title.save()
    with pytest.raises(ValidationError) as exc:
        f.nominate(proposing_unit=world.vu_a, unit=world.vu_a, code="ttldtt")
    assert exc.value.message_dict == {"title": ["Danh hiệu «Tập thể lao động tiên tiến» không còn được áp dụng."]}


def test_a_second_dossier_for_the_same_candidate_title_and_year_is_refused_clearly(world):
    person = f.first_person(world.chi_cuc)
    f.nominate(proposing_unit=world.chi_cuc, person=person)
    with pytest.raises(ValidationError) as exc:
        f.nominate(proposing_unit=world.cuc, person=person)
    assert messages_of(exc) == [
        f"{person.full_name} đã có hồ sơ đề nghị «Lao động tiên tiến» năm 2016 (do Chi cục THADS huyện Văn Yên lập, "
        "trạng thái «Dự thảo»)."
    ]
    assert Nomination.objects.count() == 1
    # Another year is another dossier.
    assert f.nominate(proposing_unit=world.cuc, person=person, year=2017).year == 2017


def test_create_and_submit_at_once_saves_nothing_when_refused(world):
    person = f.first_person(world.vu_a)
    with pytest.raises(ValidationError) as exc:
        f.nominate(proposing_unit=world.vu_a, person=person, code="cstdcs", submit=True)
    assert messages_of(exc) == [
        "Hồ sơ không đủ điều kiện đề nghị «Chiến sĩ thi đua cơ sở» năm 2016: Chưa đạt danh hiệu Lao động tiên tiến "
        "năm 2016; Chưa có sáng kiến phạm vi ảnh hưởng cấp cơ sở trở lên được công nhận năm 2016. Chỉ gửi được khi "
        "đủ điều kiện hoặc được Vụ Thi đua - Khen thưởng chấp nhận ngoại lệ."
    ]
    assert not Nomination.objects.exists()
    assert not NominationEvent.objects.exists()


def test_create_and_submit_at_once(world):
    person = f.first_person(world.vu_a)
    f.rated(person)
    nomination = f.nominate(proposing_unit=world.vu_a, person=person, submit=True, actor=world.users["staff_a"])
    assert nomination.status == Status.BOARD
    assert moves(nomination) == [("", Status.DRAFT, "staff_a"), (Status.DRAFT, Status.BOARD, "staff_a")]


# Editing and checking -----------------------------------------------------------------------------------------


def test_update_while_draft_or_returned_only(world):
    nomination = f.eligible_draft(world)
    services.nomination_update(
        actor=world.users["staff_a"], nomination=nomination, achievements="Báo cáo mới", position="Phó Vụ trưởng"
    )
    nomination.refresh_from_db()
    assert (nomination.achievements, nomination.position) == ("Báo cáo mới", "Phó Vụ trưởng")
    services.nomination_submit(actor=None, nomination=nomination)
    with pytest.raises(ValidationError) as exc:
        services.nomination_update(actor=world.users["staff_a"], nomination=nomination, achievements="Sửa")
    assert messages_of(exc) == [
        "Hồ sơ đang ở trạng thái «Vụ TĐKT thẩm định», chỉ sửa được khi là dự thảo hoặc bị trả lại."
    ]
    with pytest.raises(PermissionDenied):
        services.nomination_update(actor=world.users["staff_b"], nomination=nomination, achievements="Sửa")


def test_check_keeps_a_fresh_snapshot(world):
    person = f.first_person(world.vu_a)
    nomination = f.nominate(proposing_unit=world.vu_a, person=person)
    assert nomination.eligible is False
    first_checked = nomination.checked_at
    f.rated(person)
    checked = services.nomination_check(actor=world.users["staff_a"], nomination=nomination)
    assert checked.eligible is True
    assert checked.checked_at > first_checked
    assert all(r["met"] for r in checked.eligibility["reasons"])
    nomination.refresh_from_db()
    assert nomination.eligible is True


def test_check_is_refused_once_frozen_and_for_the_unit_once_sent(world):
    nomination = f.at_board(world)
    with pytest.raises(ValidationError) as exc:
        services.nomination_check(actor=world.users["staff_a"], nomination=nomination)
    assert messages_of(exc) == [
        "Hồ sơ đang ở trạng thái «Vụ TĐKT thẩm định», đơn vị chỉ xét lại điều kiện khi là dự thảo hoặc bị trả lại."
    ]
    services.nomination_check(actor=world.users["board"], nomination=nomination)  # the board may
    services.nomination_approve(actor=None, nomination=nomination)
    services.nomination_council_approve(actor=None, nomination=nomination)
    with pytest.raises(ValidationError) as exc:
        services.nomination_check(actor=world.users["board"], nomination=nomination)
    assert messages_of(exc) == [
        "Hồ sơ đang ở trạng thái «Được đề nghị ra quyết định»: kết quả xét điều kiện đã được chốt."
    ]


# Submitting ---------------------------------------------------------------------------------------------------


def test_submit_goes_to_the_board_when_the_rule_does_not_go_through_a_cluster(world):
    nomination = f.eligible_draft(world)
    sent = services.nomination_submit(actor=world.users["staff_a"], nomination=nomination)
    assert sent.status == Status.BOARD
    assert sent.submitted_at is not None
    assert moves(sent)[-1] == (Status.DRAFT, Status.BOARD, "staff_a")


def test_an_ineligible_dossier_is_refused_and_its_fresh_reasons_are_kept(world):
    person = f.first_person(world.vu_a)
    f.rated(person)
    nomination = f.nominate(proposing_unit=world.vu_a, person=person)
    # The facts change after the draft was checked: the rating is lowered.
    f.rated(person, rating="hoan_thanh")
    with pytest.raises(ValidationError) as exc:
        services.nomination_submit(actor=world.users["staff_a"], nomination=nomination)
    assert exc.value.code == "ineligible"
    assert messages_of(exc) == [
        "Hồ sơ không đủ điều kiện đề nghị «Lao động tiên tiến» năm 2016: Xếp loại năm 2016: Hoàn thành nhiệm vụ, "
        "chưa đạt mức từ «Hoàn thành tốt nhiệm vụ» trở lên. Chỉ gửi được khi đủ điều kiện hoặc được Vụ Thi đua - "
        "Khen thưởng chấp nhận ngoại lệ."
    ]
    nomination.refresh_from_db()
    assert nomination.status == Status.DRAFT
    assert nomination.eligible is False  # the snapshot taken at submission is kept
    assert len(moves(nomination)) == 1


def test_only_the_proposing_units_staff_or_the_board_submit(world):
    nomination = f.eligible_draft(world)
    for username in ("staff_b", "viewer", "leader_a"):
        if username == "leader_a":
            continue  # leader_a has no unit_staff role: see below
        with pytest.raises(PermissionDenied):
            services.nomination_submit(actor=world.users[username], nomination=nomination)
    with pytest.raises(PermissionDenied):
        services.nomination_submit(actor=world.users["leader_a"], nomination=nomination)
    assert services.nomination_submit(actor=world.users["board"], nomination=nomination).status == Status.BOARD


def test_submit_twice_is_refused(world):
    nomination = f.at_board(world)
    with pytest.raises(ValidationError) as exc:
        services.nomination_submit(actor=None, nomination=nomination)
    assert messages_of(exc) == [
        "Hồ sơ đang ở trạng thái «Vụ TĐKT thẩm định», chỉ gửi được khi là dự thảo hoặc bị trả lại."
    ]


def test_through_a_cluster_forward_return_and_resubmit(world):
    f.free_rule("bk-bo-tt", through_cluster=True)
    staff, leader, board = world.users["staff_b"], world.users["leader_a"], world.users["board"]
    nomination = f.nominate(proposing_unit=world.vu_b, unit=world.vu_b, code="bk-bo-tt", actor=staff)
    assert nomination.term == world.term

    services.nomination_submit(actor=staff, nomination=nomination)
    nomination.refresh_from_db()
    assert nomination.status == Status.CLUSTER

    with pytest.raises(ValidationError) as exc:
        services.nomination_return(actor=leader, nomination=nomination, reason="   ")
    assert exc.value.message_dict == {"reason": ["Vui lòng nêu lý do trả lại để đơn vị biết cần sửa gì."]}
    with pytest.raises(PermissionDenied):
        services.nomination_forward(actor=staff, nomination=nomination)

    services.nomination_return(actor=leader, nomination=nomination, reason="Thiếu biên bản họp xét.")
    nomination.refresh_from_db()
    assert (nomination.status, nomination.return_reason) == (Status.RETURNED, "Thiếu biên bản họp xét.")
    assert Notification.objects.filter(user=staff).values_list("text", flat=True).get() == (
        "Hồ sơ của Vụ Tổ chức cán bộ («Bằng khen của Bộ trưởng Bộ Tư pháp cho tập thể» năm 2016) bị trả lại. "
        "Lý do: Thiếu biên bản họp xét."
    )

    services.nomination_submit(actor=staff, nomination=nomination)
    nomination.refresh_from_db()
    assert (nomination.status, nomination.return_reason) == (Status.CLUSTER, "")
    services.nomination_forward(actor=leader, nomination=nomination, note="Cụm nhất trí.")
    services.nomination_approve(actor=board, nomination=nomination)
    services.nomination_council_approve(actor=board, nomination=nomination)
    nomination.refresh_from_db()
    assert nomination.status == Status.APPROVED
    assert moves(nomination) == [
        ("", Status.DRAFT, "staff_b"),
        (Status.DRAFT, Status.CLUSTER, "staff_b"),
        (Status.CLUSTER, Status.RETURNED, "leader_a"),
        (Status.RETURNED, Status.CLUSTER, "staff_b"),
        (Status.CLUSTER, Status.BOARD, "leader_a"),
        (Status.BOARD, Status.COUNCIL, "board"),
        (Status.COUNCIL, Status.APPROVED, "board"),
    ]
    events = list(NominationEvent.objects.filter(nomination=nomination).order_by("pk"))
    assert events[1].note == "Gửi Cụm trưởng Cụm thi đua số I - 2016"
    assert events[2].note == "Thiếu biên bản họp xét."
    assert events[4].note == "Cụm nhất trí."


def test_a_rule_through_a_cluster_but_no_term_goes_to_the_board(world):
    f.free_rule("bk-bo-tt", through_cluster=True)
    nomination = f.nominate(proposing_unit=world.other, unit=world.other, code="bk-bo-tt")
    assert nomination.term is None
    assert services.nomination_submit(actor=None, nomination=nomination).status == Status.BOARD


def test_forward_only_from_the_cluster(world):
    nomination = f.at_board(world)
    with pytest.raises(ValidationError) as exc:
        services.nomination_forward(actor=world.users["board"], nomination=nomination)
    assert messages_of(exc) == [
        "Chỉ chuyển được hồ sơ đang chờ Cụm xem xét; hồ sơ này đang ở trạng thái «Vụ TĐKT thẩm định»."
    ]


def test_a_cluster_leader_of_another_term_cannot_forward(world):
    f.free_rule("bk-bo-tt", through_cluster=True)
    factories.term("Khu vực miền núi phía Bắc", 2016, [world.cuc, world.other], leader=world.cuc)
    leader_cuc = factories.user("leader_cuc", role=Role.CLUSTER_LEADER, unit_=world.cuc)
    nomination = f.nominate(proposing_unit=world.vu_b, unit=world.vu_b, code="bk-bo-tt")
    services.nomination_submit(actor=None, nomination=nomination)
    with pytest.raises(PermissionDenied):
        services.nomination_forward(actor=leader_cuc, nomination=nomination)
    with pytest.raises(PermissionDenied):
        services.nomination_return(actor=leader_cuc, nomination=nomination, reason="Không thuộc cụm.")


# Returning ----------------------------------------------------------------------------------------------------


def test_the_board_returns_from_the_board_and_the_council_but_a_leader_does_not(world):
    nomination = f.at_board(world)
    with pytest.raises(PermissionDenied) as exc:
        services.nomination_return(actor=world.users["leader_a"], nomination=nomination, reason="Không đạt.")
    assert str(exc.value) == "Chỉ Vụ Thi đua - Khen thưởng được trả lại hồ sơ ở bước này."
    services.nomination_return(actor=world.users["board"], nomination=nomination, reason="Bổ sung báo cáo.")
    nomination.refresh_from_db()
    assert nomination.status == Status.RETURNED

    other = f.at_council(world, unit=world.vu_b)
    services.nomination_return(actor=world.users["board"], nomination=other, reason="Hội đồng không đồng ý.")
    other.refresh_from_db()
    assert (other.status, other.return_reason) == (Status.RETURNED, "Hội đồng không đồng ý.")
    assert moves(other)[-1] == (Status.COUNCIL, Status.RETURNED, "board")


@pytest.mark.parametrize("where", ["draft", "approved", "returned"])
def test_return_is_refused_outside_the_review(world, where):
    if where == "draft":
        nomination, label = f.eligible_draft(world), "Dự thảo"
    elif where == "approved":
        nomination, label = f.approved(world), "Được đề nghị ra quyết định"
    else:
        nomination, label = f.at_board(world), "Bị trả lại"
        services.nomination_return(actor=None, nomination=nomination, reason="Lần một.")
    with pytest.raises(ValidationError) as exc:
        services.nomination_return(actor=world.users["board"], nomination=nomination, reason="Trả lại.")
    assert messages_of(exc) == [f"Không trả lại được hồ sơ đang ở trạng thái «{label}»."]


# Approving ----------------------------------------------------------------------------------------------------


def test_approve_and_council_approve_are_the_boards(world):
    nomination = f.at_board(world)
    with pytest.raises(PermissionDenied) as exc:
        services.nomination_approve(actor=world.users["staff_a"], nomination=nomination)
    assert str(exc.value) == "Chỉ Vụ Thi đua - Khen thưởng được duyệt hồ sơ."
    services.nomination_approve(actor=world.users["board"], nomination=nomination)
    with pytest.raises(PermissionDenied) as exc:
        services.nomination_council_approve(actor=world.users["viewer"], nomination=nomination)
    assert str(exc.value) == "Chỉ Vụ Thi đua - Khen thưởng được ghi nhận kết quả của Hội đồng."
    services.nomination_council_approve(actor=world.users["board"], nomination=nomination)
    nomination.refresh_from_db()
    assert nomination.status == Status.APPROVED


def test_approve_and_council_approve_refuse_the_wrong_status(world):
    draft = f.eligible_draft(world)
    with pytest.raises(ValidationError) as exc:
        services.nomination_approve(actor=None, nomination=draft)
    assert messages_of(exc) == [
        "Chỉ duyệt được hồ sơ đang chờ Vụ Thi đua - Khen thưởng thẩm định; hồ sơ này đang ở trạng thái «Dự thảo»."
    ]
    with pytest.raises(ValidationError) as exc:
        services.nomination_council_approve(actor=None, nomination=draft)
    assert messages_of(exc) == [
        "Chỉ ghi nhận kết quả Hội đồng cho hồ sơ chờ Hội đồng xét; hồ sơ này đang ở trạng thái «Dự thảo»."
    ]


# Override -----------------------------------------------------------------------------------------------------


def test_override_lets_an_ineligible_dossier_be_sent(world):
    person = f.first_person(world.vu_a)
    nomination = f.nominate(proposing_unit=world.vu_a, person=person, code="cstdcs")
    board = world.users["board"]
    with pytest.raises(ValidationError) as exc:
        services.nomination_override(actor=board, nomination=nomination, reason="Quá ngắn")
    assert exc.value.message_dict == {"reason": ["Lý do chấp nhận ngoại lệ phải có ít nhất 20 ký tự (hiện có 8)."]}
    with pytest.raises(PermissionDenied) as exc:
        services.nomination_override(
            actor=world.users["staff_a"], nomination=nomination, reason="Thành tích đột xuất trong công tác năm 2016."
        )
    assert str(exc.value) == "Chỉ Vụ Thi đua - Khen thưởng được chấp nhận ngoại lệ."

    reason = "Thành tích đột xuất: sáng kiến đang chờ Hội đồng cấp cơ sở công nhận."
    services.nomination_override(actor=board, nomination=nomination, reason=reason)
    nomination.refresh_from_db()
    assert (nomination.override_reason, nomination.override_by, nomination.is_overridden) == (reason, board, True)
    assert nomination.status == Status.DRAFT
    event = NominationEvent.objects.filter(nomination=nomination).order_by("pk").last()
    assert (event.from_status, event.to_status, event.note) == (
        Status.DRAFT,
        Status.DRAFT,
        f"Chấp nhận ngoại lệ: {reason}",
    )

    with pytest.raises(ValidationError) as exc:
        services.nomination_override(actor=board, nomination=nomination, reason=reason)
    assert messages_of(exc) == ["Hồ sơ đã được chấp nhận ngoại lệ trước đó."]

    sent = services.nomination_submit(actor=world.users["staff_a"], nomination=nomination)
    assert sent.status == Status.BOARD
    assert sent.eligible is False  # still ineligible: sent on the board's exception, which stays on record


def test_an_eligible_dossier_needs_no_override(world):
    nomination = f.eligible_draft(world)
    with pytest.raises(ValidationError) as exc:
        services.nomination_override(
            actor=world.users["board"], nomination=nomination, reason="Một lý do đủ dài để được xem xét."
        )
    assert messages_of(exc) == ["Hồ sơ đủ điều kiện, không cần chấp nhận ngoại lệ."]
    nomination.refresh_from_db()
    assert not nomination.is_overridden


def test_no_override_once_approved(world):
    nomination = f.approved(world)
    with pytest.raises(ValidationError) as exc:
        services.nomination_override(actor=None, nomination=nomination, reason="Một lý do đủ dài để được xem xét.")
    assert messages_of(exc) == [
        "Không chấp nhận ngoại lệ được cho hồ sơ đang ở trạng thái «Được đề nghị ra quyết định»."
    ]


# From a ballot ------------------------------------------------------------------------------------------------


def test_a_ballot_creates_a_dossier_waiting_for_the_board(world):
    nomination = f.ballot(world.vu_a, term=world.term)
    nomination.refresh_from_db()
    assert (nomination.source, nomination.status, nomination.proposing_unit) == (
        Nomination.Source.BALLOT,
        Status.BOARD,
        world.vu_a,
    )
    assert nomination.source_reference == "Kết quả bỏ phiếu tại Hội nghị tổng kết năm 2016"
    assert nomination.submitted_at is not None
    # The cluster vote is the dossier itself: the banner's condition is met.
    assert nomination.eligible is True
    assert moves(nomination) == [("", Status.BOARD, "")]
    assert NominationEvent.objects.get(nomination=nomination).note == "Kết quả bỏ phiếu tại Hội nghị tổng kết năm 2016"


def test_ballot_refusals(world):
    f.ballot(world.vu_a)
    with pytest.raises(ValidationError) as exc:
        f.ballot(world.vu_a)
    assert messages_of(exc) == [
        "Vụ Pháp luật dân sự - kinh tế đã có hồ sơ đề nghị «Cờ thi đua của Bộ Tư pháp (Cờ thi đua ngành Tư pháp)» "
        "năm 2016 (do Vụ Pháp luật dân sự - kinh tế lập, trạng thái «Vụ TĐKT thẩm định»)."
    ]
    with pytest.raises(ValidationError) as exc:
        f.ballot(world.vu_b, code="ldtt")
    assert exc.value.message_dict == {"title": ["«Lao động tiên tiến» dành cho cá nhân, cần chọn một cá nhân."]}
    with pytest.raises(ValidationError) as exc:
        services.nomination_create_from_ballot(
            actor=None, unit=world.vu_b, title=f.title("co-bo"), year=2016, term=None, reference=" "
        )
    assert exc.value.message_dict == {"reference": ["Phải ghi căn cứ bình xét (kết quả bỏ phiếu)."]}


def test_an_ineligible_ballot_dossier_needs_an_override_before_the_council(world):
    # The Government banner needs the sector banner the same year: no sector-banner ballot for Vụ B.
    nomination = f.ballot(world.vu_b, code="co-cp")
    assert nomination.eligible is False
    with pytest.raises(ValidationError) as exc:
        services.nomination_approve(actor=world.users["board"], nomination=nomination)
    assert messages_of(exc) == [
        "Hồ sơ không đủ điều kiện; cần chấp nhận ngoại lệ (nêu lý do) trước khi trình Hội đồng."
    ]
    services.nomination_override(
        actor=world.users["board"], nomination=nomination, reason="Cụm đã suy tôn tại hội nghị, chờ quyết định."
    )
    assert services.nomination_approve(actor=world.users["board"], nomination=nomination).status == Status.COUNCIL


# Quotas -------------------------------------------------------------------------------------------------------


def _five_sector_banners(world):
    for unit in (world.ministry, world.vu_a, world.vu_b, world.cuc, world.chi_cuc):
        f.ballot(unit)


def test_submit_is_refused_over_the_quota(world):
    f.free_rule("bk-bo-tt")
    f.quota("bk-bo-tt")
    _five_sector_banners(world)  # 20 % of 5 collectives voted: at most 1 dossier
    first = f.nominate(proposing_unit=world.vu_a, unit=world.vu_a, code="bk-bo-tt")
    services.nomination_submit(actor=None, nomination=first)
    second = f.nominate(proposing_unit=world.vu_b, unit=world.vu_b, code="bk-bo-tt")
    with pytest.raises(ValidationError) as exc:
        services.nomination_submit(actor=world.users["staff_b"], nomination=second)
    assert exc.value.code == "quota"
    assert messages_of(exc) == [
        "Vượt chỉ tiêu: tối đa 1 hồ sơ đề nghị Bằng khen của Bộ trưởng Bộ Tư pháp cho tập thể (20% của 5 tập thể "
        "được suy tôn); đã có 1."
    ]
    second.refresh_from_db()
    assert second.status == Status.DRAFT
    # A returned dossier gives its place back.
    services.nomination_return(actor=None, nomination=first, reason="Đơn vị rút hồ sơ.")
    assert services.nomination_submit(actor=None, nomination=second).status == Status.BOARD


def test_the_quota_is_checked_again_when_the_council_approves(world):
    _five_sector_banners(world)
    government = [f.ballot(unit, code="co-cp") for unit in (world.vu_a, world.vu_b)]
    for nomination in government:
        assert nomination.eligible is True
        services.nomination_approve(actor=None, nomination=nomination)
    services.nomination_council_approve(actor=None, nomination=government[0])
    with pytest.raises(ValidationError) as exc:
        services.nomination_council_approve(actor=None, nomination=government[1])
    assert messages_of(exc) == [
        "Vượt chỉ tiêu: tối đa 1 hồ sơ đề nghị Cờ thi đua của Chính phủ năm 2016 (20% của 5 tập thể được suy tôn); "
        "Hội đồng đã đồng ý 1 hồ sơ."
    ]
    government[1].refresh_from_db()
    assert government[1].status == Status.COUNCIL


# Bulk ---------------------------------------------------------------------------------------------------------


def test_bulk_approval_is_all_or_nothing(world):
    ready = [f.at_board(world, unit=unit) for unit in (world.vu_a, world.vu_b, world.cuc)]
    draft = f.eligible_draft(world, unit=world.other)
    with pytest.raises(ValidationError) as exc:
        services.nomination_approve_many(actor=world.users["board"], nominations=[*ready, draft])
    assert messages_of(exc) == [
        f"Hồ sơ của {draft.candidate_name} («Lao động tiên tiến» năm 2016): Chỉ duyệt được hồ sơ đang chờ Vụ Thi "
        "đua - Khen thưởng thẩm định; hồ sơ này đang ở trạng thái «Dự thảo». Không hồ sơ nào được duyệt."
    ]
    assert set(Nomination.objects.values_list("status", flat=True)) == {Status.BOARD, Status.DRAFT}
    assert not NominationEvent.objects.filter(to_status=Status.COUNCIL).exists()

    moved = services.nomination_approve_many(actor=world.users["board"], nominations=ready)
    assert [n.status for n in moved] == [Status.COUNCIL] * 3
    assert NominationEvent.objects.filter(to_status=Status.COUNCIL).count() == 3

    with pytest.raises(PermissionDenied):
        services.nomination_council_approve_many(actor=world.users["staff_a"], nominations=ready)
    services.nomination_council_approve_many(actor=world.users["board"], nominations=ready)
    assert Nomination.objects.filter(status=Status.APPROVED).count() == 3


def test_bulk_council_approval_counts_the_quota_as_it_goes(world):
    _five_sector_banners(world)
    government = [f.ballot(unit, code="co-cp") for unit in (world.vu_a, world.vu_b)]
    services.nomination_approve_many(actor=None, nominations=government)
    with pytest.raises(ValidationError) as exc:
        services.nomination_council_approve_many(actor=None, nominations=government)
    assert messages_of(exc) == [
        "Hồ sơ của Vụ Tổ chức cán bộ («Cờ thi đua của Chính phủ» năm 2016): Vượt chỉ tiêu: tối đa 1 hồ sơ đề nghị "
        "Cờ thi đua của Chính phủ năm 2016 (20% của 5 tập thể được suy tôn); Hội đồng đã đồng ý 1 hồ sơ. Không hồ "
        "sơ nào được ghi nhận Hội đồng đồng ý."
    ]
    assert set(Nomination.objects.filter(title__code="co-cp").values_list("status", flat=True)) == {Status.COUNCIL}


def test_bulk_needs_at_least_one(world):
    with pytest.raises(ValidationError) as exc:
        services.nomination_approve_many(actor=None, nominations=[])
    assert messages_of(exc) == ["Vui lòng chọn ít nhất một hồ sơ."]
