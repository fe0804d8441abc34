"""The rules' services: saving a version (no overlapping periods), its conditions, a new version from a year, the
quotas; and the collective's own rating that the collective rules read."""

from decimal import Decimal

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError

from awards.eligibility import check
from awards.models import Condition, Quota, Rule
from awards.services import rules as services
from campaigns.models import PersonEvaluation, UnitEvaluation
from campaigns.services.evaluation import unit_evaluation_set
from tests.awards import rules_factories as rf

pytestmark = pytest.mark.django_db

Kind = Condition.Kind
LDTT_2003 = "Tiêu chuẩn danh hiệu Lao động tiên tiến (Luật Thi đua, khen thưởng 2003)"
LDTT_2022 = "Tiêu chuẩn danh hiệu Lao động tiên tiến (Luật Thi đua, khen thưởng 2022)"


def errors(exc_info) -> dict:
    return exc_info.value.message_dict


def new_rule(code: str, valid_from: int, valid_to: int | None = None, **fields) -> Rule:
    fields.setdefault("name", "Quy định thử")
    fields.setdefault("legal_basis", "Điều 74 Luật Thi đua, khen thưởng số 06/2022/QH15")
    return Rule(title=rf.title(code), valid_from=valid_from, valid_to=valid_to, **fields)


# rule_save ------------------------------------------------------------------------------------------------------


def test_a_period_inside_an_existing_version_is_refused():
    with pytest.raises(ValidationError) as exc_info:
        services.rule_save(actor=None, rule=new_rule("ldtt", 2020, 2022))
    assert errors(exc_info) == {
        "valid_from": [
            f"Thời gian áp dụng trùng với quy định «{LDTT_2003}» (2013–2023) của «Lao động tiên tiến»: mỗi năm chỉ "
            "có một quy định cho một danh hiệu. Hãy sửa năm áp dụng, hoặc tạo phiên bản mới từ quy định đó."
        ]
    }
    assert Rule.objects.filter(title__code="ldtt").count() == 2


def test_an_open_ended_version_overlaps_every_later_year():
    with pytest.raises(ValidationError) as exc_info:
        services.rule_save(actor=None, rule=new_rule("ldtt", 2030))
    assert f"«{LDTT_2022}» (2024 – nay)" in errors(exc_info)["valid_from"][0]
    with pytest.raises(ValidationError) as exc_info:
        services.rule_save(actor=None, rule=new_rule("ldtt", 2005, 2013))
    assert f"«{LDTT_2003}» (2013–2023)" in errors(exc_info)["valid_from"][0]


def test_extending_a_version_into_the_next_one_is_refused():
    old = Rule.objects.get(title__code="ldtt", valid_from=2013)
    old.valid_to = 2024
    with pytest.raises(ValidationError) as exc_info:
        services.rule_save(actor=None, rule=old)
    assert f"«{LDTT_2022}» (2024 – nay)" in errors(exc_info)["valid_from"][0]
    assert Rule.objects.get(pk=old.pk).valid_to == 2023


def test_a_version_before_the_first_one_is_saved_with_its_conditions_and_audited(world):
    board = world.users["board"]
    rule = new_rule("ldtt", 2005, 2012, name="  Tiêu chuẩn   Lao động tiên tiến (2005)  ")
    conditions = [
        Condition(kind=Kind.RATING, min_rating="tot", years=4, required_title=rf.title("cstdcs")),
        Condition(kind=Kind.NO_DISCIPLINE, discipline_level=2),
    ]
    saved = services.rule_save(actor=board, rule=rule, conditions=conditions)
    assert saved.name == "Tiêu chuẩn Lao động tiên tiến (2005)"
    stored = list(
        saved.conditions.order_by("order").values_list("order", "kind", "min_rating", "years", "required_title")
    )
    # The fields a rating condition does not read are cleared.
    assert stored == [(1, "rating", "tot", None, None), (2, "no_discipline", "", None, None)]
    assert LogEntry.objects.get_for_object(saved).get().actor == board


def test_saving_conditions_replaces_the_rules_conditions(world):
    rule = Rule.objects.get(title__code="cstdcs", valid_from=2024)
    keep = rule.conditions.get(kind=Kind.INITIATIVE)
    keep.initiative_level = "bo"
    added = Condition(kind=Kind.RATING, min_rating="xuat_sac")
    services.rule_save(actor=None, rule=rule, conditions=[added, keep])
    assert list(rule.conditions.order_by("order").values_list("pk", "kind", "initiative_level", "min_rating")) == [
        (added.pk, "rating", "", "xuat_sac"),
        (keep.pk, "initiative", "bo", ""),
    ]


