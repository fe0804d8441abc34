"""Importing past awards: reading the file, the dry run (row errors, duplicates, homonyms, permissions), and the
all-or-nothing write with its audit trail."""

import datetime
import io

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from awards import history_import
from awards.history_import import HistoryRow, read_history_file
from awards.models import Award
from awards.services import history as services
from campaigns.imports import FileProblem
from tests import factories
from tests.awards import history_factories as hf
from thidua.org.models import Role
from thidua.org.permissions import scope_for

pytestmark = pytest.mark.django_db

VU_A = "Vụ Pháp luật dân sự - kinh tế"
VU_B = "Vụ Tổ chức cán bộ"
CUC = "Cục THADS tỉnh Yên Bái"
CHI_CUC = "Chi cục THADS huyện Văn Yên"


def row(year, title, name="", collective="", unit="", unit_code="", code="", number="", date="", issuer="", notes=""):
    """A data row in the order of the full header (hf.HEADER)."""
    return [year, title, name, collective, unit, unit_code, code, number, date, issuer, notes]


def check(actor, data, header=None):
    return services.award_import_check(actor=actor, rows=hf.rows_of(data, header or hf.HEADER))


def texts(plan) -> list[str]:
    return [problem.text for problem in plan.problems]


@pytest.fixture
def an(world):
    return factories.person(world.vu_a, "Nguyễn Văn An")


# Reading ---------------------------------------------------------------------------------------------------


def test_headers_in_any_order_without_diacritics_and_other_names_are_read():
    rows = hf.rows_of(
        [
            ["Vu Phap luat dan su - kinh te", None, "nguyen van an", 2015.0, "LĐTT", datetime.datetime(2016, 1, 15)],
            [None, None, None, None, None, None],
            ["  Vụ   Tổ chức cán bộ ", "x", "", 2016, "ttldxs", "15/01/2017"],
        ],
        header=["don vi", "STT", "HO VA TEN", "nam", "Danh hieu", "Ngày QĐ"],
    )
    assert [r.as_list() for r in rows] == [
        [2, "2015", "LĐTT", "nguyen van an", "", "Vu Phap luat dan su - kinh te", "", "", "", "2016-01-15", "", ""],
        [4, "2016", "ttldxs", "", "", "Vụ Tổ chức cán bộ", "", "", "", "15/01/2017", "", ""],
    ]


def test_a_file_without_its_columns_or_rows_or_not_a_workbook_is_refused():
    with pytest.raises(FileProblem) as exc:
        hf.rows_of([[2015, "An"]], header=["Năm", "Họ và tên"])
    assert str(exc.value) == (
        "Dòng 1: thiếu cột «Danh hiệu, hình thức», «Đơn vị». Dòng đầu tiên phải là tên các cột: «Năm», "
        "«Danh hiệu, hình thức», «Họ và tên», «Tập thể», «Đơn vị», «Mã đơn vị», «Mã cá nhân», «Số quyết định», "
        "«Ngày quyết định», «Cơ quan quyết định», «Ghi chú»."
    )
    with pytest.raises(FileProblem) as exc:
        hf.rows_of([[2015, "a", "b", "c"]], header=["Năm", "Danh hiệu", "Danh hiệu, hình thức", "Đơn vị"])
    assert str(exc.value) == "Dòng 1: cột «Danh hiệu, hình thức» xuất hiện hai lần."
    with pytest.raises(FileProblem) as exc:
        hf.rows_of([[None, None, None]])
    assert str(exc.value) == "Tệp không có dòng dữ liệu nào dưới dòng tên cột."
    with pytest.raises(FileProblem) as exc:
        read_history_file(io.BytesIO(b"Nam,Danh hieu\n2015,LDTT\n"), name="khen-thuong.xlsx")
    assert str(exc.value) == "Tệp không phải là tệp Excel (.xlsx) hợp lệ."


