"""Import and export of units, people and cluster memberships in the board's admin (csv and xlsx)."""

import csv
import io

import openpyxl
import pytest
import tablib
from auditlog.models import LogEntry
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests import factories
from thidua.org import services
from thidua.org.models import ClusterMembership, ClusterTerm, Person, Unit
from thidua.org.resources import ClusterMembershipResource, PersonResource, UnitResource

pytestmark = pytest.mark.django_db

FORMATS = {"csv": "0", "xlsx": "1"}
PEOPLE_HEADER = ["Họ và tên", "Đơn vị", "Chức vụ", "Giới tính", "Năm sinh", "Thư điện tử", "Đang công tác"]
UNIT_HEADER = ["Tên đơn vị", "Tên viết tắt", "Loại đơn vị", "Đơn vị cấp trên", "Tỉnh, thành phố", "Đang hoạt động"]
MEMBERSHIP_HEADER = ["Cụm thi đua", "Năm", "Đơn vị", "Vai trò"]


def upload(rows: list[list], fmt: str, *, delimiter: str = ",") -> SimpleUploadedFile:
    if fmt == "csv":
        buffer = io.StringIO()
        csv.writer(buffer, delimiter=delimiter).writerows(rows)
        return SimpleUploadedFile("du-lieu.csv", buffer.getvalue().encode("utf-8-sig"), content_type="text/csv")
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return SimpleUploadedFile("du-lieu.xlsx", buffer.getvalue())


def preview(client, model: str, file: SimpleUploadedFile, fmt: str):
    response = client.post(
        reverse(f"admin:org_{model}_import"), {"resource": "0", "format": FORMATS[fmt], "import_file": file}
    )
    assert response.status_code == 200
    return response


def confirm(client, model: str, page):
    form = page.context.get("confirm_form")
    assert form is not None, "the preview has errors"
    return client.post(reverse(f"admin:org_{model}_process_import"), {**form.initial, "confirm": "1"})


def invalid_rows(page) -> dict[int, dict[str, list[str]]]:
    return {row.number: row.error_dict for row in page.context["result"].invalid_rows}


def export(client, model: str, resource, fmt: str) -> bytes:
    data = {"resource": "0", "format": FORMATS[fmt]}
    for name in resource().get_export_order():
        data[f"{resource.__name__.lower()}_{name}"] = "on"
    response = client.post(reverse(f"admin:org_{model}_export"), data)
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith(f'.{fmt}"')
    return response.content


@pytest.fixture
def board(client, world):
    client.force_login(world.users["board"])
    return client


# People


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_people_are_previewed_then_written_through_the_service_and_audited(board, world, fmt):
    rows = [
        PEOPLE_HEADER,
        ["Nguyễn Thị  Lan", "Vụ Tổ chức cán bộ", "Chuyên viên", "Nữ", 1985, "lan@moj.gov.vn", "Có"],
        ["Hoàng Văn Minh", "vụ tổ chức cán bộ", "", "nam", "", "", ""],
    ]
    page = preview(board, "person", upload(rows, fmt), fmt)
    result = page.context["result"]
    assert (result.totals["new"], result.totals["update"], result.totals["invalid"]) == (2, 0, 0)
    assert not Person.objects.filter(unit=world.vu_b).exclude(full_name__startswith="Trần").exists()

    response = confirm(board, "person", page)
    assert response.status_code == 302
    people = Person.objects.filter(unit=world.vu_b).exclude(full_name__startswith="Trần").order_by("full_name")
    assert [(p.full_name, p.gender, p.birth_year, p.email, p.is_active) for p in people] == [
        ("Hoàng Văn Minh", "nam", None, "", True),
        ("Nguyễn Thị Lan", "nu", 1985, "lan@moj.gov.vn", True),
    ]
    for person in people:
        entry = LogEntry.objects.get_for_object(person).get()
        assert entry.action == LogEntry.Action.CREATE
        assert entry.actor == world.users["board"]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_one_bad_row_writes_nothing_and_names_its_line_and_column(board, world, fmt):
    rows = [
        PEOPLE_HEADER,
        ["Nguyễn Thị Lan", "Vụ Tổ chức cán bộ", "", "Nữ", 1985, "", "Có"],
        ["Lê Văn Bình", "Vụ ABC", "", "Nam", 1990, "", "Có"],
        ["Hoàng Văn Minh", "Vụ Tổ chức cán bộ", "", "Nam", 1979, "", "Có"],
    ]
    people, audit = Person.objects.count(), LogEntry.objects.count()
    page = preview(board, "person", upload(rows, fmt), fmt)
    assert page.context.get("confirm_form") is None
    assert invalid_rows(page) == {3: {"Đơn vị": ["Dòng 3, cột «Đơn vị»: không tìm thấy đơn vị «Vụ ABC»."]}}
    assert "Dòng 3, cột «Đơn vị»: không tìm thấy đơn vị «Vụ ABC»." in page.content.decode()
    assert (Person.objects.count(), LogEntry.objects.count()) == (people, audit)

    # Not only the preview: a real (not dry-run) import of the same file writes nothing either.
    dataset = tablib.Dataset(*rows[1:], headers=rows[0])
    result = PersonResource().import_data(dataset, dry_run=False, user=world.users["board"])
    assert result.has_validation_errors()
    assert (Person.objects.count(), LogEntry.objects.count()) == (people, audit)