def test_bad_rules_and_conditions_are_said_in_vietnamese_and_nothing_is_saved():
    with pytest.raises(ValidationError) as exc_info:
        services.rule_save(actor=None, rule=new_rule("bk-bo", 2016, 2015, name=" ", legal_basis=""))
    assert errors(exc_info) == {
        "name": ["Vui lòng nhập tên quy định."],
        "legal_basis": ["Vui lòng nhập căn cứ pháp lý (văn bản, điều, khoản)."],
        "valid_to": ["Năm kết thúc (2015) không được trước năm bắt đầu (2016)."],
    }
    with pytest.raises(ValidationError) as exc_info:
        services.rule_save(actor=None, rule=new_rule("bk-bo", 1900))
    assert errors(exc_info) == {"valid_from": ["Năm 1900 không hợp lệ: phải từ 1945 đến 2100."]}

    conditions = [
        Condition(kind=Kind.CONSECUTIVE, required_title=rf.title("cstdcs")),
        Condition(kind=Kind.MEMBER_SHARE, min_percent=Decimal("70")),
        Condition(kind=Kind.TITLE_SAME_YEAR, required_title=rf.title("ttldtt")),
        Condition(kind=Kind.CONSECUTIVE, required_title=rf.title("cstdcs"), years=1),
    ]
    with pytest.raises(ValidationError) as exc_info:
        services.rule_save(actor=None, rule=new_rule("bk-bo", 2016), conditions=conditions)
    assert exc_info.value.messages == [
        "Điều kiện 1: Điều kiện «Đạt liên tục một danh hiệu trong số năm liền kề» cần «số năm».",
        "Điều kiện 2: Điều kiện «Tỷ lệ thành viên đạt Lao động tiên tiến» chỉ dùng cho danh hiệu tập thể.",
        "Điều kiện 3: «Tập thể lao động tiên tiến» không cùng đối tượng (cá nhân hay tập thể) với «Bằng khen của Bộ "
        "trưởng Bộ Tư pháp».",
        "Điều kiện 4: Số năm liên tục phải từ 2 trở lên.",
    ]
    assert not Rule.objects.filter(title__code="bk-bo").exists()


def test_an_initiative_condition_does_not_fit_a_collective_title():
    problems = services.condition_errors(Condition(kind=Kind.INITIATIVE), title=rf.title("ttldtt"))
    assert problems == {
        "initiative_level": "Điều kiện «Có sáng kiến được công nhận» cần «phạm vi sáng kiến tối thiểu».",
        "kind": "Điều kiện «Có sáng kiến được công nhận» chỉ dùng cho danh hiệu cá nhân.",
    }


# rule_new_version ---------------------------------------------------------------------------------------------


def test_a_new_version_copies_the_rule_and_closes_the_old_one(world):
    board = world.users["board"]
    current = Rule.objects.get(title__code="cstd-bo", valid_from=2024)
    new = services.rule_new_version(actor=board, rule=current, valid_from=2025)
    current.refresh_from_db()
    assert (current.valid_from, current.valid_to, new.valid_from, new.valid_to) == (2024, 2024, 2025, None)
    assert (new.name, new.legal_basis, new.through_cluster, new.notes) == (
        current.name,
        current.legal_basis,
        current.through_cluster,
        current.notes,
    )

    def copy(rule):
        return list(rule.conditions.values_list("order", "kind", "required_title", "years", "initiative_level"))

    assert copy(new) == copy(current)
    assert set(new.conditions.values_list("pk", flat=True)).isdisjoint(current.conditions.values_list("pk", flat=True))
    assert LogEntry.objects.get_for_object(new).get().actor == board
    assert LogEntry.objects.get_for_object(current).get().changes_dict["valid_to"] == ["None", "2024"]


def test_a_new_version_of_a_closed_version_ends_where_it_ended():
    old = Rule.objects.get(title__code="ttldtt", valid_from=2013)
    new = services.rule_new_version(actor=None, rule=old, valid_from=2018)
    old.refresh_from_db()
    assert (old.valid_from, old.valid_to, new.valid_from, new.valid_to) == (2013, 2017, 2018, 2023)


def test_a_new_version_must_start_after_the_rule_and_within_its_period():
    old = Rule.objects.get(title__code="ttldtt", valid_from=2013)
    with pytest.raises(ValidationError) as exc_info:
        services.rule_new_version(actor=None, rule=old, valid_from=2013)
    assert errors(exc_info) == {
        "valid_from": [
            "Phiên bản mới phải bắt đầu sau năm 2013, năm bắt đầu áp dụng của quy định «Tiêu chuẩn danh hiệu Tập "
            "thể lao động tiên tiến (Luật Thi đua, khen thưởng 2003)»."
        ]
    }
    with pytest.raises(ValidationError) as exc_info:
        services.rule_new_version(actor=None, rule=old, valid_from=2025)
    assert errors(exc_info) == {
        "valid_from": [
            "Quy định «Tiêu chuẩn danh hiệu Tập thể lao động tiên tiến (Luật Thi đua, khen thưởng 2003)» chỉ áp dụng "
            "đến năm 2023; phiên bản mới từ năm 2025 không thay thế nó. Hãy chọn quy định đang áp dụng năm 2025."
        ]
    }
    with pytest.raises(ValidationError) as exc_info:
        services.rule_new_version(actor=None, rule=old, valid_from="2020")
    assert errors(exc_info) == {"valid_from": ["Năm phải là một số, ví dụ 2016."]}
    assert Rule.objects.filter(title__code="ttldtt").count() == 2
    assert Rule.objects.get(pk=old.pk).valid_to == 2023


