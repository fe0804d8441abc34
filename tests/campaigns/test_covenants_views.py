"""Portal pages for covenants: the year's list, drafting with the score table, signing, the document; who may do
what (another cluster's unit: 404; read-only or another member: 403) and query counts."""

from decimal import Decimal

import pytest
from django.urls import reverse

from campaigns.models import Covenant, CovenantCriterion, CovenantSignature
from tests import factories
from thidua.documents.models import RenderedDocument

from .fixtures_movements import (
    SCORE_TABLE,
    TARGETS,
    cluster_i,
    count_queries,
    make_covenant,
    members_of,
    page_text,
    sign,
    staff_of,
)

pytestmark = pytest.mark.django_db


def login(client, world, username):
    client.force_login(world.users[username])
    return world.users[username]


def covenant_post(rows=(("Chuyên môn", "60"), ("Phong trào thi đua", "40")), **fields) -> dict:
    data = {
        "title": "Giao ước thi đua năm 2016 của Cụm thi đua số I",
        "targets": TARGETS,
        "criteria-TOTAL_FORMS": str(len(rows) + 1),
        "criteria-INITIAL_FORMS": "0",
        "criteria-MIN_NUM_FORMS": "0",
        "criteria-MAX_NUM_FORMS": "100",
    }
    for index, (name, points) in enumerate(rows):
        data[f"criteria-{index}-name"] = name
        data[f"criteria-{index}-max_points"] = points
    data[f"criteria-{len(rows)}-name"] = ""
    data[f"criteria-{len(rows)}-max_points"] = ""
    data.update(fields)
    return data


# The list --------------------------------------------------------------------------------------------------


def test_the_list_shows_the_terms_the_user_may_see_with_their_covenant(client, world):
    sign(make_covenant(world.term), world.vu_b)
    login(client, world, "staff_b")
    page = page_text(client.get(reverse("covenant_list"), {"year": 2016}))
    assert "Giao ước thi đua năm 2016" in page
    assert (
        "Cụm thi đua số I Cụm trưởng: Vụ Pháp luật dân sự - kinh tế "
        "Giao ước thi đua năm 2016 của Cụm thi đua số I Đang ký 1/2"
    ) in page
    login(client, world, "staff_other")  # in no cluster: sees none
    response = client.get(reverse("covenant_list"), {"year": 2016})
    assert list(response.context["page"].object_list) == []


def test_the_list_offers_drafting_to_the_leader_only(client, world):
    login(client, world, "leader_a")
    assert "Soạn giao ước" in page_text(client.get(reverse("covenant_list"), {"year": 2016}))
    login(client, world, "staff_b")
    page = page_text(client.get(reverse("covenant_list"), {"year": 2016}))
    assert "Soạn giao ước" not in page
    assert "Chưa có giao ước" in page


def test_the_list_makes_the_same_queries_for_one_or_many_terms(client, world):
    login(client, world, "board")
    url = reverse("covenant_list") + "?year=2016"
    make_covenant(world.term)
    one = count_queries(client, url)
    for number in range(8):
        a = factories.unit(f"Đơn vị A{number}", parent=world.ministry)
        b = factories.unit(f"Đơn vị B{number}", parent=world.ministry)
        term = factories.term(f"Cụm thi đua số {number + 2}", 2016, [a, b], leader=a)
        if number % 2:
            covenant = make_covenant(term)
            sign(covenant, b)
    assert count_queries(client, url) == one


# Drafting --------------------------------------------------------------------------------------------------


def test_the_leader_drafts_with_a_score_table(client, world):
    login(client, world, "leader_a")
    url = reverse("covenant_create", args=[world.term.pk])
    response = client.get(url)
    assert response.context["form"].initial["title"] == "Giao ước thi đua năm 2016 của Cụm thi đua số I"
    response = client.post(url, covenant_post())
    covenant = Covenant.objects.get()
    assert response["Location"] == reverse("covenant_detail", args=[covenant.pk])
    assert list(covenant.criteria.values_list("order", "name", "max_points")) == [
        (1, "Chuyên môn", Decimal("60.00")),
        (2, "Phong trào thi đua", Decimal("40.00")),
    ]
    page = page_text(client.get(response["Location"]))
    assert "1 Chuyên môn 60 2 Phong trào thi đua 40 Tổng cộng 100" in page
    # A second visit of the create page goes to the covenant.
    assert client.get(url)["Location"] == reverse("covenant_detail", args=[covenant.pk])


