"""The catalogue of titles: the defaults loaded by the migration, and the board's admin to edit it."""

import pytest
from auditlog.models import LogEntry
from django.urls import reverse

from tests import factories
from thidua.org.models import Role
from thidua.titles.models import Title

pytestmark = pytest.mark.django_db


def chain(name: str) -> list[tuple[int, str, str]]:
    return list(
        Title.objects.filter(chain=name).order_by("order_in_chain").values_list("order_in_chain", "short_name", "name")
    )


def test_the_individual_chain_is_loaded_lowest_first():
    assert chain("ca_nhan") == [
        (1, "LĐTT", "Lao động tiên tiến"),
        (2, "CSTĐCS", "Chiến sĩ thi đua cơ sở"),
        (3, "CSTĐ cấp Bộ", "Chiến sĩ thi đua cấp Bộ, ngành"),
        (4, "CSTĐTQ", "Chiến sĩ thi đua toàn quốc"),
    ]
    assert set(Title.objects.filter(chain="ca_nhan").values_list("subject", "category")) == {
        (Title.Subject.INDIVIDUAL, Title.Category.EMULATION)
    }


def test_the_collective_chain_is_loaded_lowest_first():
    assert chain("tap_the") == [
        (1, "TTLĐTT", "Tập thể lao động tiên tiến"),
        (2, "TTLĐXS", "Tập thể lao động xuất sắc"),
        (3, "Cờ thi đua ngành", "Cờ thi đua của Bộ Tư pháp (Cờ thi đua ngành Tư pháp)"),
        (4, "Cờ thi đua Chính phủ", "Cờ thi đua của Chính phủ"),
    ]
    assert list(Title.objects.filter(chain="tap_the").values_list("level", flat=True).order_by("order_in_chain")) == [
        Title.Level.UNIT,
        Title.Level.UNIT,
        Title.Level.MINISTRY,
        Title.Level.GOVERNMENT,
    ]


def test_forms_of_commendation_are_outside_the_chains():
    commendations = Title.objects.filter(category=Title.Category.COMMENDATION)
    assert commendations.count() == 14
    assert not commendations.exclude(chain="").exists()
    assert not commendations.filter(order_in_chain__isnull=False).exists()


@pytest.fixture
def board(client):
    client.force_login(factories.user("board", role=Role.BOARD))
    return client


def names(response) -> list[str]:
    return [title.name for title in response.context["cl"].result_list]


def test_the_board_searches_titles_without_diacritics_and_filters_them(board):
    url = reverse("admin:titles_title_changelist")
    assert names(board.get(url, {"q": "chien si thi dua"})) == [
        "Chiến sĩ thi đua cơ sở",
        "Chiến sĩ thi đua cấp Bộ, ngành",
        "Chiến sĩ thi đua toàn quốc",
    ]
    assert names(board.get(url, {"q": "co thi dua cua"})) == [
        "Cờ thi đua của Bộ Tư pháp (Cờ thi đua ngành Tư pháp)",
        "Cờ thi đua của Chính phủ",
    ]
    assert names(board.get(url, {"subject__exact": "tap_the", "category__exact": "danh_hieu"})) == [
        "Tập thể lao động tiên tiến",
        "Tập thể lao động xuất sắc",
        "Cờ thi đua của Bộ Tư pháp (Cờ thi đua ngành Tư pháp)",
        "Cờ thi đua của Chính phủ",
    ]
    assert names(board.get(url, {"level__exact": "nha_nuoc", "subject__exact": "tap_the"})) == [
        "Huân chương Lao động hạng Ba cho tập thể",
        "Huân chương Lao động hạng Nhất cho tập thể",
        "Huân chương Lao động hạng Nhì cho tập thể",
    ]


def _title_data(title: Title, **changes) -> dict:
    data = {
        "code": title.code,
        "name": title.name,
        "short_name": title.short_name,
        "subject": title.subject,
        "category": title.category,
        "level": title.level,
        "chain": title.chain,
        "order_in_chain": "" if title.order_in_chain is None else str(title.order_in_chain),
        "description": title.description,
    }
    if title.is_active:
        data["is_active"] = "on"
    data.update(changes)
    return data


def test_the_board_edits_a_title_and_the_change_is_audited(board):
    title = Title.objects.get(code="ldtt")
    url = reverse("admin:titles_title_change", args=[title.pk])
    response = board.post(url, _title_data(title, description="Hoàn thành tốt nhiệm vụ trở lên."))
    assert response.status_code == 302
    title.refresh_from_db()
    assert title.description == "Hoàn thành tốt nhiệm vụ trở lên."
    entry = LogEntry.objects.get_for_object(title).get()
    assert entry.actor.username == "board"
    assert entry.changes_dict["description"] == ["", "Hoàn thành tốt nhiệm vụ trở lên."]


def test_the_chain_rules_are_said_in_vietnamese(board):
    title = Title.objects.get(code="cstd-tq")
    url = reverse("admin:titles_title_change", args=[title.pk])
    response = board.post(url, _title_data(title, order_in_chain="2"))
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["order_in_chain"] == [
        "Chuỗi «ca_nhan» đã có «Chiến sĩ thi đua cơ sở» ở thứ tự 2."
    ]
    response = board.post(url, _title_data(title, order_in_chain=""))
    assert response.context["adminform"].form.errors["order_in_chain"] == [
        "Danh hiệu thuộc một chuỗi phải có thứ tự trong chuỗi."
    ]
    title.refresh_from_db()
    assert title.order_in_chain == 4


def test_a_non_board_user_cannot_open_the_catalogue_admin(client, world):
    client.force_login(world.users["staff_a"])
    response = client.get(reverse("admin:titles_title_changelist"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))
