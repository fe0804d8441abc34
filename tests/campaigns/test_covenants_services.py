"""Covenants: who drafts and signs, the score table's rules, the lock (exactly once, even when members sign at the
same moment) and the covenant document it issues."""

import datetime
import threading
from decimal import Decimal

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.utils import timezone

from campaigns.documents import COVENANT_KIND, COVENANT_TEMPLATE
from campaigns.models import Covenant, CovenantCriterion, CovenantSignature
from campaigns.services.covenants import (
    covenant_create,
    covenant_document_retry,
    covenant_sign,
    covenant_unsign,
    covenant_update,
)
from tests import factories
from thidua.documents.models import DocumentSeries, RenderedDocument
from thidua.org.services import unit_save

from .fixtures_movements import (
    HEADS,
    SCORE_TABLE,
    TARGETS,
    cluster_i,
    make_covenant,
    members_of,
    sign,
    sign_all,
    staff_of,
)

Status = Covenant.Status


# Drafting -------------------------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("username", ["board", "staff_a", "leader_a"])
def test_the_leader_units_staff_or_the_board_draft(world, username):
    covenant = make_covenant(world.term, actor=world.users[username])
    assert covenant.status == Status.DRAFT
    assert covenant.drafted_by == world.users[username]
    assert list(covenant.criteria.values_list("order", "name", "max_points")) == [
        (i, name, points.quantize(Decimal("0.01"))) for i, (name, points) in enumerate(SCORE_TABLE, start=1)
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("username", ["staff_b", "delegate_b", "viewer", "staff_other", "staff_cuc"])
def test_members_and_read_only_users_do_not_draft(world, username):
    with pytest.raises(PermissionDenied) as caught:
        make_covenant(world.term, actor=world.users[username])
    assert caught.value.args[0] == "Chỉ đơn vị Cụm trưởng hoặc Vụ Thi đua - Khen thưởng được soạn giao ước thi đua."
    assert not Covenant.objects.exists()


@pytest.mark.django_db
def test_one_covenant_per_term(world):
    make_covenant(world.term)
    with pytest.raises(ValidationError) as caught:
        make_covenant(world.term)
    assert caught.value.messages == ["Cụm thi đua số I - 2016 đã có giao ước thi đua."]


@pytest.mark.django_db
def test_the_text_and_the_score_table_are_checked_row_by_row(world):
    with pytest.raises(ValidationError) as caught:
        covenant_create(
            actor=None,
            term=world.term,
            title=" ",
            targets="",
            criteria=[("Chuyên môn", "40"), ("", "10"), ("Khen thưởng", "0"), ("Văn hóa", "abc"), ("Khác", "1.234")],
        )
    assert caught.value.message_dict == {
        "title": ["Vui lòng nhập tiêu đề giao ước."],
        "targets": ["Vui lòng nhập nội dung giao ước, chỉ tiêu."],
    }
    with pytest.raises(ValidationError) as caught:
        covenant_create(
            actor=None,
            term=world.term,
            title="Giao ước",
            targets=TARGETS,
            criteria=[("Chuyên môn", "40"), ("", "10"), ("Khen thưởng", "0"), ("Văn hóa", "abc"), ("Khác", "1.234")],
        )
    assert caught.value.message_dict == {
        "criteria": [
            "Dòng 2: vui lòng nhập tên tiêu chí.",
            "Dòng 3: điểm tối đa phải lớn hơn 0.",
            "Dòng 4: điểm tối đa phải là một số.",
            "Dòng 5: điểm tối đa không quá 9999,99 và tối đa hai chữ số thập phân.",
        ]
    }
    with pytest.raises(ValidationError) as caught:
        covenant_create(actor=None, term=world.term, title="Giao ước", targets=TARGETS, criteria=[])
    assert caught.value.message_dict == {"criteria": ["Bảng điểm phải có ít nhất một tiêu chí."]}
    assert not Covenant.objects.exists()
    assert not CovenantCriterion.objects.exists()


@pytest.mark.django_db
def test_a_draft_changes_row_by_row_and_is_audited(world):
    covenant = make_covenant(world.term, actor=world.users["staff_a"])
    first_id = covenant.criteria.get(order=1).pk
    covenant_update(
        actor=world.users["board"],
        covenant=covenant,
        title="Giao ước thi đua năm 2016",
        targets="Chỉ tiêu mới",
        criteria=[("Thực hiện nhiệm vụ chuyên môn", Decimal("60")), ("Phong trào thi đua", Decimal("40"))],
    )
    covenant.refresh_from_db()
    assert (covenant.title, covenant.targets) == ("Giao ước thi đua năm 2016", "Chỉ tiêu mới")
    assert list(covenant.criteria.values_list("pk", "order", "name", "max_points")) == [
        (first_id, 1, "Thực hiện nhiệm vụ chuyên môn", Decimal("60.00")),
        (covenant.criteria.get(order=2).pk, 2, "Phong trào thi đua", Decimal("40.00")),
    ]
    criterion_type = ContentType.objects.get_for_model(CovenantCriterion)
    assert LogEntry.objects.filter(content_type=criterion_type, action=LogEntry.Action.DELETE).count() == 3
    assert LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Covenant), actor=world.users["board"]
    ).exists()


