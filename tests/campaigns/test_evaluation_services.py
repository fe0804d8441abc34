"""The evaluation services: ratings (one and a unit's table), initiatives, covenant scores, and the ranking."""

from decimal import Decimal

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.utils import timezone

from campaigns.models import Covenant, Initiative, PersonEvaluation, UnitScore
from campaigns.selectors.evaluation import term_ranking
from campaigns.services import evaluation as services
from campaigns.services.evaluation import EvaluationInput
from tests import factories
from tests.campaigns.fixtures_evaluation import (  # noqa: F401
    audited_initiatives_fixture,
    covenant_fixture,
    covenant_for,
    rate,
)
from thidua.org import services as org_services
from thidua.org.models import ClusterTerm

pytestmark = pytest.mark.django_db

R = PersonEvaluation.Rating
D = PersonEvaluation.Discipline


def entries(model, **filters):
    return LogEntry.objects.filter(content_type=ContentType.objects.get_for_model(model), **filters).order_by("pk")


def person_of(unit):
    return unit.people.get()


# One person ------------------------------------------------------------------------------------------------


def test_evaluation_set_creates_then_updates_with_the_units_name_and_audit_entries(world):
    board = world.users["board"]
    person = person_of(world.vu_a)
    evaluation = services.evaluation_set(actor=board, person=person, year=2016, rating=R.GOOD)
    assert (evaluation.unit, evaluation.unit_name, evaluation.rating, evaluation.discipline) == (
        world.vu_a,
        "Vụ Pháp luật dân sự - kinh tế",
        R.GOOD,
        D.NONE,
    )
    assert evaluation.updated_by == board
    created = entries(PersonEvaluation).get()
    assert (created.action, created.actor, created.object_id) == (LogEntry.Action.CREATE, board, evaluation.pk)
    assert created.changes["rating"] == ["None", "tot"]

    services.evaluation_set(actor=board, person=person, year=2016, rating=R.EXCELLENT, discipline=D.REPRIMAND)
    update = entries(PersonEvaluation).last()
    assert update.action == LogEntry.Action.UPDATE
    assert update.changes == {"rating": ["tot", "xuat_sac"], "discipline": ["0", "1"]}
    assert update.additional_data == {"bulk": True, "note": "Đánh giá, xếp loại một cá nhân"}

    # The same values again: nothing written, nothing logged.
    services.evaluation_set(actor=board, person=person, year=2016, rating=R.EXCELLENT, discipline=D.REPRIMAND)
    assert entries(PersonEvaluation).count() == 2
    assert PersonEvaluation.objects.count() == 1


def test_evaluation_set_refuses_bad_values_by_field_in_vietnamese(world):
    person = person_of(world.vu_a)
    with pytest.raises(ValidationError) as exc:
        services.evaluation_set(actor=None, person=person, year=3000, rating="gioi", discipline=9)
    assert exc.value.message_dict["rating"] == ["Xếp loại «gioi» không hợp lệ."]
    assert exc.value.message_dict["discipline"] == ["Hình thức kỷ luật «9» không hợp lệ."]
    assert exc.value.message_dict["year"][0].startswith("Năm 3000 không hợp lệ: phải từ 1945 đến ")
    assert not PersonEvaluation.objects.exists()


def test_a_person_rated_by_one_unit_stays_with_it_after_moving(world):
    person = person_of(world.vu_a)
    rate(person, 2016, R.GOOD)
    person.unit = world.vu_b
    org_services.person_save(actor=None, person=person)
    # Without a unit, the unit that already rated them that year is kept.
    evaluation = rate(person, 2016, R.EXCELLENT)
    assert (evaluation.unit, evaluation.rating) == (world.vu_a, R.EXCELLENT)
    with pytest.raises(ValidationError) as exc:
        rate(person, 2016, R.GOOD, unit=world.vu_b)
    assert exc.value.message_dict["person"] == [
        f"{person.full_name} đã được Vụ Pháp luật dân sự - kinh tế đánh giá, xếp loại năm 2016."
    ]
    # The new unit rates them for the next year.
    assert rate(person, 2017, R.GOOD).unit == world.vu_b


# A unit's table ---------------------------------------------------------------------------------------------