def test_a_new_version_overlapping_another_is_refused_and_nothing_changes():
    # Periods made to overlap outside the services (an old import): the new version must not add to it.
    title = rf.title("bk-bo")
    wide = Rule.objects.create(title=title, name="Rộng", legal_basis="Điều 74", valid_from=2013, valid_to=2019)
    Rule.objects.create(title=title, name="Hẹp", legal_basis="Điều 74", valid_from=2016, valid_to=2018)
    with pytest.raises(ValidationError) as exc_info:
        services.rule_new_version(actor=None, rule=wide, valid_from=2017)
    assert "«Hẹp» (2016–2018)" in errors(exc_info)["valid_from"][0]
    assert Rule.objects.get(pk=wide.pk).valid_to == 2019
    assert Rule.objects.filter(title=title).count() == 2


# Quotas ----------------------------------------------------------------------------------------------------------


def test_quota_periods_do_not_overlap_either():
    quota = Quota(
        title=rf.title("co-cp"), base_title=rf.title("co-bo"), percent=Decimal("15"), legal_basis="x", valid_from=2030
    )
    with pytest.raises(ValidationError) as exc_info:
        services.quota_save(actor=None, quota=quota)
    assert errors(exc_info) == {
        "valid_from": [
            "Thời gian áp dụng trùng với chỉ tiêu 2024 – nay của «Cờ thi đua của Chính phủ»: mỗi năm chỉ có một chỉ "
            "tiêu cho một danh hiệu."
        ]
    }
    quota.percent = Decimal("120")
    quota.legal_basis = ""
    with pytest.raises(ValidationError) as exc_info:
        services.quota_save(actor=None, quota=quota)
    assert set(errors(exc_info)) == {"percent", "legal_basis"}

    current = Quota.objects.get(valid_from=2024)
    current.valid_to = 2029
    services.quota_save(actor=None, quota=current)
    quota.percent, quota.legal_basis = Decimal("15"), "Nghị định 152/2025/NĐ-CP"
    services.quota_save(actor=None, quota=quota)
    assert list(Quota.objects.order_by("valid_from").values_list("valid_from", "valid_to", "percent")) == [
        (2013, 2023, Decimal("20.00")),
        (2024, 2029, Decimal("20.00")),
        (2030, None, Decimal("15.00")),
    ]


# The collective's own rating ---------------------------------------------------------------------------------------


def test_unit_evaluation_set_creates_changes_and_keeps_the_units_name(world):
    board = world.users["board"]
    evaluation = unit_evaluation_set(actor=board, unit=world.vu_a, year=2016, rating="tot")
    assert (evaluation.unit_name, evaluation.rating, evaluation.updated_by) == (world.vu_a.name, "tot", board)
    again = unit_evaluation_set(actor=board, unit=world.vu_a, year=2016, rating="xuat_sac")
    assert again.pk == evaluation.pk
    assert UnitEvaluation.objects.get(pk=evaluation.pk).rating == "xuat_sac"
    unit_evaluation_set(actor=board, unit=world.vu_a, year=2016, rating="xuat_sac")
    entries = LogEntry.objects.get_for_object(evaluation).order_by("pk")
    assert [(e.action, e.actor) for e in entries] == [
        (LogEntry.Action.CREATE, board),
        (LogEntry.Action.UPDATE, board),
    ]


def test_unit_evaluation_set_refuses_bad_input(world):
    with pytest.raises(ValidationError) as exc_info:
        unit_evaluation_set(actor=None, unit=world.vu_a, year=1900, rating="gioi")
    assert errors(exc_info) == {
        "rating": ["Xếp loại «gioi» không hợp lệ."],
        "year": [exc_info.value.message_dict["year"][0]],
    }
    assert exc_info.value.message_dict["year"][0].startswith("Năm 1900 không hợp lệ: phải từ 1945 đến ")
    assert not UnitEvaluation.objects.exists()


def test_the_rating_of_the_unit_is_what_the_collective_rule_reads(world):
    unit = rf.team("Phòng Kiểm tra văn bản", 2016, advanced=3)
    rf.unit_rated(unit, 2016, PersonEvaluation.Rating.COMPLETED)
    assert check(unit=unit, title=rf.title("ttldtt"), year=2016).failed[0].text == (
        "Xếp loại tập thể năm 2016: Hoàn thành nhiệm vụ, chưa đạt mức từ «Hoàn thành tốt nhiệm vụ» trở lên"
    )