@pytest.mark.django_db
def test_once_signing_has_started_the_text_and_criteria_are_fixed(world):
    covenant = make_covenant(world.term)
    sign(covenant, world.vu_b, actor=world.users["staff_b"])
    covenant.refresh_from_db()
    assert covenant.status == Status.SIGNING
    with pytest.raises(ValidationError) as caught:
        covenant_update(actor=None, covenant=covenant, title="Khác", targets="Khác", criteria=[("Khác", 1)])
    assert caught.value.messages == ["Giao ước đã bắt đầu được ký: không thể sửa nội dung và bảng tiêu chí chấm điểm."]
    covenant.refresh_from_db()
    assert covenant.targets == TARGETS
    assert covenant.criteria.count() == len(SCORE_TABLE)


# Signing --------------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_member_signs_with_its_heads_title_by_default(world):
    covenant = make_covenant(world.term)
    signature = covenant_sign(
        actor=world.users["staff_b"], covenant=covenant, unit=world.vu_b, signer_name=" Phạm  Quang Hưng "
    )
    assert (signature.unit_name, signature.signer_name, signature.signer_title) == (
        "Vụ Tổ chức cán bộ",
        "Phạm Quang Hưng",
        "Vụ trưởng",
    )
    assert signature.signed_by == world.users["staff_b"]
    assert abs((timezone.now() - signature.signed_at).total_seconds()) < 60
    with pytest.raises(ValidationError) as caught:
        covenant_sign(actor=world.users["staff_b"], covenant=covenant, unit=world.vu_b, signer_name="Ai đó")
    assert caught.value.messages == ["Vụ Tổ chức cán bộ đã ký giao ước này."]


@pytest.mark.django_db
@pytest.mark.parametrize("username", ["staff_a", "leader_a", "board", "viewer", "delegate_b", "staff_other"])
def test_only_the_units_own_staff_sign_for_it(world, username):
    covenant = make_covenant(world.term)
    with pytest.raises(PermissionDenied) as caught:
        sign(covenant, world.vu_b, actor=world.users[username])
    assert caught.value.args[0] == "Chỉ cán bộ của Vụ Tổ chức cán bộ được ký giao ước thay đơn vị."
    assert not CovenantSignature.objects.exists()


@pytest.mark.django_db
def test_a_unit_outside_the_term_cannot_sign(world):
    covenant = make_covenant(world.term)
    with pytest.raises(ValidationError) as caught:
        sign(covenant, world.other, actor=world.users["staff_other"])
    assert caught.value.messages == ["Sở Tư pháp tỉnh Hòa Bình không phải thành viên của Cụm thi đua số I - 2016."]


@pytest.mark.django_db
def test_the_signers_name_is_required(world):
    covenant = make_covenant(world.term)
    with pytest.raises(ValidationError) as caught:
        covenant_sign(actor=world.users["staff_b"], covenant=covenant, unit=world.vu_b, signer_name=" ")
    assert caught.value.message_dict == {"signer_name": ["Vui lòng nhập họ tên người ký."]}


