"""The award history's portal pages: the search (with and without diacritics), filters, scope, export, a person's
and a unit's pages, adding and removing an award, the import pages; permissions and query counts of each."""

import datetime
import html
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, path, reverse

from awards.models import Award
from awards.selectors import history as selectors
from tests import factories
from tests.awards import history_factories as hf
from thidua import urls as site_urls

pytestmark = pytest.mark.django_db

VU_A = "Vụ Pháp luật dân sự - kinh tế"
VU_B = "Vụ Tổ chức cán bộ"
CUC = "Cục THADS tỉnh Yên Bái"
CHI_CUC = "Chi cục THADS huyện Văn Yên"
OFFICE = "Phòng Thi đua - Khen thưởng"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _fake_decision(request, pk):  # pragma: no cover - only reversed
    raise AssertionError


# A site with a decision page, for the link (the decisions' own pages may not exist yet).
urlpatterns = [*site_urls.urlpatterns, path("test-decisions/<int:pk>/", _fake_decision, name="decision_detail")]


def text(response) -> str:
    page = response.content.decode()
    page = re.sub(r"<(script|style|select)\b.*?</\1>", " ", page, flags=re.S)
    page = re.sub(r"<[^>]+>", " ", page)
    return " ".join(html.unescape(page).split())


def login(client, world, username):
    client.force_login(world.users[username])
    return world.users[username]


def listed(response) -> list[tuple]:
    return [(a.year, a.recipient_name, a.title.code) for a in response.context["page"]]


def queries(client, url, params=None) -> int:
    client.get(url, params or {})  # warm what lives for the process (content types, ...)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, params or {})
    assert response.status_code == 200
    return len(captured)


@pytest.fixture
def history(world):
    """Awards of people and collectives across the tree, some with a decision's reference."""
    an = factories.person(world.vu_a, "Nguyễn Văn An")
    duong = factories.person(world.vu_b, "Đặng Thị Đường")
    office = factories.unit(OFFICE, parent=world.cuc)
    tu = factories.person(office, "Lê Văn Tú")
    hf.award(person=an, code="ldtt", year=2014)
    hf.award(
        person=an,
        code="cstdcs",
        year=2015,
        decision_number="12/QĐ-BTP",
        decision_date=datetime.date(2016, 1, 10),
        decision_issuer="Bộ Tư pháp",
        notes="Sổ năm 2015",
    )
    hf.award(person=duong, code="ldtt", year=2015)
    hf.award(unit=world.vu_a, code="ttldxs", year=2015)
    hf.award(unit=office, code="ttldtt", year=2016)
    hf.award(person=tu, code="ldtt", year=2016)
    hf.award(unit=world.chi_cuc, code="ttldtt", year=2015)
    return {"an": an, "duong": duong, "office": office, "tu": tu}


ALL = [
    (2016, "Lê Văn Tú", "ldtt"),
    (2016, OFFICE, "ttldtt"),
    (2015, CHI_CUC, "ttldtt"),
    (2015, "Đặng Thị Đường", "ldtt"),
    (2015, "Nguyễn Văn An", "cstdcs"),
    (2015, VU_A, "ttldxs"),
    (2014, "Nguyễn Văn An", "ldtt"),
]


# The list ------------------------------------------------------------------------------------------------------


def test_the_board_and_viewers_see_every_award_in_vietnamese_order(client, world, history):
    for username in ("board", "viewer"):
        login(client, world, username)
        response = client.get(reverse("award_history"))
        assert response.status_code == 200
        assert listed(response) == ALL
    assert "7 khen thưởng" in text(response)