def test_bad_rows_are_named_and_nothing_is_saved(client, world):
    login(client, world, "staff_a")
    url = reverse("covenant_create", args=[world.term.pk])
    response = client.post(url, covenant_post(rows=(("Chuyên môn", ""), ("", "10"), ("Khác", "-5"))))
    assert response.status_code == 200
    formset = response.context["formset"]
    assert [form.errors for form in formset.forms] == [
        {"max_points": ["Vui lòng nhập điểm tối đa."]},
        {"name": ["Vui lòng nhập tên tiêu chí."]},
        {"max_points": ["Điểm tối đa phải lớn hơn 0."]},
        {},
    ]
    response = client.post(url, covenant_post(rows=()))
    assert response.context["formset"].non_form_errors() == ["Bảng điểm phải có ít nhất một tiêu chí."]
    response = client.post(url, covenant_post(title=""))
    assert response.context["form"].errors == {"title": ["Vui lòng nhập tiêu đề giao ước."]}
    assert not Covenant.objects.exists()
    assert not CovenantCriterion.objects.exists()


def test_the_total_is_shown_while_editing(client, world):
    covenant = make_covenant(world.term)
    login(client, world, "staff_a")
    response = client.get(reverse("covenant_edit", args=[covenant.pk]))
    assert response.context["total"] == Decimal("100")
    assert "Tổng cộng 100" in page_text(response)
    response = client.post(
        reverse("covenant_edit", args=[covenant.pk]), covenant_post(rows=(("Chuyên môn", "70"), ("", "abc")))
    )
    assert response.status_code == 200
    assert response.context["formset"].forms[1].errors == {"max_points": ["Điểm tối đa phải là một số."]}


@pytest.mark.parametrize(("username", "status"), [("staff_b", 403), ("viewer", 403), ("staff_other", 404)])
def test_drafting_is_refused_to_members_read_only_users_and_outsiders(client, world, username, status):
    login(client, world, username)
    url = reverse("covenant_create", args=[world.term.pk])
    assert client.get(url).status_code == status
    assert client.post(url, covenant_post()).status_code == status
    covenant = make_covenant(world.term)
    edit = reverse("covenant_edit", args=[covenant.pk])
    assert client.get(edit).status_code == status
    assert client.post(edit, covenant_post()).status_code == status
    assert Covenant.objects.get().criteria.count() == len(SCORE_TABLE)


def test_editing_stops_when_signing_starts(client, world):
    covenant = make_covenant(world.term)
    sign(covenant, world.vu_b)
    login(client, world, "leader_a")
    assert client.get(reverse("covenant_edit", args=[covenant.pk])).status_code == 403
    page = page_text(client.get(reverse("covenant_detail", args=[covenant.pk])))
    assert "Sửa" not in page.split("Nội dung giao ước")[0]


# Signing --------------------------------------------------------------------------------------------------


def test_a_member_signs_from_the_page_with_its_head_proposed(client, world):
    factories.person(world.vu_b, "Phạm Quang Hưng", position="Vụ trưởng")
    covenant = make_covenant(world.term)
    login(client, world, "staff_b")
    response = client.get(reverse("covenant_detail", args=[covenant.pk]))
    form = response.context["sign_form"]
    assert form.initial == {"unit": world.vu_b.pk, "signer_name": "Phạm Quang Hưng", "signer_title": "Vụ trưởng"}
    response = client.post(
        reverse("covenant_sign", args=[covenant.pk]),
        {"unit": world.vu_b.pk, "signer_name": "Phạm Quang Hưng", "signer_title": ""},
    )
    assert response.status_code == 302
    signature = CovenantSignature.objects.get()
    assert (signature.unit, signature.signer_title, signature.signed_by) == (
        world.vu_b,
        "Vụ trưởng",
        world.users["staff_b"],
    )
    page = page_text(client.get(reverse("covenant_detail", args=[covenant.pk])))
    assert "Vụ Tổ chức cán bộ Cụm phó Phạm Quang Hưng Vụ trưởng" in page
    assert "Vụ Pháp luật dân sự - kinh tế Cụm trưởng Chưa ký" in page
    assert "Rút chữ ký" in page
    assert "Ký giao ước" not in page.split("Văn bản giao ước")[0]  # nothing left for staff_b to sign


def test_the_signers_name_is_required_on_the_page(client, world):
    covenant = make_covenant(world.term)
    login(client, world, "staff_b")
    response = client.post(reverse("covenant_sign", args=[covenant.pk]), {"unit": world.vu_b.pk, "signer_name": ""})
    assert response.status_code == 400
    assert response.context["sign_form"].errors == {"signer_name": ["Vui lòng nhập họ tên người ký."]}
    assert not CovenantSignature.objects.exists()