def test_every_bad_cell_of_a_row_is_reported(board, world):
    rows = [PEOPLE_HEADER, ["", "Vụ Tổ chức cán bộ", "", "Nữ giới", "1985a", "không-phải-email", "Chưa"]]
    page = preview(board, "person", upload(rows, "csv"), "csv")
    assert invalid_rows(page) == {
        2: {
            "Giới tính": ["Dòng 2, cột «Giới tính»: «Nữ giới» không hợp lệ; hãy ghi «Nam» hoặc «Nữ»."],
            "Năm sinh": ["Dòng 2, cột «Năm sinh»: «1985a» không phải là một năm (ví dụ 1980)."],
            "Đang công tác": ["Dòng 2, cột «Đang công tác»: «Chưa» không hợp lệ; hãy ghi «Có» hoặc «Không»."],
        }
    }
    # Once the cells are readable, the service's own checks speak, on their columns.
    rows = [PEOPLE_HEADER, ["", "Vụ Tổ chức cán bộ", "", "Nữ", "1850", "khong-phai-email", "Có"]]
    page = preview(board, "person", upload(rows, "csv"), "csv")
    errors = invalid_rows(page)[2]
    assert errors["Họ và tên"] == ["Dòng 2, cột «Họ và tên»: Họ và tên không được để trống."]
    assert set(errors) == {"Họ và tên"}
    rows = [PEOPLE_HEADER, ["Lê Lan", "Vụ Tổ chức cán bộ", "", "Nữ", "1850", "khong-phai-email", "Có"]]
    errors = invalid_rows(preview(board, "person", upload(rows, "csv"), "csv"))[2]
    # (Django's own Vietnamese messages, stray space included.)
    assert errors == {
        "Năm sinh": ["Dòng 2, cột «Năm sinh»: Đảm bảo giá trị này lớn hơn hoặc bằng với 1900 ."],
        "Thư điện tử": ["Dòng 2, cột «Thư điện tử»: Nhập địa chỉ email."],
    }


def test_a_row_with_a_ma_so_updates_that_person(board, world):
    person = Person.objects.get(unit=world.vu_a)
    rows = [
        ["Mã số", *PEOPLE_HEADER],
        [person.pk, person.full_name, "Vụ Pháp luật dân sự - kinh tế", "Vụ trưởng", "Nữ", "", "", "Có"],
    ]
    page = preview(board, "person", upload(rows, "csv"), "csv")
    assert page.context["result"].totals["update"] == 1
    confirm(board, "person", page)
    person.refresh_from_db()
    assert person.position == "Vụ trưởng"
    rows[1][0] = 999999
    page = preview(board, "person", upload(rows, "csv"), "csv")
    assert invalid_rows(page) == {
        2: {"Mã số": ["Dòng 2, cột «Mã số»: không có cá nhân nào mang mã số 999999 (để trống khi thêm mới)."]}
    }