def test_a_csv_file_is_read_with_commas_or_semicolons():
    content = "\ufeffNăm;Danh hiệu, hình thức;Họ và tên;Đơn vị\r\n2015;Lao động tiên tiến;Nguyễn Văn An;Vụ A\r\n\r\n"
    rows = read_history_file(io.BytesIO(content.encode()), name="KHEN-THUONG.CSV")
    assert [r.as_list()[:6] for r in rows] == [[2, "2015", "Lao động tiên tiến", "Nguyễn Văn An", "", "Vụ A"]]
    content = 'Năm,"Danh hiệu, hình thức",Tập thể,Đơn vị\n2016,TTLĐXS,,Vụ B\n'
    rows = read_history_file(io.BytesIO(content.encode()), name="a.csv")
    assert [r.as_list()[:6] for r in rows] == [[2, "2016", "TTLĐXS", "", "", "Vụ B"]]
    with pytest.raises(FileProblem) as exc:
        read_history_file(io.BytesIO(b"N\xe3m,\xd0\xf4n v\xec\n2015,V\xf5\n"), name="a.csv")
    assert str(exc.value) == "Không đọc được tệp CSV: hãy lưu tệp với mã hóa UTF-8 (CSV UTF-8)."


def test_a_file_over_the_limit_is_refused(monkeypatch):
    monkeypatch.setattr(history_import, "MAX_ROWS", 2)
    with pytest.raises(FileProblem) as exc:
        hf.rows_of([[2015, "LĐTT", "A", "", "Vụ"]] * 3)
    assert str(exc.value) == "Tệp có hơn 2 dòng dữ liệu: hãy chia thành nhiều tệp nhỏ hơn."


def test_the_template_is_a_file_the_import_reads(world):
    rows = read_history_file(io.BytesIO(history_import.template_workbook()), name="mau.xlsx")
    assert [(r.number, r.year, r.title, r.name, r.collective, r.unit, r.decision_date) for r in rows] == [
        (2, "2015", "Chiến sĩ thi đua cơ sở", "Nguyễn Văn A", "", VU_B, "2016-01-15"),
        (3, "2015", "Tập thể lao động xuất sắc", "", "", VU_B, "2016-01-15"),
        (4, "2015", "Tập thể lao động tiên tiến", "", CHI_CUC, CUC, ""),
    ]


# The dry run and the write ----------------------------------------------------------------------------------


def test_a_good_file_is_previewed_without_writing_then_written_and_audited(world, an):
    staff = factories.user("staff_all", role=Role.BOARD)
    data = [
        row(2014, "lao dong tien tien", "nguyen van an", unit="Vu Phap luat dan su - kinh te", number="12/QĐ-BTP",
            date=datetime.datetime(2015, 1, 10), issuer="Bộ Tư pháp"),
        row(2015, "CSTĐCS", "Nguyễn Văn An", unit=VU_A, date="10/01/2016", notes="Sổ năm 2015"),
        row(2015, "ttldxs", unit=VU_B),
        [None] * 11,
        row(2015, "Tập thể lao động tiên tiến", collective=CHI_CUC, unit=CUC, date="2016-01-20"),
    ]  # fmt: skip
    plan = check(staff, data)
    assert texts(plan) == []
    assert (plan.rows, plan.individual, plan.collective) == (4, 2, 2)
    assert [
        (x.row, x.year, x.title.code, x.recipient_name, x.unit_name, x.decision_number, x.decision_date, x.notes)
        for x in plan.lines
    ] == [
        (2, 2014, "ldtt", "Nguyễn Văn An", VU_A, "12/QĐ-BTP", datetime.date(2015, 1, 10), ""),
        (3, 2015, "cstdcs", "Nguyễn Văn An", VU_A, "", datetime.date(2016, 1, 10), "Sổ năm 2015"),
        (4, 2015, "ttldxs", VU_B, "Bộ Tư pháp", "", None, ""),
        (6, 2015, "ttldtt", CHI_CUC, CUC, "", datetime.date(2016, 1, 20), ""),
    ]
    assert not Award.objects.exists()

    created = services.award_import(actor=staff, rows=hf.rows_of(data, hf.HEADER))
    awards = list(Award.objects.order_by("year", "title__code").values_list(
        "year", "title__code", "person_id", "unit_id", "recipient_name", "unit_name", "source", "created_by"
    ))  # fmt: skip
    assert awards == [
        (2014, "ldtt", an.pk, None, "Nguyễn Văn An", VU_A, "import", staff.pk),
        (2015, "cstdcs", an.pk, None, "Nguyễn Văn An", VU_A, "import", staff.pk),
        (2015, "ttldtt", None, world.chi_cuc.pk, CHI_CUC, CUC, "import", staff.pk),
        (2015, "ttldxs", None, world.vu_b.pk, VU_B, "Bộ Tư pháp", "import", staff.pk),
    ]
    logged = LogEntry.objects.filter(content_type=ContentType.objects.get_for_model(Award))
    assert sorted(int(e.object_pk) for e in logged) == sorted(a.pk for a in created)
    assert {(e.actor_id, e.action) for e in logged} == {(staff.pk, LogEntry.Action.CREATE)}
    assert {tuple(sorted(e.additional_data.items())) for e in logged} == {
        (("bulk", True), ("note", "Nhập sổ theo dõi khen thưởng từ tệp"))
    }