def test_evaluation_set_many_creates_updates_and_skips_unchanged_rows(world):
    staff = world.users["staff_a"]
    a, b, c = (person_of(world.vu_a), factories.person(world.vu_a), factories.person(world.vu_a))
    rate(a, 2016, R.GOOD)
    rate(b, 2016, R.COMPLETED)
    LogEntry.objects.all().delete()
    result = services.evaluation_set_many(
        actor=staff,
        unit=world.vu_a,
        year=2016,
        rows=[
            EvaluationInput(a.pk, R.GOOD),
            EvaluationInput(b.pk, R.NOT_COMPLETED, D.WARNING),
            EvaluationInput(c.pk, R.EXCELLENT),
        ],
    )
    assert (result.created, result.updated, result.unchanged) == (1, 1, 1)
    assert dict(PersonEvaluation.objects.values_list("person_id", "rating")) == {
        a.pk: R.GOOD,
        b.pk: R.NOT_COMPLETED,
        c.pk: R.EXCELLENT,
    }
    logged = entries(PersonEvaluation)
    assert [(e.action, e.actor_id) for e in logged] == [
        (LogEntry.Action.CREATE, staff.pk),
        (LogEntry.Action.UPDATE, staff.pk),
    ]
    assert logged[1].changes == {"rating": ["hoan_thanh", "khong_hoan_thanh"], "discipline": ["0", "2"]}
    assert logged[0].additional_data == {"bulk": True, "note": "Bảng đánh giá, xếp loại của đơn vị"}


def test_evaluation_set_many_is_all_or_nothing_and_names_every_bad_row(world):
    a = person_of(world.vu_a)
    outsider = person_of(world.vu_b)
    with pytest.raises(ValidationError) as exc:
        services.evaluation_set_many(
            actor=None,
            unit=world.vu_a,
            year=2016,
            rows=[
                EvaluationInput(a.pk, R.GOOD),
                EvaluationInput(outsider.pk, R.GOOD),
                EvaluationInput(a.pk, R.EXCELLENT),
                EvaluationInput(999999, R.GOOD),
            ],
        )
    assert exc.value.messages == [
        f"{a.full_name} xuất hiện hai lần.",
        "Không tìm thấy cá nhân mã 999999.",
        f"{outsider.full_name} không thuộc Vụ Pháp luật dân sự - kinh tế.",
    ]
    assert not PersonEvaluation.objects.exists()
    assert not LogEntry.objects.filter(content_type__model="personevaluation").exists()


# Initiatives ------------------------------------------------------------------------------------------------


def test_initiatives_are_added_and_removed_with_audit(world, audited_initiatives):
    staff = world.users["staff_a"]
    person = person_of(world.vu_a)
    initiative = services.initiative_add(
        actor=staff,
        person=person,
        year=2016,
        name="  Ứng dụng   phần mềm quản lý văn bản ",
        level=Initiative.Level.UNIT,
        recognised_by="Quyết định số 12/QĐ-VPLDSKT",
    )
    assert initiative.name == "Ứng dụng phần mềm quản lý văn bản"
    with pytest.raises(ValidationError) as exc:
        services.initiative_add(
            actor=staff, person=person, year=2016, name="Ứng dụng phần mềm quản lý văn bản", level="bo"
        )
    assert exc.value.message_dict == {
        "name": [f"{person.full_name} đã có sáng kiến «Ứng dụng phần mềm quản lý văn bản» năm 2016."]
    }
    with pytest.raises(ValidationError) as exc:
        services.initiative_add(actor=staff, person=person, year=2016, name=" ", level="cap_xa")
    assert exc.value.message_dict == {
        "name": ["Vui lòng nhập tên sáng kiến."],
        "level": ["Vui lòng chọn phạm vi ảnh hưởng của sáng kiến."],
    }
    services.initiative_remove(actor=staff, initiative=initiative)
    assert not Initiative.objects.exists()
    assert [(e.action, e.actor_id) for e in entries(Initiative)] == [
        (LogEntry.Action.CREATE, staff.pk),
        (LogEntry.Action.DELETE, staff.pk),
    ]


# Covenant scores --------------------------------------------------------------------------------------------