@pytest.mark.parametrize(
    ("username", "unit", "status"),
    [
        ("staff_b", "vu_a", 403),  # another member's signature
        ("leader_a", "vu_b", 403),  # the leader does not sign for its members
        ("board", "vu_b", 403),
        ("viewer", "vu_b", 403),
        ("delegate_b", "vu_b", 403),
        ("staff_other", "vu_b", 404),  # not in the cluster: cannot see the covenant
        ("staff_b", "other", 404),  # not a member
    ],
)
def test_signing_for_a_unit_is_for_its_own_staff(client, world, username, unit, status):
    covenant = make_covenant(world.term)
    login(client, world, username)
    unit_pk = getattr(world, unit).pk
    response = client.post(reverse("covenant_sign", args=[covenant.pk]), {"unit": unit_pk, "signer_name": "Ai đó"})
    assert response.status_code == status
    response = client.post(reverse("covenant_unsign", args=[covenant.pk]), {"unit": unit_pk})
    assert response.status_code == status
    assert not CovenantSignature.objects.exists()


def test_unsign_from_the_page_and_not_after_the_lock(client, world):
    covenant = make_covenant(world.term)
    sign(covenant, world.vu_b)
    login(client, world, "staff_b")
    response = client.post(reverse("covenant_unsign", args=[covenant.pk]), {"unit": world.vu_b.pk})
    assert response.status_code == 302
    assert not CovenantSignature.objects.exists()
    sign(covenant, world.vu_b)
    sign(covenant, world.vu_a)
    response = client.post(reverse("covenant_unsign", args=[covenant.pk]), {"unit": world.vu_b.pk}, follow=True)
    assert "Giao ước đã khóa: không thể rút chữ ký." in page_text(response)
    assert CovenantSignature.objects.count() == 2


def test_the_last_signature_locks_and_the_page_shows_the_document(client, world):
    covenant = make_covenant(world.term)
    sign(covenant, world.vu_a)
    login(client, world, "staff_b")
    response = client.post(
        reverse("covenant_sign", args=[covenant.pk]),
        {"unit": world.vu_b.pk, "signer_name": "Phạm Quang Hưng"},
        follow=True,
    )
    page = page_text(response)
    assert "Vụ Tổ chức cán bộ đã ký. Các đơn vị đã ký đủ: giao ước đã khóa và được ban hành." in page
    assert "Đã ký đủ, khóa" in page
    assert "Văn bản giao ước Chờ xử lý" in page
    assert "Ký giao ước" not in page.split("Văn bản giao ước")[0]


def test_who_sees_the_covenant_and_its_document(client, world):
    covenant = make_covenant(world.term)
    for username in ("staff_a", "staff_b", "viewer", "delegate_b", "board"):
        login(client, world, username)
        assert client.get(reverse("covenant_detail", args=[covenant.pk])).status_code == 200, username
        assert client.get(reverse("covenant_document_status", args=[covenant.pk])).json()["status"] == "none"
    login(client, world, "staff_other")
    for name in ("covenant_detail", "covenant_document_status", "covenant_document_download"):
        assert client.get(reverse(name, args=[covenant.pk])).status_code == 404, name
    assert client.post(reverse("covenant_document_retry", args=[covenant.pk])).status_code == 404


def test_retrying_the_document_is_for_the_drafters(client, world):
    covenant = make_covenant(world.term)
    sign(covenant, world.vu_a)
    sign(covenant, world.vu_b)
    RenderedDocument.objects.update(status=RenderedDocument.Status.FAILED, error="OSError")
    for username in ("staff_b", "viewer"):
        login(client, world, username)
        assert client.post(reverse("covenant_document_retry", args=[covenant.pk])).status_code == 403
        assert "Dựng lại" not in page_text(client.get(reverse("covenant_detail", args=[covenant.pk])))
    login(client, world, "leader_a")
    assert "Dựng lại" in page_text(client.get(reverse("covenant_detail", args=[covenant.pk])))
    assert client.post(reverse("covenant_document_retry", args=[covenant.pk])).status_code == 302
    assert RenderedDocument.objects.get().status == RenderedDocument.Status.PENDING


def test_the_members_table_has_a_fixed_number_of_queries(client, world):
    small = make_covenant(world.term)
    sign(small, world.vu_a)
    login(client, world, "staff_b")  # has not signed: the page has the sign form
    one = count_queries(client, reverse("covenant_detail", args=[small.pk]))
    term = cluster_i(world.ministry)
    big = make_covenant(term)
    members = members_of(term)
    for unit in members[:6]:
        sign(big, unit)
    staff = staff_of(members[8])
    client.force_login(staff)
    many = count_queries(client, reverse("covenant_detail", args=[big.pk]))
    assert many == one
