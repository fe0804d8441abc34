"""The registration dashboard pages: figures as shown (75,0 %), scope per user, the xlsx export, query counts."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from campaigns.services import registrations as services
from tests import factories
from thidua.org.models import Person

from .fixtures_dashboard import local_cache_fixture  # noqa: F401
from .fixtures_imports import YEAR, add_people, figures, read_xlsx, register, text  # noqa: F401

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("local_cache")]

DASHBOARD = reverse("dashboard_registrations")
NOT_REGISTERED = reverse("dashboard_not_registered")
EXPORT = reverse("dashboard_export")


def login(client, world, username):
    client.force_login(world.users[username])
    return world.users[username]


def get(client, url, **params):
    params.setdefault("year", YEAR)
    return client.get(url, params)


def test_the_board_reads_the_figures_vietnamese_style(client, figures):  # noqa: F811
    login(client, figures, "board")

    response = get(client, DASHBOARD)

    assert response.status_code == 200
    page = text(response)
    assert "Tỷ lệ đăng ký thi đua năm 2016" in page
    assert "trên bản đăng ký đã gửi hoặc đã duyệt" in page  # the method is stated
    assert "Toàn Bộ Cá nhân đang công tác 10 Đã đăng ký 4 Chưa đăng ký 6 Tỷ lệ đăng ký 40,0 %" in page
    assert "Cụm thi đua số I 2 6 3 50,0 %" in page
    assert "Vụ Pháp luật dân sự - kinh tế 4 3 1 75,0 % Đã gửi Tập thể lao động xuất sắc" in page
    assert "Vụ Tổ chức cán bộ 2 0 2 0,0 % Đang soạn —" in page
    assert "Cục THADS tỉnh Yên Bái 1 1 0 100,0 % Đã duyệt —" in page
    assert "Lao động tiên tiến 4 1" in page
    assert f"{reverse('dashboard_not_registered')}?year=2016&amp;unit={figures.vu_a.pk}" in response.content.decode()


def test_unit_staff_see_only_their_units(client, figures):  # noqa: F811
    login(client, figures, "staff_a")

    page = text(get(client, DASHBOARD))

    assert "Các đơn vị của bạn Cá nhân đang công tác 4 Đã đăng ký 3 Chưa đăng ký 1 Tỷ lệ đăng ký 75,0 %" in page
    assert "Vụ Pháp luật dân sự - kinh tế 4 3 1 75,0 %" in page
    assert "Vụ Tổ chức cán bộ" not in page
    assert "Cục THADS" not in page


def test_the_not_registered_list_filters_by_unit_within_the_users_scope(client, figures):  # noqa: F811
    login(client, figures, "staff_a")

    page = text(get(client, NOT_REGISTERED))
    assert "1 cá nhân chưa đăng ký" in page
    assert "Cán bộ Số 002" in page
    assert get(client, NOT_REGISTERED, unit=figures.vu_a.pk).status_code == 200
    # Another unit's people: not found for this user.
    assert get(client, NOT_REGISTERED, unit=figures.vu_b.pk).status_code == 404
    assert get(client, NOT_REGISTERED, unit=figures.other.pk).status_code == 404

    login(client, figures, "board")
    page = text(get(client, NOT_REGISTERED, unit=figures.vu_b.pk))
    assert "2 cá nhân chưa đăng ký" in page
    assert "Có đăng ký trên bản chưa gửi" in page


def test_the_export_has_every_table(client, figures):  # noqa: F811
    login(client, figures, "board")

    response = get(client, EXPORT)

    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="ty-le-dang-ky-thi-dua-2016.xlsx"'
    sheets = read_xlsx(response.content)
    assert list(sheets) == ["Tổng hợp", "Theo đơn vị", "Theo danh hiệu", "Chưa đăng ký"]
    summary = sheets["Tổng hợp"]
    assert summary[0] == ("Tỷ lệ đăng ký thi đua năm 2016", None, None, None, None)
    assert summary[3] == ("Phạm vi", "Cá nhân đang công tác", "Đã đăng ký", "Chưa đăng ký", "Tỷ lệ đăng ký")
    assert summary[4] == ("Toàn Bộ", 10, 4, 6, 0.4)
    assert summary[5] == ("Cụm thi đua số I", 6, 3, 3, 0.5)
    units = sheets["Theo đơn vị"]
    assert units[0] == (
        "Đơn vị",
        "Mã đơn vị",
        "Cá nhân đang công tác",
        "Đã đăng ký",
        "Chưa đăng ký",
        "Tỷ lệ đăng ký",
        "Bản đăng ký",
        "Danh hiệu tập thể",
    )
    assert (
        "Vụ Pháp luật dân sự - kinh tế",
        figures.vu_a.pk,
        4,
        3,
        1,
        0.75,
        "Đã gửi",
        "Tập thể lao động xuất sắc",
    ) in units
    assert ("Bộ Tư pháp", figures.ministry.pk, 1, 0, 1, 0.0, "Chưa lập", None) in units
    assert sheets["Theo danh hiệu"][1] == ("Lao động tiên tiến", "Cá nhân", 4, 1)
    missing = sheets["Chưa đăng ký"]
    assert missing[0] == ("STT", "Họ và tên", "Mã cá nhân", "Đơn vị", "Chức vụ", "Ghi chú")
    assert len(missing) == 7
    assert [row[0] for row in missing[1:]] == [1, 2, 3, 4, 5, 6]

    # Unit staff export only what they see.
    login(client, figures, "staff_a")
    sheets = read_xlsx(get(client, EXPORT).content)
    assert sheets["Tổng hợp"][4] == ("Các đơn vị của bạn", 4, 3, 1, 0.75)
    assert [row[0] for row in sheets["Theo đơn vị"][1:]] == ["Vụ Pháp luật dân sự - kinh tế"]


def test_users_without_a_unit_see_nothing_and_anonymous_users_log_in(client, world):
    factories.user("no-role")
    client.force_login(factories.user("lonely"))
    page = text(get(client, DASHBOARD))
    assert "Cá nhân đang công tác 0 Đã đăng ký 0 Chưa đăng ký 0 Tỷ lệ đăng ký —" in page
    client.logout()
    for url in (DASHBOARD, NOT_REGISTERED, EXPORT):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))


def test_a_bad_year_is_not_found(client, world):
    login(client, world, "board")
    assert client.get(DASHBOARD, {"year": 3000}).status_code == 404


# --- Query counts: the same with 1 unit, person and registration as with many ---------------------------------


def _count(client, url, **params) -> tuple[int, int]:
    """Queries of the page with the aggregates computed (cold cache), then read from the cache."""
    counts = []
    for _attempt in ("cold", "warm"):
        if _attempt == "cold":
            get(client, url, **params)  # session, user: as for any page
            cache.clear()
        with CaptureQueriesContext(connection) as captured:
            response = get(client, url, **params)
        assert response.status_code == 200
        counts.append(len(captured))
    return tuple(counts)


def _grow(world, titles):
    """Many more units, people, registrations (sent and draft) and a second cluster term."""
    units = [factories.unit(f"Vụ Mô Phỏng {i:02d}", parent=world.ministry) for i in range(12)]
    for i, unit in enumerate(units):
        people = add_people(unit, 6)
        register(
            unit, people[: 2 + i % 4], titles.ldtt, status="submitted" if i % 2 else "draft", collective=titles.ttldtt
        )
    factories.term("Cụm thi đua số II", YEAR, units[:6], leader=units[0])
    factories.term("Cụm thi đua số III", YEAR, units[6:], leader=units[6])


@pytest.mark.parametrize(
    "url, params",
    [(DASHBOARD, {}), (DASHBOARD, {"sort": "rate", "page": 2}), (NOT_REGISTERED, {}), (EXPORT, {})],
)
def test_pages_take_the_same_number_of_queries_with_one_or_many_rows(client, world, titles, url, params):
    register(world.vu_a, Person.objects.filter(unit=world.vu_a), titles.ldtt, status="submitted")
    login(client, world, "board")
    one = _count(client, url, **params)

    _grow(world, titles)
    many = _count(client, url, **params)

    assert one == many


def test_unit_staff_pages_take_the_same_number_of_queries_too(client, world, titles):
    register(world.cuc, Person.objects.filter(unit=world.cuc), titles.ldtt, status="submitted")
    login(client, world, "staff_cuc")
    one = [_count(client, url) for url in (DASHBOARD, NOT_REGISTERED, EXPORT)]

    for i in range(5):
        unit = factories.unit(f"Chi cục THADS số {i}", parent=world.cuc)
        register(unit, add_people(unit, 4)[:3], titles.ldtt, status="submitted")
    many = [_count(client, url) for url in (DASHBOARD, NOT_REGISTERED, EXPORT)]

    assert one == many


def test_any_change_shows_at_once_despite_the_cache(client, figures, titles):  # noqa: F811
    login(client, figures, "board")
    assert "Vụ Tổ chức cán bộ 2 0 2 0,0 % Đang soạn —" in text(get(client, DASHBOARD))
    assert "2 cá nhân chưa đăng ký" in text(get(client, NOT_REGISTERED, unit=figures.vu_b.pk))

    sheet = services.sheet_get_or_create(actor=None, unit=figures.vu_b, year=YEAR)
    services.sheet_submit(actor=None, sheet=sheet)

    page = text(get(client, DASHBOARD))
    assert "Vụ Tổ chức cán bộ 2 1 1 50,0 % Đã gửi —" in page
    assert "Cụm thi đua số I 2 6 4 66,7 %" in page
    assert "1 cá nhân chưa đăng ký" in text(get(client, NOT_REGISTERED, unit=figures.vu_b.pk))

    # A newcomer counts at once.
    factories.person(figures.vu_b, "Người Mới Đến")
    assert "Vụ Tổ chức cán bộ 3 1 2 33,3 % Đã gửi —" in text(get(client, DASHBOARD))
