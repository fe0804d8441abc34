"""The board's admin for rules (with their conditions), quotas and the collectives' own ratings: pages load,
filters and search work, overlaps are refused on the form, and the new-version action makes a version."""

import pytest
from django.urls import reverse

from awards.models import Condition, Quota, Rule
from campaigns.models import UnitEvaluation
from tests.awards import rules_factories as rf

pytestmark = pytest.mark.django_db

CHANGELIST = "admin:awards_rule_changelist"
LDTT_2003 = "Tiêu chuẩn danh hiệu Lao động tiên tiến (Luật Thi đua, khen thưởng 2003)"


@pytest.fixture
def board(client, world):
    client.force_login(world.users["board"])
    return client


def names(response) -> list[str]:
    return [str(obj) for obj in response.context["cl"].result_list]


def management(prefix: str = "conditions", total: int = 0, initial: int = 0) -> dict:
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def condition_row(n: int, **fields) -> dict:
    row = {
        "order": str(n + 1),
        "kind": "",
        "required_title": "",
        "years": "",
        "initiative_level": "",
        "min_rating": "",
        "min_percent": "",
        "discipline_level": "",
        "legal_basis": "",
    }
    row.update({k: str(v) for k, v in fields.items()})
    return {f"conditions-{n}-{k}": v for k, v in row.items()}


def rule_data(code: str, valid_from: int, valid_to: int | None = None, **fields) -> dict:
    data = {
        "title": str(rf.title(code).pk),
        "name": "Tiêu chuẩn Bằng khen của Bộ trưởng",
        "legal_basis": "Điều 74 Luật Thi đua, khen thưởng số 06/2022/QH15",
        "valid_from": str(valid_from),
        "valid_to": "" if valid_to is None else str(valid_to),
        "notes": "",
    }
    data.update(fields)
    return data


def test_the_rule_list_filters_by_title_and_year_and_searches_without_diacritics(board):
    url = reverse(CHANGELIST)
    response = board.get(url)
    assert response.status_code == 200
    assert len(response.context["cl"].result_list) == 16
    assert names(board.get(url, {"q": "lao dong tien tien"})) == [
        "Tiêu chuẩn danh hiệu Lao động tiên tiến (Luật Thi đua, khen thưởng 2022) (2024–…)",
        f"{LDTT_2003} (2013–2023)",
        "Tiêu chuẩn danh hiệu Tập thể lao động tiên tiến (Luật Thi đua, khen thưởng 2022) (2024–…)",
        "Tiêu chuẩn danh hiệu Tập thể lao động tiên tiến (Luật Thi đua, khen thưởng 2003) (2013–2023)",
    ]
    in_2016 = board.get(url, {"ap_dung_nam": "2016"}).context["cl"].result_list
    assert {rule.valid_from for rule in in_2016} == {2013}
    assert len(in_2016) == 8
    by_title = board.get(url, {"title__id__exact": rf.title("co-cp").pk}).context["cl"].result_list
    assert [(r.valid_from, r.n_conditions) for r in by_title] == [(2024, 2), (2013, 2)]


def test_the_rule_page_shows_its_conditions_with_their_help(board):
    rule = Rule.objects.get(title__code="ttldtt", valid_from=2013)
    response = board.get(reverse("admin:awards_rule_change", args=[rule.pk]))
    assert response.status_code == 200
    formset = response.context["inline_admin_formsets"][0].formset
    assert [form.instance.kind for form in formset.forms] == ["rating", "member_share", "no_discipline"]
    assert "Dùng cho: tỷ lệ thành viên đạt Lao động tiên tiến" in response.content.decode()


def test_an_overlapping_rule_is_refused_on_the_form(board):
    data = {**rule_data("ldtt", 2020, 2022), **management()}
    response = board.post(reverse("admin:awards_rule_add"), data)
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["valid_from"] == [
        f"Thời gian áp dụng trùng với quy định «{LDTT_2003}» (2013–2023) của «Lao động tiên tiến»: mỗi năm chỉ có "
        "một quy định cho một danh hiệu. Hãy sửa năm áp dụng, hoặc tạo phiên bản mới từ quy định đó."
    ]
    assert Rule.objects.filter(title__code="ldtt").count() == 2