def test_every_bad_row_is_reported_with_its_row_and_column_and_nothing_is_written(world, an):
    this_year = timezone.localdate().year
    data = [
        row("", "Lao động tiên tiến", "Nguyễn Văn An", unit=VU_A),
        row("năm 2015", "Lao động tiên tiến", "Nguyễn Văn An", unit=VU_A),
        row(1900, "Lao động tiên tiến", "Nguyễn Văn An", unit=VU_A),
        row(2015, "Huân chương Sao Vàng", "Nguyễn Văn An", unit=VU_A),
        row(2015, "Tập thể lao động tiên tiến", "Nguyễn Văn An", unit=VU_A),
        row(2015, "Lao động tiên tiến", unit=VU_A),
        row(2015, "Lao động tiên tiến", "Nguyễn Văn An", unit="Vụ Không Có"),
        row(2015, "Lao động tiên tiến", "Nguyễn Văn Ba", unit=VU_A),
        row(2015, "Lao động tiên tiến", "Nguyễn Văn An"),
        row(2015, "Lao động tiên tiến", "Nguyễn Văn An", collective=VU_B, unit=VU_A),
        row(2015, "Tập thể lao động tiên tiến", collective=CHI_CUC, unit=VU_B),
        row(2015, "Lao động tiên tiến", "Nguyễn Văn An", unit=VU_A, date="32/13/2016"),
        row(2016, "Lao động tiên tiến", "Nguyễn Văn An", unit=VU_A, date="05/01/2015"),
        row(2015, "", "Nguyễn Văn An", unit=VU_A),
        row(2015, "Tập thể lao động tiên tiến", notes="không ghi ai"),
        row(2015, "Tập thể lao động tiên tiến", unit=VU_B, unit_code="abc"),
        row(2015, "Tập thể lao động tiên tiến", unit=VU_B, unit_code="999999"),
        row(2015, "Tập thể lao động tiên tiến", unit=VU_B, unit_code=world.vu_a.pk),
        row(2015, "Lao động tiên tiến", "Nguyễn Văn An", unit=VU_A, notes="x" * 501),
        row(2013, "Lao động tiên tiến", "Nguyễn Văn An", unit=VU_A),  # good, but not written either
    ]
    plan = check(world.users["board"], data)
    assert texts(plan) == [
        "Dòng 2, cột «Năm»: chưa ghi năm.",
        "Dòng 3, cột «Năm»: «năm 2015» không phải là một năm (ví dụ: 2016).",
        f"Dòng 4, cột «Năm»: năm 1900 không hợp lệ: phải từ 1945 đến {this_year}.",
        "Dòng 5, cột «Danh hiệu, hình thức»: không có «Huân chương Sao Vàng» trong danh mục danh hiệu, hình thức "
        "khen thưởng.",
        "Dòng 6, cột «Danh hiệu, hình thức»: «Tập thể lao động tiên tiến» dành cho tập thể: để trống «Họ và tên», "
        "ghi tập thể ở cột «Tập thể» hoặc «Đơn vị».",
        "Dòng 7, cột «Danh hiệu, hình thức»: «Lao động tiên tiến» dành cho cá nhân: ghi «Họ và tên» của người được "
        "khen.",
        "Dòng 8, cột «Đơn vị»: không tìm thấy đơn vị «Vụ Không Có».",
        "Dòng 9, cột «Họ và tên»: không tìm thấy «Nguyễn Văn Ba» trong «Vụ Pháp luật dân sự - kinh tế».",
        "Dòng 10, cột «Đơn vị»: chưa ghi đơn vị của «Nguyễn Văn An».",
        "Dòng 11, cột «Tập thể»: ghi «Họ và tên» (cá nhân) hoặc «Tập thể», không ghi cả hai trên một dòng.",
        "Dòng 12, cột «Đơn vị»: «Chi cục THADS huyện Văn Yên» không thuộc «Vụ Tổ chức cán bộ».",
        "Dòng 13, cột «Ngày quyết định»: «32/13/2016» không phải là một ngày (ghi ngày/tháng/năm, ví dụ: 05/01/2017).",
        "Dòng 14, cột «Ngày quyết định»: ngày quyết định (05/01/2015) không được trước năm được khen (2016).",
        "Dòng 15, cột «Danh hiệu, hình thức»: chưa ghi danh hiệu, hình thức khen thưởng.",
        "Dòng 16, cột «Đơn vị»: chưa ghi người hoặc tập thể được khen.",
        "Dòng 17, cột «Mã đơn vị»: «abc» không phải là một mã đơn vị (một số).",
        "Dòng 18, cột «Mã đơn vị»: không có đơn vị mã «999999».",
        f"Dòng 19, cột «Đơn vị»: mã đơn vị {world.vu_a.pk} là của «Vụ Pháp luật dân sự - kinh tế», không phải "
        "«Vụ Tổ chức cán bộ».",
        "Dòng 20, cột «Ghi chú»: dài quá 500 ký tự.",
    ]
    assert [line.row for line in plan.lines] == [21]
    with pytest.raises(ValidationError) as exc:
        services.award_import(actor=world.users["board"], rows=hf.rows_of(data, hf.HEADER))
    assert exc.value.messages == texts(plan)
    assert not Award.objects.exists()
    assert not LogEntry.objects.filter(content_type=ContentType.objects.get_for_model(Award)).exists()