@pytest.mark.django_db
def test_unsign_before_the_lock_only(world):
    covenant = make_covenant(world.term)
    sign(covenant, world.vu_b, actor=world.users["staff_b"])
    with pytest.raises(PermissionDenied):
        covenant_unsign(actor=world.users["staff_a"], covenant=covenant, unit=world.vu_b)
    covenant_unsign(actor=world.users["staff_b"], covenant=covenant, unit=world.vu_b)
    covenant.refresh_from_db()
    assert covenant.status == Status.DRAFT  # no signature left: the text may change again
    with pytest.raises(ValidationError) as caught:
        covenant_unsign(actor=world.users["staff_b"], covenant=covenant, unit=world.vu_b)
    assert caught.value.messages == ["Vụ Tổ chức cán bộ chưa ký giao ước này."]
    sign(covenant, world.vu_b)
    sign(covenant, world.vu_a)
    covenant.refresh_from_db()
    assert covenant.status == Status.LOCKED
    with pytest.raises(ValidationError) as caught:
        covenant_unsign(actor=world.users["staff_b"], covenant=covenant, unit=world.vu_b)
    assert caught.value.messages == ["Giao ước đã khóa: không thể rút chữ ký."]
    with pytest.raises(ValidationError) as caught:
        sign(covenant, world.vu_b)
    assert caught.value.messages == ["Giao ước đã được các đơn vị ký đủ và đã khóa."]
    assert CovenantSignature.objects.count() == 2


# The lock and the document ---------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_last_signature_locks_the_covenant_and_issues_its_document(world):
    term = cluster_i(world.ministry)
    leader = term.memberships.get(role="leader").unit
    leader.short_name = "CVĐCXDPL"
    unit_save(actor=None, unit=leader)
    covenant = make_covenant(term)
    units = sorted(members_of(term), key=lambda u: u.name == "Cục Công nghệ thông tin")
    for unit in units[:-1]:
        sign(covenant, unit)
        covenant.refresh_from_db()
        assert (covenant.status, covenant.locked_at, covenant.document_id) == (Status.SIGNING, None, None)
    staff = staff_of(units[-1])
    sign(covenant, units[-1], actor=staff, name="Trịnh Quốc Bảo")
    covenant.refresh_from_db()
    assert covenant.status == Status.LOCKED
    assert abs((timezone.now() - covenant.locked_at).total_seconds()) < 60
    document = covenant.document
    assert (document.kind, document.template_name, document.created_by) == (COVENANT_KIND, COVENANT_TEMPLATE, staff)
    assert document.title == "Giao ước thi đua năm 2017 của Cụm thi đua số I"
    year = timezone.localdate().year
    assert DocumentSeries.objects.get().format(1) == "01/GƯ-CVĐCXDPL"
    assert DocumentSeries.objects.get().year == year
    data = document.data
    assert data["number"] == "01/GƯ-CVĐCXDPL"
    assert data["issuer"] == {"parent": "Bộ Tư pháp", "name": "Cụm thi đua số I"}
    assert (data["type_name"], data["subject"]) == (
        "GIAO ƯỚC THI ĐUA",
        "Giao ước thi đua năm 2017 của Cụm thi đua số I",
    )
    assert data["date"] == timezone.localdate().isoformat()
    assert data["targets"] == TARGETS.splitlines()
    assert data["criteria"] == [
        {"order": 1, "name": SCORE_TABLE[0][0], "max_points": "40"},
        {"order": 2, "name": SCORE_TABLE[1][0], "max_points": "20"},
        {"order": 3, "name": SCORE_TABLE[2][0], "max_points": "15"},
        {"order": 4, "name": SCORE_TABLE[3][0], "max_points": "12,5"},
        {"order": 5, "name": SCORE_TABLE[4][0], "max_points": "12,5"},
    ]
    assert data["total_points"] == "100"
    today = timezone.localdate()
    # Leader, deputy, then the other members in Vietnamese order.
    assert [(s["unit"], s["role"]) for s in data["signatures"][:3]] == [
        ("Vụ Các vấn đề chung về xây dựng pháp luật", "Cụm trưởng"),
        ("Văn phòng Bộ", "Cụm phó"),
        ("Cục Công nghệ thông tin", ""),
    ]
    assert len(data["signatures"]) == 11
    assert data["signatures"][2] == {
        "unit": "Cục Công nghệ thông tin",
        "role": "",
        "signer": "Trịnh Quốc Bảo",
        "title": "Cục trưởng",
        "date": today.isoformat(),
        "date_text": today.strftime("%d/%m/%Y"),
    }
    assert data["recipients"][-1] == "Lưu: VT, CVĐCXDPL"