def test_unit_staff_see_their_units_and_their_people_only(client, world, history):
    login(client, world, "staff_a")
    assert listed(client.get(reverse("award_history"))) == [
        (2015, "Nguyễn Văn An", "cstdcs"),
        (2015, VU_A, "ttldxs"),
        (2014, "Nguyễn Văn An", "ldtt"),
    ]
    login(client, world, "staff_cuc")
    assert listed(client.get(reverse("award_history"))) == [
        (2016, "Lê Văn Tú", "ldtt"),
        (2016, OFFICE, "ttldtt"),
        (2015, CHI_CUC, "ttldtt"),
    ]
    login(client, world, "staff_other")
    response = client.get(reverse("award_history"))
    assert listed(response) == []
    assert "Sổ theo dõi khen thưởng chưa có khen thưởng nào." in text(response)


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("Nguyen Van", [(2015, "Nguyễn Văn An", "cstdcs"), (2014, "Nguyễn Văn An", "ldtt")]),
        ("NGUYỄN  văn an", [(2015, "Nguyễn Văn An", "cstdcs"), (2014, "Nguyễn Văn An", "ldtt")]),
        ("duong", [(2015, "Đặng Thị Đường", "ldtt")]),
        ("dang thi", [(2015, "Đặng Thị Đường", "ldtt")]),
        # The unit's name as it was: the office's own title and the title of a person working there.
        ("thi dua", [(2016, "Lê Văn Tú", "ldtt"), (2016, OFFICE, "ttldtt")]),
        ("yen bai", [(2016, OFFICE, "ttldtt"), (2015, CHI_CUC, "ttldtt")]),
        ("%", []),
    ],
)
def test_the_search_ignores_diacritics_on_names_and_units(client, world, history, q, expected):
    login(client, world, "board")
    response = client.get(reverse("award_history"), {"q": q})
    assert listed(response) == expected


@pytest.mark.postgres
def test_the_search_ignores_diacritics_on_postgresql(client, world, history):
    assert connection.vendor == "postgresql"
    login(client, world, "board")
    assert listed(client.get(reverse("award_history"), {"q": "đuong"})) == [(2015, "Đặng Thị Đường", "ldtt")]
    assert listed(client.get(reverse("award_history"), {"q": "thi dua"})) == ALL[:2]


def test_the_filters_narrow_the_list(client, world, history):
    login(client, world, "board")
    url = reverse("award_history")
    assert listed(client.get(url, {"year": 2015})) == ALL[2:6]
    assert listed(client.get(url, {"title": hf.title("ldtt").pk})) == [ALL[0], ALL[3], ALL[6]]
    assert listed(client.get(url, {"subject": "tap_the"})) == [ALL[1], ALL[2], ALL[5]]
    assert listed(client.get(url, {"subject": "ca_nhan", "year": 2016})) == [ALL[0]]
    # A unit with its sub-units and the people working there.
    assert listed(client.get(url, {"unit": world.cuc.pk})) == [ALL[0], ALL[1], ALL[2]]
    assert listed(client.get(url, {"unit": world.vu_b.pk, "q": "dang"})) == [ALL[3]]
    # Junk is ignored.
    assert listed(client.get(url, {"year": "abc", "title": "-1", "subject": "x", "unit": ""})) == ALL
    assert listed(client.get(url, {"year": "²", "title": "9" * 30, "unit": "9" * 30})) == ALL
    content = client.get(url, {"year": 2015}).content.decode()
    assert '<option value="2015" selected>2015</option>' in content


def test_a_unit_the_user_may_not_see_cannot_be_a_filter(client, world, history):
    login(client, world, "staff_a")
    assert client.get(reverse("award_history"), {"unit": world.vu_b.pk}).status_code == 404
    assert client.get(reverse("award_history_export"), {"unit": world.vu_b.pk}).status_code == 404