def test_duplicates_in_the_file_and_in_the_history_are_refused(world, an):
    hf.award(person=an, code="ldtt", year=2014)
    data = [
        row(2014, "Lao động tiên tiến", "Nguyễn Văn An", unit=VU_A),
        row(2015, "Chiến sĩ thi đua cơ sở", "Nguyễn Văn An", unit=VU_A),
        row(2015, "cstdcs", "nguyen van an", unit=VU_A),
        row(2015, "Tập thể lao động xuất sắc", unit=VU_B),
        row(2015, "TTLĐXS", collective=VU_B, unit="Bộ Tư pháp"),
        row(2016, "Tập thể lao động xuất sắc", unit=VU_B),
    ]
    plan = check(world.users["board"], data)
    assert texts(plan) == [
        "Dòng 2, cột «Danh hiệu, hình thức»: «Nguyễn Văn An» đã có «Lao động tiên tiến» năm 2014 trong sổ theo dõi "
        "khen thưởng.",
        "Dòng 4, cột «Danh hiệu, hình thức»: trùng với dòng 3: «Nguyễn Văn An», «Chiến sĩ thi đua cơ sở» năm 2015.",
        "Dòng 6, cột «Danh hiệu, hình thức»: trùng với dòng 5: «Vụ Tổ chức cán bộ», «Tập thể lao động xuất sắc» "
        "năm 2015.",
    ]
    assert Award.objects.count() == 1


def test_an_award_recorded_since_the_preview_stops_the_whole_import(world, an):
    data = [row(2015, "Lao động tiên tiến", "Nguyễn Văn An", unit=VU_A), row(2015, "ttldxs", unit=VU_B)]
    rows = hf.rows_of(data, hf.HEADER)
    assert services.award_import_check(actor=world.users["board"], rows=rows).is_valid
    hf.award(person=an, code="ldtt", year=2015)
    with pytest.raises(ValidationError) as exc:
        services.award_import(actor=world.users["board"], rows=rows)
    assert exc.value.messages == [
        "Dòng 2, cột «Danh hiệu, hình thức»: «Nguyễn Văn An» đã có «Lao động tiên tiến» năm 2015 trong sổ theo dõi "
        "khen thưởng."
    ]
    assert Award.objects.count() == 1


