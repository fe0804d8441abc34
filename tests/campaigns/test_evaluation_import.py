"""Importing annual ratings from xlsx: reading, the dry run, the all-or-nothing write, and the portal page."""

import io

import openpyxl
import pytest
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from campaigns.evaluation_import import read_ratings_workbook
from campaigns.models import PersonEvaluation
from campaigns.services import evaluation as services
from tests import factories
from tests.campaigns.fixtures_evaluation import rate, upload, workbook
from thidua.org.permissions import scope_for

pytestmark = pytest.mark.django_db

R = PersonEvaluation.Rating
D = PersonEvaluation.Discipline
VU_A = "Vụ Pháp luat dân sự - kinh tế"  # typed with a missing diacritic: still found


@pytest.fixture
def people(world):
    a = world.vu_a.people.get()
    lan = factories.person(world.vu_a, "Nguyễn Thị Lan")
    hung = factories.person(world.vu_b, "Lê Văn Hùng")
    return a, lan, hung


def rows_of(data: list[list]) -> list:
    return read_ratings_workbook(workbook(data))


# Reading ---------------------------------------------------------------------------------------------------


def test_headers_are_found_in_any_order_and_without_diacritics():
    rows = read_ratings_workbook(
        workbook(
            [[None, None, None, None], ["Hoàn thành tốt nhiệm vụ", "Nguyễn Thị Lan", 2016.0, "Vụ Tổ chức cán bộ"]],
            header=["xep loai", "HO VA TEN", "Năm", "Đơn vị"],
        )
    )
    assert [(r.number, r.year, r.unit, r.name, r.code, r.rating, r.discipline) for r in rows] == [
        (3, "2016", "Vụ Tổ chức cán bộ", "Nguyễn Thị Lan", "", "Hoàn thành tốt nhiệm vụ", "")
    ]


def test_a_workbook_without_required_columns_or_rows_or_not_xlsx_is_refused():
    with pytest.raises(ValidationError) as exc:
        read_ratings_workbook(workbook([[2016, "Vụ", "Lan"]], header=["Năm", "Đơn vị", "Họ tên"]))
    assert exc.value.messages == [
        "Dòng 1 (tiêu đề) thiếu cột: «Họ và tên», «Xếp loại». Các cột cần có: «Năm», «Đơn vị», «Họ và tên», "
        "«Mã cá nhân», «Xếp loại», «Kỷ luật»."
    ]
    with pytest.raises(ValidationError) as exc:
        read_ratings_workbook(workbook([]))
    assert exc.value.messages == ["Tệp không có dòng dữ liệu nào (dòng 1 là tiêu đề cột)."]
    with pytest.raises(ValidationError) as exc:
        read_ratings_workbook(b"Nam,Don vi\n2016,Vu\n")
    assert exc.value.messages == ["Không đọc được tệp: hãy chọn một tệp Excel (.xlsx)."]


# The dry run and the write ----------------------------------------------------------------------------------


def test_a_good_file_is_previewed_without_writing_then_written_and_audited(world, people):
    a, lan, _hung = people
    rate(a, 2016, R.GOOD)
    staff = world.users["staff_a"]
    rows = rows_of(
        [
            [2016, VU_A, a.full_name, a.pk, "Hoàn thành tốt nhiệm vụ", ""],
            [2016, VU_A, "nguyen thi lan", None, "hoan thanh xuat sac", "Khiển trách"],
            [2015, VU_A, "Nguyễn Thị Lan", None, "Hoàn thành", "Không"],
        ]
    )
    plan = services.evaluation_import_check(actor=staff, rows=rows)
    assert plan.problems == []
    assert [(line.row, line.person, line.year, line.rating, line.discipline, line.action) for line in plan.lines] == [
        (2, a, 2016, R.GOOD, D.NONE, "unchanged"),
        (3, lan, 2016, R.EXCELLENT, D.REPRIMAND, "create"),
        (4, lan, 2015, R.COMPLETED, D.NONE, "create"),
    ]
    assert PersonEvaluation.objects.count() == 1

    result = services.evaluation_import(actor=staff, rows=rows)
    assert (result.created, result.updated, result.unchanged) == (2, 0, 1)
    assert sorted(PersonEvaluation.objects.values_list("person_id", "year", "rating", "discipline", "unit_name")) == [
        (a.pk, 2016, R.GOOD, D.NONE, "Vụ Pháp luật dân sự - kinh tế"),
        (lan.pk, 2015, R.COMPLETED, D.NONE, "Vụ Pháp luật dân sự - kinh tế"),
        (lan.pk, 2016, R.EXCELLENT, D.REPRIMAND, "Vụ Pháp luật dân sự - kinh tế"),
    ]
    logged = LogEntry.objects.filter(content_type__model="personevaluation", actor=staff)
    assert logged.count() == 2
    assert {e.additional_data["note"] for e in logged} == {"Nhập xếp loại từ tệp Excel"}

    rows = rows_of([[2016, VU_A, "Nguyễn Thị Lan", lan.pk, "Hoàn thành tốt", "Cảnh cáo"]])
    result = services.evaluation_import(actor=staff, rows=rows)
    assert (result.created, result.updated) == (0, 1)
    update = LogEntry.objects.filter(content_type__model="personevaluation").latest("pk")
    assert update.changes == {"rating": ["xuat_sac", "tot"], "discipline": ["1", "2"]}