def test_a_rule_is_added_with_its_conditions_and_unused_fields_are_cleared(board):
    data = {
        **rule_data("bk-bo", 2016),
        **management(total=2),
        **condition_row(0, kind="title_same_year", required_title=rf.title("ldtt").pk, years=3),
        **condition_row(1, kind="initiative", initiative_level="co_so", years=2),
    }
    response = board.post(reverse("admin:awards_rule_add"), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    rule = Rule.objects.get(title__code="bk-bo")
    assert list(rule.conditions.values_list("kind", "required_title__code", "years", "initiative_level")) == [
        ("title_same_year", "ldtt", None, ""),
        ("initiative", None, 2, "co_so"),
    ]


def test_a_condition_missing_what_its_kind_needs_is_refused_in_vietnamese(board):
    data = {
        **rule_data("bk-bo", 2016),
        **management(total=2),
        **condition_row(0, kind="consecutive", required_title=rf.title("cstdcs").pk),
        **condition_row(1, kind="member_share", min_percent="70"),
    }
    response = board.post(reverse("admin:awards_rule_add"), data)
    assert response.status_code == 200
    forms = response.context["inline_admin_formsets"][0].formset.forms
    assert forms[0].errors == {"years": ["Điều kiện «Đạt liên tục một danh hiệu trong số năm liền kề» cần «số năm»."]}
    assert forms[1].errors == {
        "kind": ["Điều kiện «Tỷ lệ thành viên đạt Lao động tiên tiến» chỉ dùng cho danh hiệu tập thể."]
    }
    assert not Rule.objects.filter(title__code="bk-bo").exists()


def test_a_rule_is_changed_through_the_service(board, world):
    rule = Rule.objects.get(title__code="co-bo", valid_from=2024)
    condition = rule.conditions.get()
    data = {
        **rule_data("co-bo", 2024, name=rule.name, legal_basis="Điều 26 Luật 06/2022/QH15 (sửa)", through_cluster="on"),
        **management(total=1, initial=1),
        **condition_row(0, id=condition.pk, rule=rule.pk, kind="cluster_vote", required_title=rf.title("co-bo").pk),
    }
    response = board.post(reverse("admin:awards_rule_change", args=[rule.pk]), data)
    assert response.status_code == 302
    rule.refresh_from_db()
    assert (rule.legal_basis, rule.through_cluster) == ("Điều 26 Luật 06/2022/QH15 (sửa)", True)


def _action(client, rules, **extra):
    data = {"action": "new_version", "_selected_action": [str(r.pk) for r in rules], **extra}
    return client.post(reverse(CHANGELIST), data)


def test_the_new_version_action_asks_for_the_year_then_makes_the_version(board):
    current = Rule.objects.get(title__code="cstd-bo", valid_from=2024)
    page = _action(board, [current])
    assert page.status_code == 200
    assert page.context["title"] == "Tạo phiên bản mới của quy định"
    assert "Áp dụng từ năm" in page.content.decode()
    assert Rule.objects.filter(title__code="cstd-bo").count() == 2

    response = _action(board, [current], apply="1", valid_from="2025")
    new = Rule.objects.get(title__code="cstd-bo", valid_from=2025)
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:awards_rule_change", args=[new.pk])
    current.refresh_from_db()
    assert current.valid_to == 2024
    assert new.conditions.count() == 2


def test_the_new_version_action_refuses_a_bad_year_and_changes_nothing(board):
    rules = list(Rule.objects.filter(title__code__in=["ldtt", "cstdcs"], valid_from=2024).order_by("title__name"))
    old = Rule.objects.get(title__code="ldtt", valid_from=2013)
    response = _action(board, [*rules, old], apply="1", valid_from="2025")
    assert response.status_code == 200
    assert response.context["problems"] == [
        f"{LDTT_2003} (2013–2023): Quy định «{LDTT_2003}» chỉ áp dụng đến năm 2023; phiên bản mới từ năm 2025 không "
        "thay thế nó. Hãy chọn quy định đang áp dụng năm 2025."
    ]
    assert not Rule.objects.filter(valid_from=2025).exists()
    assert {r.valid_to for r in Rule.objects.filter(pk__in=[r.pk for r in rules])} == {None}

    response = _action(board, rules, apply="1", valid_from="")
    assert response.status_code == 200
    assert response.context["form"].errors == {"valid_from": ["Trường này là bắt buộc."]}


def test_the_new_version_action_on_several_rules(board):
    rules = list(Rule.objects.filter(valid_from=2024))
    response = _action(board, rules, apply="1", valid_from="2025")
    assert response.status_code == 302
    assert Rule.objects.filter(valid_from=2025).count() == 8
    assert not Rule.objects.filter(valid_from=2024, valid_to__isnull=True).exists()


def test_quota_pages_and_an_overlapping_quota(board):
    assert board.get(reverse("admin:awards_quota_changelist")).status_code == 200
    quota = Quota.objects.get(valid_from=2024)
    assert board.get(reverse("admin:awards_quota_change", args=[quota.pk])).status_code == 200
    data = {
        "title": rf.title("co-cp").pk,
        "percent": "15",
        "base_title": rf.title("co-bo").pk,
        "legal_basis": "Nghị định 152/2025/NĐ-CP",
        "valid_from": "2025",
        "valid_to": "",
    }
    response = board.post(reverse("admin:awards_quota_add"), data)
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["valid_from"] == [
        "Thời gian áp dụng trùng với chỉ tiêu 2024 – nay của «Cờ thi đua của Chính phủ»: mỗi năm chỉ có một chỉ "
        "tiêu cho một danh hiệu."
    ]
    assert Quota.objects.count() == 2


def test_the_board_enters_a_collectives_rating_in_the_admin(board, world):
    assert board.get(reverse("admin:campaigns_unitevaluation_changelist")).status_code == 200
    response = board.post(
        reverse("admin:campaigns_unitevaluation_add"), {"unit": world.cuc.pk, "year": "2016", "rating": "xuat_sac"}
    )
    assert response.status_code == 302
    evaluation = UnitEvaluation.objects.get()
    assert (evaluation.unit, evaluation.unit_name, evaluation.rating, evaluation.updated_by) == (
        world.cuc,
        world.cuc.name,
        "xuat_sac",
        world.users["board"],
    )
    response = board.post(
        reverse("admin:campaigns_unitevaluation_add"), {"unit": world.cuc.pk, "year": "1800", "rating": "tot"}
    )
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["year"]


def test_only_the_board_opens_the_rules_admin(client, world):
    client.force_login(world.users["staff_a"])
    response = client.get(reverse(CHANGELIST))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))
    assert Condition.objects.exists()