def test_units_of_the_same_name_are_told_apart_or_refused_with_their_parents_sorted(world):
    board = world.users["board"]
    offices = {
        "vu_b": factories.unit("Văn phòng", parent=world.vu_b),
        "other": factories.unit("Văn phòng", parent=world.other),
        "root": factories.unit("Văn phòng"),
        "cuc": factories.unit("Văn phòng", parent=world.cuc),
    }
    factories.person(offices["cuc"], "Phạm Văn Bình")
    data = [
        row(2015, "Tập thể lao động tiên tiến", unit="Văn phòng"),
        row(2015, "Tập thể lao động tiên tiến", collective="Văn phòng", unit="Sở Tư pháp tỉnh Hòa Bình"),
        row(2015, "Tập thể lao động xuất sắc", collective="Văn phòng", unit_code=offices["vu_b"].pk),
        row(2015, "Lao động tiên tiến", "Phạm Văn Bình", unit="Văn phòng"),
        row(2015, "Lao động tiên tiến", "Không Có Ai", unit="Văn phòng"),
    ]
    plan = check(board, data)
    places = (
        f"không có đơn vị cấp trên (mã đơn vị {offices['root'].pk}); "
        f"thuộc «Cục THADS tỉnh Yên Bái» (mã đơn vị {offices['cuc'].pk}); "
        f"thuộc «Sở Tư pháp tỉnh Hòa Bình» (mã đơn vị {offices['other'].pk}); "
        f"thuộc «Vụ Tổ chức cán bộ» (mã đơn vị {offices['vu_b'].pk})"
    )
    assert texts(plan) == [
        f"Dòng 2, cột «Đơn vị»: có 4 đơn vị tên «Văn phòng»: {places}; ghi đơn vị cấp trên ở cột «Đơn vị» (tập thể "
        "ở cột «Tập thể») hoặc ghi cột «Mã đơn vị».",
        f"Dòng 6, cột «Đơn vị»: có 4 đơn vị tên «Văn phòng»: {places}; ghi thêm cột «Mã đơn vị» để phân biệt.",
    ]
    assert [(line.row, line.unit_id, line.person_id is not None, line.unit_name) for line in plan.lines] == [
        (3, offices["other"].pk, False, "Sở Tư pháp tỉnh Hòa Bình"),
        (4, offices["vu_b"].pk, False, "Vụ Tổ chức cán bộ"),
        (5, None, True, "Văn phòng"),
    ]


def test_namesakes_in_a_unit_need_the_person_code(world):
    lan_1 = factories.person(world.cuc, "Nguyễn Thị Lan")
    lan_2 = factories.person(world.cuc, "Nguyễn Thị Lan")
    hoa = factories.person(world.vu_b, "Lê Thị Hoa")
    data = [
        row(2015, "Lao động tiên tiến", "Nguyễn Thị Lan", unit=CUC),
        row(2015, "Lao động tiên tiến", "Nguyễn Thị Lan", unit=CUC, code=lan_2.pk),
        row(2016, "Lao động tiên tiến", "Nguyễn Thị Lan", unit=CUC, code=hoa.pk),
        row(2016, "Lao động tiên tiến", "Lê Thị Hoa", unit=CUC, code=hoa.pk),
        row(2016, "Lao động tiên tiến", "Nguyễn Thị Lan", unit=CUC, code=999999),
        row(2016, "Lao động tiên tiến", "Nguyễn Thị Lan", unit=CUC, code="x1"),
        row(2016, "Lao động tiên tiến", "Nguyễn Thị Lan", unit=CUC, code="99999999999999999999999"),
        row(2016, "Lao động tiên tiến", "Nguyễn Thị Lan", unit=CUC, code="²"),
    ]
    plan = check(world.users["board"], data)
    assert texts(plan) == [
        f"Dòng 2, cột «Họ và tên»: «Cục THADS tỉnh Yên Bái» có 2 người tên «Nguyễn Thị Lan» (mã cá nhân: "
        f"{lan_1.pk}, {lan_2.pk}); ghi thêm cột «Mã cá nhân» để biết dòng 2 là của ai.",
        f"Dòng 4, cột «Mã cá nhân»: mã cá nhân {hoa.pk} là của «Lê Thị Hoa», không phải «Nguyễn Thị Lan».",
        f"Dòng 5, cột «Mã cá nhân»: cá nhân mã {hoa.pk} không thuộc «Cục THADS tỉnh Yên Bái».",
        "Dòng 6, cột «Mã cá nhân»: không có cá nhân mã «999999».",
        "Dòng 7, cột «Mã cá nhân»: «x1» không phải là một mã cá nhân (một số).",
        "Dòng 8, cột «Mã cá nhân»: «99999999999999999999999» không phải là một mã cá nhân (một số).",
        "Dòng 9, cột «Mã cá nhân»: «²» không phải là một mã cá nhân (một số).",
    ]
    assert [(line.row, line.person_id) for line in plan.lines] == [(3, lan_2.pk)]