def test_the_list_needs_a_login(client, world):
    response = client.get(reverse("award_history"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_the_list_queries_do_not_grow_with_rows(client, world):
    login(client, world, "board")
    url = reverse("award_history")
    hf.award(unit=world.other, code="ttldtt", year=2010)
    one = queries(client, url)
    for i in range(25):
        hf.award(person=factories.person(world.other, f"Cán Bộ {i:02d}"), code="ldtt", year=2011 + i % 5)
    hf.decided_award(unit=world.vu_a, year=2016)
    assert client.get(url).context["page"].paginator.count == 27
    assert queries(client, url) == one
    login(client, world, "staff_other")  # scoped by the user's units: the same again
    scoped_one = queries(client, url, {"year": 2010})
    assert queries(client, url) == scoped_one


# The export ----------------------------------------------------------------------------------------------------


def test_the_export_is_the_filtered_list_in_the_import_columns(client, world, history):
    login(client, world, "board")
    response = client.get(reverse("award_history_export"), {"q": "nguyen van", "page": "2"})
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX
    assert re.fullmatch(
        r'attachment; filename="so-theo-doi-khen-thuong-\d{4}-\d{2}-\d{2}\.xlsx"', response["Content-Disposition"]
    )
    assert hf.workbook_rows(response.content) == [
        (
            "Năm",
            "Danh hiệu, hình thức",
            "Họ và tên",
            "Tập thể",
            "Đơn vị",
            "Số quyết định",
            "Ngày quyết định",
            "Cơ quan quyết định",
            "Ghi chú",
            "Nguồn",
        ),
        (
            2015,
            "Chiến sĩ thi đua cơ sở",
            "Nguyễn Văn An",
            None,
            VU_A,
            "12/QĐ-BTP",
            datetime.datetime(2016, 1, 10),
            "Bộ Tư pháp",
            "Sổ năm 2015",
            "Nhập tay",
        ),
        (2014, "Lao động tiên tiến", "Nguyễn Văn An", None, VU_A, None, None, None, None, "Nhập tay"),
    ]
    response = client.get(reverse("award_history_export"), {"subject": "tap_the", "year": 2016})
    assert hf.workbook_rows(response.content)[1:] == [
        (2016, "Tập thể lao động tiên tiến", None, OFFICE, CUC, None, None, None, None, "Nhập tay")
    ]


def test_the_export_keeps_to_the_users_units(client, world, history):
    login(client, world, "staff_cuc")
    rows = hf.workbook_rows(client.get(reverse("award_history_export")).content)
    assert [(r[0], r[2] or r[3]) for r in rows[1:]] == [(2016, "Lê Văn Tú"), (2016, OFFICE), (2015, CHI_CUC)]
    login(client, world, "viewer")
    rows = hf.workbook_rows(client.get(reverse("award_history_export")).content)
    assert [(r[0], r[2] or r[3], r[1]) for r in rows[1:]] == [
        (year, name, hf.title(code).name) for year, name, code in ALL
    ]


# A person's and a unit's pages ---------------------------------------------------------------------------------


def test_a_persons_page_lists_every_award_with_its_decision(client, world, history):
    an = history["an"]
    for username in ("staff_a", "viewer", "board"):
        login(client, world, username)
        response = client.get(reverse("award_person", args=[an.pk]))
        assert response.status_code == 200
        assert [(a.year, a.title.code) for a in response.context["awards"]] == [(2015, "cstdcs"), (2014, "ldtt")]
    page = text(response)
    assert "Khen thưởng của Nguyễn Văn An" in page
    assert "2015 Chiến sĩ thi đua cơ sở Vụ Pháp luật dân sự - kinh tế Số 12/QĐ-BTP ngày 10/01/2016 Bộ Tư pháp" in page


def test_a_persons_page_is_hidden_from_other_units(client, world, history):
    for username in ("staff_b", "staff_other", "staff_cuc"):
        login(client, world, username)
        assert client.get(reverse("award_person", args=[history["an"].pk])).status_code == 404
    assert client.get(reverse("award_person", args=[999999])).status_code == 404


def test_a_units_page_shows_its_own_titles_and_its_peoples(client, world, history):
    login(client, world, "staff_cuc")
    response = client.get(reverse("award_unit", args=[history["office"].pk]))
    assert response.status_code == 200
    assert [(a.year, a.recipient_name) for a in response.context["own"]] == [(2016, OFFICE)]
    assert [(a.year, a.recipient_name) for a in response.context["people"]] == [(2016, "Lê Văn Tú")]
    content = response.content.decode()
    assert f'href="{reverse("award_person", args=[history["tu"].pk])}"' in content
    assert f'href="{reverse("award_add_unit", args=[history["office"].pk])}"' in content
    login(client, world, "viewer")
    response = client.get(reverse("award_unit", args=[world.vu_a.pk]))
    assert [(a.year, a.title.code) for a in response.context["own"]] == [(2015, "ttldxs")]
    assert [(a.year, a.title.code) for a in response.context["people"]] == [(2015, "cstdcs"), (2014, "ldtt")]
    assert reverse("award_add_unit", args=[world.vu_a.pk]) not in response.content.decode()
    assert "/delete/" not in response.content.decode()
    for username in ("staff_a", "staff_other"):
        login(client, world, username)
        assert client.get(reverse("award_unit", args=[history["office"].pk])).status_code == 404


def test_the_pages_queries_do_not_grow_with_rows(client, world):
    login(client, world, "staff_b")
    person = factories.person(world.vu_b, "Hoàng Văn Bình")
    hf.award(person=person, code="ldtt", year=2000)
    hf.award(unit=world.vu_b, code="ttldtt", year=2000)
    person_url = reverse("award_person", args=[person.pk])
    unit_url = reverse("award_unit", args=[world.vu_b.pk])
    person_one, unit_one = queries(client, person_url), queries(client, unit_url)
    for year in range(2001, 2016):
        hf.award(person=person, code="ldtt", year=year)
        hf.award(unit=world.vu_b, code="ttldtt", year=year)
        hf.award(person=factories.person(world.vu_b), code="cstdcs", year=year)
    hf.decided_award(unit=world.vu_b, year=2016)
    assert client.get(unit_url).context["people"].paginator.count == 31
    assert (queries(client, person_url), queries(client, unit_url)) == (person_one, unit_one)


@pytest.mark.urls(__name__)
def test_a_decided_award_links_to_its_decision(client, world):
    award = hf.decided_award(unit=world.vu_a, year=2016)
    login(client, world, "viewer")
    content = client.get(reverse("award_unit", args=[world.vu_a.pk])).content.decode()
    assert f'<a href="/test-decisions/{award.decision_id}/">Số {award.decision_number}</a>' in content
    assert "/delete/" not in content


def test_without_the_decisions_pages_the_number_shows_without_a_link(client, world, monkeypatch):
    award = hf.decided_award(unit=world.vu_a, year=2016)

    def no_decision_page(name, *args, **kwargs):
        raise NoReverseMatch(name)

    monkeypatch.setattr(selectors, "reverse", no_decision_page)
    login(client, world, "board")
    response = client.get(reverse("award_unit", args=[world.vu_a.pk]))
    page = text(response)
    assert f"Số {award.decision_number} ngày 05/01/2017 Bộ Tư pháp" in page
    assert [a.decision_url for a in response.context["own"]] == [""]


# Adding and removing an award ----------------------------------------------------------------------------------


def test_unit_staff_add_an_award_to_their_person_and_collective(client, world):
    staff = login(client, world, "staff_cuc")
    person = factories.person(world.chi_cuc, "Vũ Thị Mai")
    url = reverse("award_add_person", args=[person.pk])
    response = client.get(url)
    assert response.status_code == 200
    codes = [t.code for t in response.context["form"].fields["title"].queryset]
    assert "ldtt" in codes and "ttldtt" not in codes
    response = client.post(
        url,
        {
            "title": hf.title("ldtt").pk,
            "year": "2015",
            "decision_number": "45/QĐ-CTHADS",
            "decision_date": "2016-01-20",
            "decision_issuer": "Cục THADS tỉnh Yên Bái",
            "notes": "",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("award_person", args=[person.pk])
    award = Award.objects.get()
    assert (award.person_id, award.year, award.unit_name, award.decision_date, award.created_by) == (
        person.pk,
        2015,
        CHI_CUC,
        datetime.date(2016, 1, 20),
        staff,
    )
    response = client.post(
        reverse("award_add_unit", args=[world.chi_cuc.pk]), {"title": hf.title("ttldtt").pk, "year": "2015"}
    )
    assert response.status_code == 302
    assert Award.objects.filter(unit=world.chi_cuc).count() == 1


def test_a_bad_award_is_shown_with_its_errors_and_not_recorded(client, world, history):
    login(client, world, "staff_a")
    url = reverse("award_add_person", args=[history["an"].pk])
    response = client.post(url, {"title": hf.title("ldtt").pk, "year": "2014"})
    assert response.status_code == 400
    assert response.context["form"].non_field_errors() == [
        "«Nguyễn Văn An» đã có «Lao động tiên tiến» năm 2014 trong sổ theo dõi khen thưởng."
    ]
    response = client.post(url, {"title": hf.title("ttldtt").pk, "year": "năm", "decision_date": "32/01/2016"})
    assert response.status_code == 400
    assert response.context["form"].errors == {
        "title": ["Danh hiệu, hình thức khen thưởng đã chọn không hợp lệ."],
        "year": ["Năm phải là một số, ví dụ 2016."],
        "decision_date": ["Ngày quyết định không hợp lệ."],
    }
    response = client.post(url, {"title": "9" * 25, "year": "9" * 25})
    assert response.status_code == 400
    assert response.context["form"].errors["title"] == ["Danh hiệu, hình thức khen thưởng đã chọn không hợp lệ."]
    response = client.post(url, {"title": hf.title("ldtt").pk, "year": "1900"})
    assert response.context["form"].errors == {
        "year": [f"Năm được khen phải từ 1945 đến {datetime.date.today().year}."]
    }
    assert Award.objects.filter(person=history["an"]).count() == 2


def test_adding_is_refused_to_other_units_and_viewers(client, world, history):
    an, office = history["an"], history["office"]
    login(client, world, "staff_b")
    assert client.get(reverse("award_add_person", args=[an.pk])).status_code == 404
    assert client.post(reverse("award_add_unit", args=[office.pk]), {}).status_code == 404
    for username in ("viewer", "leader_a"):
        login(client, world, username)
        assert client.get(reverse("award_add_person", args=[an.pk])).status_code == 403
        assert client.post(reverse("award_add_unit", args=[world.vu_a.pk]), {}).status_code == 403
    assert Award.objects.count() == 7


def test_an_award_entered_by_hand_is_removed_by_its_units_staff(client, world, history):
    award = Award.objects.get(person=history["an"], year=2014)
    login(client, world, "staff_b")
    assert client.post(reverse("award_delete", args=[award.pk])).status_code == 404
    for username in ("viewer", "leader_a"):
        login(client, world, username)
        assert client.post(reverse("award_delete", args=[award.pk])).status_code == 403
    login(client, world, "staff_a")
    assert client.get(reverse("award_delete", args=[award.pk])).status_code == 405
    response = client.get(reverse("award_person", args=[history["an"].pk]))
    assert f'action="{reverse("award_delete", args=[award.pk])}"' in response.content.decode()
    response = client.post(reverse("award_delete", args=[award.pk]), follow=True)
    assert response.redirect_chain == [(reverse("award_person", args=[history["an"].pk]), 302)]
    assert "Đã xóa «Lao động tiên tiến» năm 2014 của Nguyễn Văn An khỏi sổ theo dõi khen thưởng." in text(response)
    assert not Award.objects.filter(pk=award.pk).exists()


def test_an_award_from_a_decision_is_not_removed_in_the_portal(client, world):
    award = hf.decided_award(unit=world.vu_a, year=2016)
    login(client, world, "board")
    response = client.post(reverse("award_delete", args=[award.pk]), follow=True)
    assert (
        f"Khen thưởng này được ghi theo Quyết định {award.decision_number} trong hệ thống: chỉ thay đổi được bằng "
        "một quyết định mới (đính chính, thay thế)."
    ) in text(response)
    assert Award.objects.filter(pk=award.pk).exists()


# The import pages ----------------------------------------------------------------------------------------------


def test_who_may_not_record_awards_may_not_import(client, world):
    for username in ("viewer", "delegate_b", "leader_a"):
        login(client, world, username)
        assert client.get(reverse("award_import")).status_code == 403
        assert client.post(reverse("award_import"), {"file": hf.upload([])}).status_code == 403
        assert client.get(reverse("award_import_template")).status_code == 403
    login(client, world, "viewer")
    assert reverse("award_import") not in client.get(reverse("award_history")).content.decode()
    login(client, world, "staff_a")
    assert f'href="{reverse("award_import")}"' in client.get(reverse("award_history")).content.decode()


def test_the_template_downloads(client, world):
    login(client, world, "staff_a")
    response = client.get(reverse("award_import_template"))
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX
    assert response["Content-Disposition"] == 'attachment; filename="mau-nhap-so-khen-thuong.xlsx"'
    assert hf.workbook_rows(response.content)[0] == tuple(hf.HEADER)


def test_an_upload_is_previewed_then_confirmed(client, world):
    factories.person(world.vu_a, "Nguyễn Văn An")
    staff = login(client, world, "staff_a")
    data = [[2014, "Lao động tiên tiến", "Nguyen Van An", "", VU_A], [2015, "TTLĐXS", "", "", VU_A]]
    response = client.post(reverse("award_import"), {"file": hf.upload(data)})
    assert response.status_code == 200
    plan = response.context["plan"]
    assert [(line.row, line.recipient_name) for line in plan.lines] == [(2, "Nguyễn Văn An"), (3, VU_A)]
    assert "Sẽ ghi 2 khen thưởng: 1 của cá nhân, 1 của tập thể." in text(response)
    assert not Award.objects.exists()
    payload = response.context["confirm"]["payload"].value()
    response = client.post(reverse("award_import"), {"payload": payload}, follow=True)
    assert response.redirect_chain == [(reverse("award_history"), 302)]
    assert "Đã ghi 2 khen thưởng vào sổ theo dõi khen thưởng." in text(response)
    assert sorted(Award.objects.values_list("recipient_name", "source", "created_by")) == [
        ("Nguyễn Văn An", "import", staff.pk),
        (VU_A, "import", staff.pk),
    ]
    # The same preview confirmed twice writes nothing more.
    response = client.post(reverse("award_import"), {"payload": payload})
    assert response.status_code == 400
    assert (
        "Dòng 2, cột «Danh hiệu, hình thức»: «Nguyễn Văn An» đã có «Lao động tiên tiến» năm 2014 trong sổ theo dõi "
        "khen thưởng."
    ) in text(response)
    assert Award.objects.count() == 2


def test_a_csv_file_is_imported_too(client, world):
    login(client, world, "board")
    content = "\ufeffNăm;Danh hiệu, hình thức;Tập thể;Đơn vị;Số quyết định;Ngày quyết định\r\n"
    content += f"2015;Tập thể lao động tiên tiến;{CHI_CUC};{CUC};45/QĐ-CTHADS;20/01/2016\r\n"
    upload = SimpleUploadedFile("khen-thuong.csv", content.encode(), content_type="text/csv")
    response = client.post(reverse("award_import"), {"file": upload})
    assert response.status_code == 200
    payload = response.context["confirm"]["payload"].value()
    assert client.post(reverse("award_import"), {"payload": payload}).status_code == 302
    award = Award.objects.get()
    assert (award.unit_id, award.unit_name, award.decision_number, award.decision_date) == (
        world.chi_cuc.pk,
        CUC,
        "45/QĐ-CTHADS",
        datetime.date(2016, 1, 20),
    )


def test_a_file_with_bad_rows_shows_them_and_offers_no_confirmation(client, world):
    login(client, world, "staff_a")
    data = [[2015, "TTLĐXS", "", "", VU_A], [2015, "TTLĐXS", "", "", VU_B]]
    response = client.post(reverse("award_import"), {"file": hf.upload(data)})
    assert response.status_code == 200
    assert [p.text for p in response.context["plan"].problems] == [
        "Dòng 3, cột «Đơn vị»: không tìm thấy đơn vị «Vụ Tổ chức cán bộ» trong các đơn vị bạn được xem."
    ]
    assert response.context["confirm"] is None
    assert "Tệp có 1 lỗi; không có dữ liệu nào được ghi. Hãy sửa tệp rồi tải lên lại." in text(response)
    assert 'name="payload"' not in response.content.decode()
    assert not Award.objects.exists()


def test_a_bad_upload_or_a_forged_confirmation_is_refused(client, world):
    login(client, world, "staff_a")
    response = client.post(reverse("award_import"), {"file": hf.upload([[2015]], name="khen-thuong.xls")})
    assert response.status_code == 400
    assert response.context["upload"].errors == {"file": ["Chỉ nhận tệp Excel dạng .xlsx hoặc tệp .csv (UTF-8)."]}
    response = client.post(reverse("award_import"), {"file": hf.upload([[2015]], header=["Năm"])})
    assert response.status_code == 400
    assert (
        response.context["upload"].errors["file"][0].startswith("Dòng 1: thiếu cột «Danh hiệu, hình thức», «Đơn vị».")
    )
    response = client.post(reverse("award_import"), {"payload": "giả mạo"})
    assert response.status_code == 400
    assert response.context["errors"] == ["Bản xem trước đã hết hạn hoặc không hợp lệ; vui lòng tải tệp lên lại."]
    # A preview signed for another user is not this user's.
    from awards.forms.history import sign_rows

    payload = sign_rows(hf.rows_of([[2015, "TTLĐXS", "", "", VU_A]]), user=world.users["board"])
    response = client.post(reverse("award_import"), {"payload": payload})
    assert response.status_code == 400
    assert not Award.objects.exists()


# Links from the organization's pages ---------------------------------------------------------------------------


def test_the_unit_and_person_pages_link_to_the_history(client, world):
    login(client, world, "staff_a")
    person = world.vu_a.people.get()
    content = client.get(reverse("unit_detail", args=[world.vu_a.pk])).content.decode()
    assert f'href="{reverse("award_unit", args=[world.vu_a.pk])}"' in content
    assert f'href="{reverse("award_person", args=[person.pk])}"' in content
    content = client.get(reverse("person_list")).content.decode()
    assert f'href="{reverse("award_person", args=[person.pk])}"' in content