@pytest.mark.django_db
def test_a_covenant_without_a_deputy_or_leader_still_locks(world):
    term = factories.term("Khu vực thi đua miền núi", 2016, [world.cuc, world.other], kind_="khu_vuc")
    covenant = make_covenant(term)
    sign(covenant, world.cuc)
    sign(covenant, world.other)
    covenant.refresh_from_db()
    assert covenant.status == Status.LOCKED
    assert covenant.document.data["number"] == "01/GƯ-KVTĐMN"


@pytest.mark.django_db
def test_retrying_the_covenants_document_is_for_the_drafters(world):
    covenant = make_covenant(world.term)
    with pytest.raises(ValidationError) as caught:
        covenant_document_retry(actor=None, covenant=covenant)
    assert caught.value.messages == ["Giao ước chưa được ký đủ nên chưa có văn bản."]
    sign(covenant, world.vu_a)
    sign(covenant, world.vu_b)
    covenant.refresh_from_db()
    RenderedDocument.objects.update(status=RenderedDocument.Status.FAILED, error="OSError")
    with pytest.raises(PermissionDenied):
        covenant_document_retry(actor=world.users["staff_b"], covenant=covenant)
    assert covenant_document_retry(actor=world.users["leader_a"], covenant=covenant).status == "pending"


# Concurrency: PostgreSQL, two members signing at the same moment ------------------------------------------


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_members_signing_at_once_are_all_recorded_and_the_lock_happens_once(world, media_dir, eager_celery):
    term = cluster_i(world.ministry, year=2018)
    units = members_of(term)
    covenant = make_covenant(term)
    for unit in units[:-3]:
        sign(covenant, unit)
    last = units[-3:]
    barrier = threading.Barrier(len(last))
    errors: list[BaseException] = []

    def sign_now(unit):
        try:
            barrier.wait(timeout=10)
            sign(Covenant.objects.get(pk=covenant.pk), unit, name=f"Người ký {unit.pk}")
        except BaseException as exc:  # reported below, in the test's thread
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=sign_now, args=(unit,)) for unit in last]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    covenant.refresh_from_db()
    assert covenant.status == Status.LOCKED
    assert CovenantSignature.objects.filter(covenant=covenant).count() == 11
    assert RenderedDocument.objects.filter(kind=COVENANT_KIND).count() == 1
    assert DocumentSeries.objects.get(type_code="GƯ").last_number == 1
    assert len(covenant.document.data["signatures"]) == 11
    locks = LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Covenant),
        object_pk=str(covenant.pk),
        action=LogEntry.Action.UPDATE,
        changes__has_key="locked_at",
    )
    assert locks.count() == 1


@pytest.mark.django_db
def test_every_member_of_cluster_i_signs_once(world):
    term = cluster_i(world.ministry)
    covenant = sign_all(make_covenant(term), term)
    assert covenant.status == Status.LOCKED
    assert sorted(covenant.signatures.values_list("signer_name", flat=True)) == sorted(HEADS)
    assert datetime.date.fromisoformat(covenant.document.data["date"]) == timezone.localdate()


@pytest.mark.django_db
def test_a_parent_units_staff_sign_for_a_sub_unit(world):
    term = factories.term("Khu vực thi đua miền núi", 2016, [world.chi_cuc], kind_="khu_vuc", leader=world.chi_cuc)
    covenant = make_covenant(term)
    sign(covenant, world.chi_cuc, actor=world.users["staff_cuc"])
    covenant.refresh_from_db()
    assert covenant.status == Status.LOCKED