def test_the_same_record_twice_in_one_file_is_refused(board, world):
    person = Person.objects.get(unit=world.vu_a)
    row = [person.pk, person.full_name, "Vụ Pháp luật dân sự - kinh tế", "Nam"]
    rows = [["Mã số", "Họ và tên", "Đơn vị", "Giới tính"], row, ["", "Lê Lan", "Vụ Tổ chức cán bộ", "Nữ"], row]
    page = preview(board, "person", upload(rows, "csv"), "csv")
    assert invalid_rows(page) == {4: {"__all__": ["Dòng 4: trùng với dòng 2 (cùng một cá nhân)."]}}


def test_line_numbers_count_blank_lines_and_semicolon_csv_is_read(board, world):
    content = "\ufeffHọ và tên;Đơn vị;Giới tính\r\nLê Lan;Vụ Tổ chức cán bộ;Nữ\r\n\r\nLê Huệ;Vụ XYZ;Nữ\r\n"
    file = SimpleUploadedFile("nguoi.csv", content.encode("utf-8"), content_type="text/csv")
    page = preview(board, "person", file, "csv")
    assert invalid_rows(page) == {4: {"Đơn vị": ["Dòng 4, cột «Đơn vị»: không tìm thấy đơn vị «Vụ XYZ»."]}}


def test_wrong_headers_are_refused_before_any_row(board, world):
    rows = [["Họ tên", "Đơn vị", "Giới tính", "STT"], ["Lê Lan", "Vụ Tổ chức cán bộ", "Nữ", "1"]]
    page = preview(board, "person", upload(rows, "csv"), "csv")
    result = page.context["result"]
    assert [str(error.error) for error in result.base_errors] == [
        "Dòng 1 (dòng tiêu đề): thiếu cột «Họ và tên»; không nhận ra cột «Họ tên». Các cột dùng được: «Mã số», "
        "«Họ và tên», «Đơn vị», «Chức vụ», «Giới tính», «Năm sinh», «Thư điện tử», «Đang công tác»."
    ]
    assert page.context.get("confirm_form") is None
    assert "thiếu cột «Họ và tên»" in page.content.decode()


def test_a_file_that_cannot_be_read_is_a_form_error(board, world):
    file = SimpleUploadedFile("nguoi.xlsx", b"not a workbook")
    page = preview(board, "person", file, "xlsx")
    assert page.context["form"].errors["import_file"] == [
        "Không đọc được tệp. Hãy chọn đúng định dạng; tệp CSV phải được lưu với mã hóa UTF-8 (CSV UTF-8)."
    ]


def test_a_confirmed_import_that_has_become_invalid_writes_nothing(board, world):
    rows = [
        ["Họ và tên", "Đơn vị", "Giới tính"],
        ["Lê Lan", "Vụ Tổ chức cán bộ", "Nữ"],
        ["Lê Huệ", "Sở Tư pháp tỉnh Hòa Bình", "Nữ"],
    ]
    page = preview(board, "person", upload(rows, "csv"), "csv")
    # Between the preview and the confirmation, someone renames a unit the file names.
    world.other.name = "Sở Tư pháp tỉnh Hòa Bình (cũ)"
    services.unit_save(actor=None, unit=world.other)
    people = Person.objects.count()
    response = confirm(board, "person", page)
    assert response.status_code == 200
    assert Person.objects.count() == people
    text = response.content.decode()
    assert "Không nhập được tệp: không có dữ liệu nào được ghi." in text
    assert "Dòng 3, cột «Đơn vị»: không tìm thấy đơn vị «Sở Tư pháp tỉnh Hòa Bình»." in text