def sheet(covenant, rows):
    """{scored unit: (points of criterion 1, points of criterion 2)} → the service's mapping."""
    criteria = list(covenant.criteria.order_by("order"))
    return {
        unit.pk: {c.pk: (None if p is None else Decimal(p)) for c, p in zip(criteria, points, strict=True)}
        for unit, points in rows.items()
    }


def test_scores_are_saved_for_self_and_others_and_updates_are_audited(world, covenant):
    staff = world.users["staff_a"]
    result = services.unit_scores_set(
        actor=staff,
        term=world.term,
        scorer=world.vu_a,
        scores=sheet(covenant, {world.vu_a: ("58", "39.5"), world.vu_b: ("55", "38")}),
    )
    assert (result.created, result.updated, result.unchanged) == (4, 0, 0)
    assert UnitScore.objects.filter(scorer_unit=world.vu_a, scored_unit=world.vu_a).count() == 2
    result = services.unit_scores_set(
        actor=staff,
        term=world.term,
        scorer=world.vu_a,
        scores=sheet(covenant, {world.vu_a: ("58", "39.50"), world.vu_b: ("56", "38")}),
    )
    assert (result.created, result.updated, result.unchanged) == (0, 1, 3)
    logged = entries(UnitScore)
    assert [e.action for e in logged] == [LogEntry.Action.CREATE] * 4 + [LogEntry.Action.UPDATE]
    assert logged.last().changes == {"points": ["55.00", "56"]}
    assert logged.last().additional_data["note"] == "Phiếu chấm điểm của Vụ Pháp luật dân sự - kinh tế"


def test_scores_out_of_range_or_incomplete_are_refused_naming_unit_and_criterion(world, covenant):
    with pytest.raises(ValidationError) as exc:
        services.unit_scores_set(
            actor=None,
            term=world.term,
            scorer=world.vu_a,
            scores=sheet(covenant, {world.vu_a: ("61", "-1"), world.vu_b: ("50", None)}),
        )
    assert exc.value.messages == [
        "Vụ Pháp luật dân sự - kinh tế, tiêu chí «Thực hiện nhiệm vụ chuyên môn»: 61 điểm vượt quá điểm tối đa 60.00.",
        "Vụ Pháp luật dân sự - kinh tế, tiêu chí «Công tác thi đua, khen thưởng»: điểm không được âm.",
        "Vụ Tổ chức cán bộ, tiêu chí «Công tác thi đua, khen thưởng»: chưa nhập điểm.",
    ]
    with pytest.raises(ValidationError) as exc:
        services.unit_scores_set(
            actor=None, term=world.term, scorer=world.vu_a, scores=sheet(covenant, {world.vu_a: ("50.125", "40")})
        )
    assert exc.value.messages == [
        "Vụ Pháp luật dân sự - kinh tế, tiêu chí «Thực hiện nhiệm vụ chuyên môn»: "
        "điểm chỉ có tối đa 2 chữ số thập phân."
    ]
    assert not UnitScore.objects.exists()


def test_an_empty_row_is_not_scored_yet_but_a_saved_row_cannot_be_emptied(world, covenant):
    services.unit_scores_set(
        actor=None,
        term=world.term,
        scorer=world.vu_a,
        scores=sheet(covenant, {world.vu_a: ("50", "30"), world.vu_b: (None, None)}),
    )
    assert UnitScore.objects.count() == 2
    with pytest.raises(ValidationError) as exc:
        services.unit_scores_set(
            actor=None, term=world.term, scorer=world.vu_a, scores=sheet(covenant, {world.vu_a: (None, None)})
        )
    assert exc.value.messages == [
        "Vụ Pháp luật dân sự - kinh tế: đã chấm điểm rồi, không thể để trống; hãy nhập lại điểm."
    ]