def test_unit_staff_import_only_for_their_units(world):
    factories.person(world.chi_cuc, "Đỗ Văn Cường")
    data = [
        row(2015, "Tập thể lao động tiên tiến", unit=CUC),
        row(2015, "Lao động tiên tiến", "Đỗ Văn Cường", unit=CHI_CUC),
        row(2015, "Tập thể lao động tiên tiến", unit=VU_B),
        row(2015, "Tập thể lao động tiên tiến", unit="Bộ Tư pháp"),
    ]
    plan = check(world.users["staff_cuc"], data)
    assert texts(plan) == [
        "Dòng 4, cột «Đơn vị»: không tìm thấy đơn vị «Vụ Tổ chức cán bộ» trong các đơn vị bạn được xem.",
        "Dòng 5, cột «Đơn vị»: không tìm thấy đơn vị «Bộ Tư pháp» trong các đơn vị bạn được xem.",
    ]
    # Who sees every unit but writes to one: told why, not that the unit does not exist.
    reader = factories.user("reader_staff", role=Role.VIEWER)
    factories.services.role_grant(actor=None, user=reader, role=Role.UNIT_STAFF, unit=world.cuc)
    plan = check(reader, data)
    assert texts(plan) == [
        "Dòng 4, cột «Đơn vị»: bạn không có quyền ghi khen thưởng cho «Vụ Tổ chức cán bộ».",
        "Dòng 5, cột «Đơn vị»: bạn không có quyền ghi khen thưởng cho «Bộ Tư pháp».",
    ]
    with pytest.raises(ValidationError):
        services.award_import(actor=reader, rows=hf.rows_of(data, hf.HEADER))
    assert not Award.objects.exists()
    created = services.award_import(actor=world.users["staff_cuc"], rows=hf.rows_of(data[:2], hf.HEADER))
    assert sorted(a.recipient_name for a in created) == [CUC, "Đỗ Văn Cường"]


def test_the_check_reads_the_same_number_of_queries_for_few_rows_and_many(world):
    board = world.users["board"]
    scope_for(board)  # the user's roles, read once per request and kept on the user
    people = [factories.person(world.vu_b, f"Cán Bộ Số {i:02d}") for i in range(30)]
    hf.award(person=people[0], code="ldtt", year=2010)

    def count(rows: list[HistoryRow]) -> int:
        with CaptureQueriesContext(connection) as captured:
            plan = services.award_import_check(actor=board, rows=rows)
        assert plan.problems == [] or len(plan.problems) == 1
        return len(captured)

    few = hf.rows_of([row(2015, "ldtt", p.full_name, unit=VU_B) for p in people[:2]], hf.HEADER)
    many = hf.rows_of(
        [row(year, "ldtt", p.full_name, unit=VU_B) for p in people for year in (2010, 2011)]
        + [row(2012, "ttldxs", unit=u.name) for u in (world.vu_a, world.vu_b, world.cuc, world.chi_cuc)],
        hf.HEADER,
    )
    assert count(few) == count(many)