def test_a_bad_file_lists_every_problem_by_row_and_column_and_writes_nothing(world, people):
    a, lan, hung = people
    twin = factories.person(world.vu_a, "Nguyễn Thị Lan")
    rows = rows_of(
        [
            [2016, VU_A, a.full_name, None, "Hoàn thành tốt nhiệm vụ", ""],  # good
            ["", VU_A, a.full_name, None, "Tốt lắm", "Nhắc nhở"],
            ["năm 2016", "Vụ Không Có", "", "abc", "", ""],
            [2099, VU_A, a.full_name, None, "Hoàn thành", ""],
            [2016, "Vụ Tổ chức cán bộ", hung.full_name, None, "Hoàn thành", ""],  # not staff_a's unit
            [2016, VU_A, "Nguyễn Thị Lan", None, "Hoàn thành", ""],  # two of them
            [2016, VU_A, "Trần Thị Lan", lan.pk, "Hoàn thành", ""],  # code of someone else
            [2016, VU_A, "Nguyễn Thị Lan", twin.pk, "Hoàn thành", ""],
            [2016, VU_A, "Nguyễn Thị Lan", twin.pk, "Hoàn thành", ""],  # twice
            [2016, VU_A, "Phạm Văn Không Có", None, "Hoàn thành", ""],
            [2016, VU_A, hung.full_name, hung.pk, "Hoàn thành", ""],  # works in Vụ B
        ]
    )
    plan = services.evaluation_import_check(actor=world.users["staff_a"], rows=rows)
    this_year = timezone.localdate().year
    assert [str(p) for p in plan.problems] == [
        "Dòng 3, cột «Năm»: chưa nhập năm.",
        "Dòng 3, cột «Xếp loại»: «Tốt lắm» không phải là một xếp loại. Chọn một trong: Hoàn thành xuất sắc nhiệm vụ; "
        "Hoàn thành tốt nhiệm vụ; Hoàn thành nhiệm vụ; Không hoàn thành nhiệm vụ.",
        "Dòng 3, cột «Kỷ luật»: «Nhắc nhở» không phải là một hình thức kỷ luật. Để trống nếu không bị kỷ luật, hoặc "
        "chọn: Khiển trách; Cảnh cáo; Hạ bậc lương; Cách chức / giáng chức; Buộc thôi việc.",
        "Dòng 4, cột «Năm»: «năm 2016» không phải là năm.",
        "Dòng 4, cột «Họ và tên»: chưa nhập họ và tên.",
        "Dòng 4, cột «Mã cá nhân»: «abc» không phải là mã cá nhân (một số).",
        "Dòng 4, cột «Xếp loại»: chưa nhập xếp loại. Chọn một trong: Hoàn thành xuất sắc nhiệm vụ; "
        "Hoàn thành tốt nhiệm vụ; Hoàn thành nhiệm vụ; Không hoàn thành nhiệm vụ.",
        f"Dòng 5, cột «Năm»: Năm 2099 không hợp lệ: phải từ 1945 đến {this_year}.",
        "Dòng 6, cột «Đơn vị»: bạn không có quyền nhập xếp loại cho Vụ Tổ chức cán bộ.",
        f"Dòng 7, cột «Họ và tên»: Vụ Pháp luật dân sự - kinh tế có 2 người tên «Nguyễn Thị Lan»; hãy ghi "
        f"«Mã cá nhân» (mã {lan.pk}, {twin.pk}).",
        f"Dòng 8, cột «Họ và tên»: mã cá nhân {lan.pk} là của «Nguyễn Thị Lan», không phải «Trần Thị Lan».",
        "Dòng 10, cột «Họ và tên»: Nguyễn Thị Lan đã có ở dòng 9 cho năm 2016.",
        "Dòng 11, cột «Họ và tên»: không tìm thấy «Phạm Văn Không Có» trong Vụ Pháp luật dân sự - kinh tế.",
        "Dòng 12, cột «Họ và tên»: Lê Văn Hùng không thuộc Vụ Pháp luật dân sự - kinh tế.",
    ]
    with pytest.raises(ValidationError) as exc:
        services.evaluation_import(actor=world.users["staff_a"], rows=rows)
    assert len(exc.value.messages) == 14
    assert not PersonEvaluation.objects.exists()