def test_only_the_board_may_import(client, world):
    client.force_login(world.users["staff_a"])
    response = client.get(reverse("admin:org_person_import"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


# Units


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_units_are_imported_with_their_tree(board, world, fmt):
    factories.province("Lào Cai")
    rows = [
        UNIT_HEADER,
        ["Cục THADS tỉnh Lào Cai", "", "cuc-thads", "Bộ Tư pháp", "lào cai", "Có"],
        ["Chi cục THADS huyện Bảo Thắng", "", "Chi cục THADS", "Cục THADS tỉnh Lào Cai", "Lào Cai", ""],
    ]
    page = preview(board, "unit", upload(rows, fmt), fmt)
    assert page.context["result"].totals["new"] == 2
    assert not Unit.objects.filter(name="Cục THADS tỉnh Lào Cai").exists()
    assert confirm(board, "unit", page).status_code == 302
    cuc = Unit.objects.get(name="Cục THADS tỉnh Lào Cai")
    chi_cuc = Unit.objects.get(name="Chi cục THADS huyện Bảo Thắng")
    assert cuc.path == f"/{world.ministry.pk}/{cuc.pk}/"
    assert chi_cuc.path == f"/{world.ministry.pk}/{cuc.pk}/{chi_cuc.pk}/"
    assert (chi_cuc.depth, chi_cuc.head_title, chi_cuc.province.name, chi_cuc.is_active) == (
        2,
        "Chi cục trưởng",
        "Lào Cai",
        True,
    )
    assert LogEntry.objects.get_for_object(chi_cuc).get().actor == world.users["board"]


def test_a_unit_row_without_ma_so_updates_the_unit_of_that_name_under_that_parent(board, world):
    rows = [UNIT_HEADER, ["Vụ Tổ chức cán bộ", "TCCB", "Vụ", "Bộ Tư pháp", "", "Có"]]
    page = preview(board, "unit", upload(rows, "csv"), "csv")
    assert (page.context["result"].totals["new"], page.context["result"].totals["update"]) == (0, 1)
    confirm(board, "unit", page)
    assert Unit.objects.get(pk=world.vu_b.pk).short_name == "TCCB"
    assert Unit.objects.filter(name="Vụ Tổ chức cán bộ").count() == 1


def test_unit_rows_with_unknown_names_and_cycles_are_refused(board, world):
    rows = [
        ["Mã số", *UNIT_HEADER],
        ["", "Vụ Hợp tác quốc tế", "", "Phòng", "Bộ Tư pháp", "Hà Tây", "Có"],
        [world.ministry.pk, "Bộ Tư pháp", "", "Bộ", "Chi cục THADS huyện Văn Yên", "", "Có"],
    ]
    page = preview(board, "unit", upload(rows, "csv"), "csv")
    assert invalid_rows(page) == {
        2: {
            "Loại đơn vị": ["Dòng 2, cột «Loại đơn vị»: không tìm thấy loại đơn vị «Phòng»."],
            "Tỉnh, thành phố": ["Dòng 2, cột «Tỉnh, thành phố»: không tìm thấy tỉnh, thành phố «Hà Tây»."],
        },
        3: {
            "Đơn vị cấp trên": [
                "Dòng 3, cột «Đơn vị cấp trên»: Không thể đặt đơn vị dưới một đơn vị cấp dưới của chính nó "
                "(tạo vòng lặp)."
            ]
        },
    }
    assert not Unit.objects.filter(name="Vụ Hợp tác quốc tế").exists()


def test_an_ambiguous_unit_name_is_refused(board, world):
    factories.unit("Phòng Tổ chức", parent=world.cuc)
    factories.unit("Phòng Tổ chức", parent=world.other)
    rows = [PEOPLE_HEADER[:3], ["Lê Lan", "Phòng Tổ chức", ""]]
    page = preview(board, "person", upload(rows, "csv"), "csv")
    assert invalid_rows(page)[2]["Đơn vị"] == [
        "Dòng 2, cột «Đơn vị»: có 2 đơn vị cùng tên «Phòng Tổ chức» (thuộc «Cục THADS tỉnh Yên Bái», "
        "«Sở Tư pháp tỉnh Hòa Bình»); không xác định được đơn vị nào."
    ]


# Cluster memberships


def test_memberships_are_imported_keeping_the_term_rules(board, world):
    rows = [
        MEMBERSHIP_HEADER,
        ["Cụm thi đua số I", 2017, "Vụ Pháp luật dân sự - kinh tế", "Thành viên"],
        ["Cụm thi đua số I", 2017, "Vụ Tổ chức cán bộ", "Cụm trưởng"],
        ["Cụm thi đua số I", 2017, "Cục THADS tỉnh Yên Bái", "cum pho"],
    ]
    page = preview(board, "clustermembership", upload(rows, "xlsx"), "xlsx")
    assert page.context["result"].totals["new"] == 3
    assert not ClusterTerm.objects.filter(year=2017).exists()
    assert confirm(board, "clustermembership", page).status_code == 302
    term = ClusterTerm.objects.get(year=2017)
    assert dict(term.memberships.values_list("unit__name", "role")) == {
        "Vụ Pháp luật dân sự - kinh tế": "member",
        "Vụ Tổ chức cán bộ": "leader",
        "Cục THADS tỉnh Yên Bái": "deputy",
    }
    membership = term.memberships.get(unit=world.cuc)
    assert LogEntry.objects.get_for_object(membership).latest("timestamp").actor == world.users["board"]

    # A new leader replaces the old one, who stays a member.
    rows = [MEMBERSHIP_HEADER, ["Cụm thi đua số I", "2017", "Vụ Pháp luật dân sự - kinh tế", "Cụm trưởng"]]
    page = preview(board, "clustermembership", upload(rows, "csv"), "csv")
    assert page.context["result"].totals["update"] == 1
    confirm(board, "clustermembership", page)
    assert dict(term.memberships.values_list("unit__name", "role")) == {
        "Vụ Pháp luật dân sự - kinh tế": "leader",
        "Vụ Tổ chức cán bộ": "member",
        "Cục THADS tỉnh Yên Bái": "deputy",
    }


def test_membership_rows_that_break_the_term_rules_are_refused(board, world):
    services.cluster_save(actor=None, cluster=type(world.term.cluster)(name="Cụm thi đua số II", kind="cum"))
    rows = [
        MEMBERSHIP_HEADER,
        ["Cụm thi đua số II", 2016, "Vụ Tổ chức cán bộ", "Thành viên"],
        ["Cụm thi đua số II", 2016, "Cục THADS tỉnh Yên Bái", "Cụm trưởng"],
        ["Cụm thi đua số II", 2016, "Sở Tư pháp tỉnh Hòa Bình", "Cụm trưởng"],
        ["Cụm thi đua số III", 2016, "Sở Tư pháp tỉnh Hòa Bình", "Trưởng nhóm"],
        ["Cụm thi đua số II", "", "Chi cục THADS huyện Văn Yên", "Cụm phó"],
    ]
    memberships = ClusterMembership.objects.count()
    page = preview(board, "clustermembership", upload(rows, "csv"), "csv")
    assert invalid_rows(page) == {
        2: {"Đơn vị": ["Dòng 2, cột «Đơn vị»: Vụ Tổ chức cán bộ đã là thành viên của Cụm thi đua số I năm 2016."]},
        4: {
            "Vai trò": [
                "Dòng 4, cột «Vai trò»: Cụm thi đua số II năm 2016 đã có Cụm trưởng «Cục THADS tỉnh Yên Bái» ở dòng 3."
            ]
        },
        5: {"Cụm thi đua": ["Dòng 5, cột «Cụm thi đua»: không tìm thấy cụm thi đua «Cụm thi đua số III»."]},
        6: {"Năm": ["Dòng 6, cột «Năm»: không được để trống."]},
    }
    assert ClusterMembership.objects.count() == memberships
    assert not ClusterTerm.objects.filter(cluster__name="Cụm thi đua số II").exists()


# Export, then import the same file: nothing changes


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
@pytest.mark.parametrize(
    ("model", "resource"),
    [("unit", UnitResource), ("person", PersonResource), ("clustermembership", ClusterMembershipResource)],
)
def test_export_then_import_of_the_same_file_changes_nothing(board, world, fmt, model, resource):
    factories.term("Khu vực miền núi phía Bắc", 2016, [world.cuc, world.chi_cuc], leader=world.cuc, kind_="khu_vuc")
    content = export(board, model, resource, fmt)
    if fmt == "csv":
        assert next(csv.reader(io.StringIO(content.decode("utf-8-sig")))) == resource().get_export_headers()
    else:
        sheet = openpyxl.load_workbook(io.BytesIO(content)).active
        assert [cell.value for cell in sheet[1]] == resource().get_export_headers()
    rows = resource._meta.model.objects.count()
    audit = LogEntry.objects.count()
    file = SimpleUploadedFile(f"lai.{fmt}", content)
    page = preview(board, model, file, fmt)
    totals = page.context["result"].totals
    assert (totals["new"], totals["update"], totals["skip"], totals["invalid"]) == (0, 0, rows, 0)
    assert confirm(board, model, page).status_code == 302
    assert (resource._meta.model.objects.count(), LogEntry.objects.count()) == (rows, audit)


def test_the_unit_export_speaks_vietnamese(board, world):
    content = export(board, "unit", UnitResource, "csv")
    assert content.startswith("\ufeff".encode())  # so that Excel reads the diacritics
    lines = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    assert lines[0] == [
        "Mã số",
        "Tên đơn vị",
        "Tên viết tắt",
        "Loại đơn vị",
        "Đơn vị cấp trên",
        "Tỉnh, thành phố",
        "Chức danh người đứng đầu",
        "Đang hoạt động",
    ]
    expected = [
        str(world.chi_cuc.pk),
        "Chi cục THADS huyện Văn Yên",
        "",
        "Chi cục THADS",
        "Cục THADS tỉnh Yên Bái",
        "",
        "Chi cục trưởng",
        "Có",
    ]
    assert expected in lines


# The file is a data format: the same Vietnamese words whatever the language of the interface


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
@pytest.mark.parametrize(
    ("model", "resource"),
    [("unit", UnitResource), ("person", PersonResource), ("clustermembership", ClusterMembershipResource)],
)
def test_an_export_made_in_english_imports_unchanged(board, world, fmt, model, resource):
    board.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    factories.person(world.vu_b, "Lê Văn Nam", gender=Person.Gender.MALE, is_active=False)
    factories.term("Khu vực miền núi phía Bắc", 2016, [world.cuc, world.chi_cuc], leader=world.cuc, kind_="khu_vuc")
    content = export(board, model, resource, fmt)
    if fmt == "csv":
        cells = {cell for line in csv.reader(io.StringIO(content.decode("utf-8-sig"))) for cell in line}
    else:
        cells = {cell.value for line in openpyxl.load_workbook(io.BytesIO(content)).active for cell in line}
    vietnamese = {
        "unit": {"Có"},
        "person": {"Nam", "Nữ", "Có", "Không"},
        "clustermembership": {"Thành viên", "Cụm trưởng", "Cụm phó"},
    }[model]
    assert vietnamese <= cells
    assert not cells & {"Male", "Female", "Yes", "No", "Member", "Cluster leader"}

    rows = resource._meta.model.objects.count()
    audit = LogEntry.objects.count()
    page = preview(board, model, SimpleUploadedFile(f"lai.{fmt}", content), fmt)
    assert page["Content-Language"] == "en"
    totals = page.context["result"].totals
    assert (totals["new"], totals["update"], totals["skip"], totals["invalid"]) == (0, 0, rows, 0)
    assert confirm(board, model, page).status_code == 302
    assert (resource._meta.model.objects.count(), LogEntry.objects.count()) == (rows, audit)


def test_english_words_are_read_too(board, world):
    rows = [
        PEOPLE_HEADER,
        ["Nguyễn Thị Hoa", "Vụ Tổ chức cán bộ", "", "Female", "", "", "Yes"],
        ["Trần Văn Bình", "Vụ Tổ chức cán bộ", "", "male", "", "", "NO"],
    ]
    page = preview(board, "person", upload(rows, "csv"), "csv")
    confirm(board, "person", page)
    assert sorted(
        Person.objects.filter(full_name__in=["Nguyễn Thị Hoa", "Trần Văn Bình"]).values_list(
            "full_name", "gender", "is_active"
        )
    ) == [("Nguyễn Thị Hoa", "nu", True), ("Trần Văn Bình", "nam", False)]

    rows = [
        MEMBERSHIP_HEADER,
        ["Cụm thi đua số I", 2018, "Vụ Pháp luật dân sự - kinh tế", "Member"],
        ["Cụm thi đua số I", 2018, "Vụ Tổ chức cán bộ", "Leader"],
        ["Cụm thi đua số I", 2018, "Cục THADS tỉnh Yên Bái", "Deputy"],
        ["Cụm thi đua số I", 2018, "Sở Tư pháp tỉnh Hòa Bình", "Deputy cluster leader"],
    ]
    page = preview(board, "clustermembership", upload(rows, "xlsx"), "xlsx")
    confirm(board, "clustermembership", page)
    assert dict(ClusterTerm.objects.get(year=2018).memberships.values_list("unit__name", "role")) == {
        "Vụ Pháp luật dân sự - kinh tế": "member",
        "Vụ Tổ chức cán bộ": "leader",
        "Cục THADS tỉnh Yên Bái": "deputy",
        "Sở Tư pháp tỉnh Hòa Bình": "deputy",
    }