def test_scores_need_a_locked_covenant_and_members(world):
    with pytest.raises(ValidationError) as exc:
        services.unit_scores_set(actor=None, term=world.term, scorer=world.vu_a, scores={})
    assert exc.value.messages == ["Cụm thi đua năm 2016 chưa có giao ước thi đua để chấm điểm."]
    draft = covenant_for(world.term, status=Covenant.Status.SIGNING)
    with pytest.raises(ValidationError) as exc:
        services.unit_scores_set(actor=None, term=world.term, scorer=world.vu_a, scores={})
    assert exc.value.messages == ["Giao ước thi đua chưa được tất cả đơn vị thành viên ký; chưa thể chấm điểm."]
    Covenant.objects.filter(pk=draft.pk).update(status=Covenant.Status.LOCKED, locked_at=timezone.now())
    with pytest.raises(ValidationError) as exc:
        services.unit_scores_set(actor=None, term=world.term, scorer=world.cuc, scores={})
    assert exc.value.messages == ["Cục THADS tỉnh Yên Bái không phải là thành viên của cụm thi đua năm này."]
    with pytest.raises(ValidationError) as exc:
        services.unit_scores_set(
            actor=None, term=world.term, scorer=world.vu_a, scores=sheet(draft, {world.cuc: ("1", "1")})
        )
    assert exc.value.messages == [f"Đơn vị mã {world.cuc.pk} không phải là thành viên của cụm."]


# Ranking ----------------------------------------------------------------------------------------------------


def test_ranking_averages_every_members_total_including_self_and_ties_share_a_rank(world):
    """Four members; the totals each scorer gave each scored unit (Vụ PLQT did not score Văn phòng Bộ):
    Vụ PLDSKT:  self 90, others 85 + 80 + 85 → (90 + 250) / 4 = 85
    Vụ TCCB:    self 90, others 85 + 80 + 85 → 85, a tie: both rank 2
    Vụ PLQT:    self 100, others 80 + 70 + 70 → 320 / 4 = 80, rank 4 (the rank after a tie is skipped)
    Văn phòng:  self 99, others 85 + 80 → 264 / 3 = 88, rank 1
    """
    c_unit, d_unit = factories.unit("Vụ Pháp luật quốc tế"), factories.unit("Văn phòng Bộ")
    term = factories.term("Cụm thi đua số I", 2016, [world.vu_a, world.vu_b, c_unit, d_unit], leader=world.vu_a)
    covenant = covenant_for(term, criteria=(("Chuyên môn", "60"), ("Thi đua", "40")))
    a, b, c, d = world.vu_a, world.vu_b, c_unit, d_unit
    given = {
        a: {a: 90, b: 85, c: 80, d: 85},
        b: {a: 85, b: 90, c: 70, d: 80},
        c: {a: 80, b: 80, c: 100},
        d: {a: 85, b: 85, c: 70, d: 99},
    }
    for scorer, totals in given.items():
        services.unit_scores_set(
            actor=None,
            term=term,
            scorer=scorer,
            scores=sheet(covenant, {u: (str(t - 40 if t > 40 else 0), str(min(t, 40))) for u, t in totals.items()}),
        )
    ranking = term_ranking(ClusterTerm.objects.get(pk=term.pk))
    summary = [(r.unit.name, r.rank, r.total, r.self_total, r.cross_average, r.cross_count) for r in ranking.rows]
    assert summary == [
        ("Văn phòng Bộ", 1, Decimal("88.00"), Decimal("99.00"), Decimal("82.50"), 2),
        ("Vụ Pháp luật dân sự - kinh tế", 2, Decimal("85.00"), Decimal("90.00"), Decimal("83.33"), 3),
        ("Vụ Tổ chức cán bộ", 2, Decimal("85.00"), Decimal("90.00"), Decimal("83.33"), 3),
        ("Vụ Pháp luật quốc tế", 4, Decimal("80.00"), Decimal("100.00"), Decimal("73.33"), 3),
    ]
    assert (ranking.max_total, ranking.scorers_done, ranking.members) == (Decimal("100"), 3, 4)


def test_members_nobody_scored_have_no_rank_and_come_last(world, covenant):
    services.unit_scores_set(
        actor=None, term=world.term, scorer=world.vu_b, scores=sheet(covenant, {world.vu_b: ("10", "10")})
    )
    ranking = term_ranking(world.term)
    assert [(r.unit.name, r.rank, r.total) for r in ranking.rows] == [
        ("Vụ Tổ chức cán bộ", 1, Decimal("20.00")),
        ("Vụ Pháp luật dân sự - kinh tế", None, None),
    ]