def test_an_unknown_unit_is_named(world, people):
    rows = rows_of([[2016, "Vụ Không Có", "Ai Đó", None, "Hoàn thành", ""]])
    plan = services.evaluation_import_check(actor=world.users["board"], rows=rows)
    assert [str(p) for p in plan.problems] == ["Dòng 2, cột «Đơn vị»: không tìm thấy đơn vị «Vụ Không Có»."]


def test_the_dry_run_is_set_based(world):
    board = world.users["board"]
    people = [factories.person(world.vu_b) for _ in range(30)]

    def queries(n: int) -> int:
        rows = rows_of([[2016, "Vụ Tổ chức cán bộ", p.full_name, None, "Hoàn thành", ""] for p in people[:n]])
        with CaptureQueriesContext(connection) as ctx:
            plan = services.evaluation_import_check(actor=board, rows=rows)
        assert plan.is_valid and len(plan.lines) == n
        return len(ctx.captured_queries)

    scope_for(board)  # computed once per user, then cached on it
    assert queries(1) == queries(30) == 3


# The portal page ---------------------------------------------------------------------------------------------


def test_upload_preview_then_confirm(client, world, people):
    a, lan, _hung = people
    client.force_login(world.users["staff_a"])
    url = reverse("evaluation_import")
    assert client.get(url).status_code == 200
    data = [
        [2016, VU_A, a.full_name, a.pk, "Hoàn thành tốt nhiệm vụ", ""],
        [2016, VU_A, lan.full_name, None, "Tốt", ""],
    ]
    preview = client.post(url, {"file": upload(data)})
    assert preview.status_code == 200
    assert preview.context["plan"].is_valid
    assert [line.action for line in preview.context["preview_lines"]] == ["create", "create"]
    assert "Sẽ thêm mới 2, thay đổi 0, giữ nguyên 0 xếp loại." in preview.content.decode()
    assert not PersonEvaluation.objects.exists()

    payload = preview.context["confirm"].initial["payload"]
    done = client.post(url, {"payload": payload}, follow=True)
    assert "Đã nhập xếp loại: 2 thêm mới, 0 thay đổi, 0 không đổi." in done.content.decode()
    assert PersonEvaluation.objects.count() == 2


def test_a_bad_file_is_shown_with_its_problems_and_no_confirmation(client, world, people):
    client.force_login(world.users["staff_a"])
    page = client.post(reverse("evaluation_import"), {"file": upload([[2016, VU_A, "Không Có Ai", None, "Tốt", ""]])})
    assert page.context["confirm"] is None
    body = page.content.decode()
    assert "Tệp có 1 lỗi; không có dữ liệu nào được ghi." in body
    assert "không tìm thấy «Không Có Ai» trong Vụ Pháp luật dân sự - kinh tế." in body


def test_a_tampered_or_foreign_payload_is_refused(client, world, people):
    a = people[0]
    client.force_login(world.users["staff_a"])
    url = reverse("evaluation_import")
    preview = client.post(url, {"file": upload([[2016, VU_A, a.full_name, None, "Tốt", ""]])})
    payload = preview.context["confirm"].initial["payload"]
    page = client.post(url, {"payload": payload[:-2] + "xx"})
    assert "Bản xem trước đã hết hạn hoặc không hợp lệ; vui lòng tải tệp lên lại." in page.content.decode()
    # Signed for staff_a: the board cannot replay it.
    client.force_login(world.users["board"])
    page = client.post(url, {"payload": payload})
    assert "Bản xem trước đã hết hạn hoặc không hợp lệ" in page.content.decode()
    assert not PersonEvaluation.objects.exists()


def test_a_non_xlsx_upload_is_refused_on_the_form(client, world):
    client.force_login(world.users["staff_a"])
    page = client.post(
        reverse("evaluation_import"),
        {"file": SimpleUploadedFile("xep-loai.csv", b"Nam;Don vi\n")},
    )
    assert page.context["upload"].errors == {"file": ["Chỉ nhận tệp Excel .xlsx."]}


@pytest.mark.parametrize("who", ["viewer", "leader_a", "delegate_b"])
def test_read_only_users_are_refused_the_import(client, world, who):
    client.force_login(world.users[who])
    assert client.get(reverse("evaluation_import")).status_code == 403
    assert client.get(reverse("evaluation_import_template")).status_code == 403


def test_the_template_has_the_headers(client, world):
    client.force_login(world.users["staff_a"])
    response = client.get(reverse("evaluation_import_template"))
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert [c.value for c in sheet[1]] == ["Năm", "Đơn vị", "Họ và tên", "Mã cá nhân", "Xếp loại", "Kỷ luật"]
