"""Import of registrations from xlsx (the service): good and bad files, every rule, all or nothing, query counts."""

import pytest
from auditlog.models import LogEntry
from django.db import connection
from django.test.utils import CaptureQueriesContext

from campaigns.models import Registration, RegistrationSheet
from campaigns.services import registrations as registration_services
from campaigns.services.imports import registrations_import
from tests import factories
from thidua.org import services as org_services
from thidua.org.models import Person

from .fixtures_imports import add_people, xlsx_file

pytestmark = pytest.mark.django_db

YEAR = 2016
LDTT = "Lao động tiên tiến"
CSTDCS = "Chiến sĩ thi đua cơ sở"
TTLDXS = "Tập thể lao động xuất sắc"
VU_B = "Vụ Tổ chức cán bộ"


@pytest.fixture
def staff(world):
    """Vụ Tổ chức cán bộ (world.vu_b) with three more people; its unit staff user."""
    for name in ("Nguyễn Văn An", "Lê Thị Bình", "Phạm Văn Cường"):
        factories.person(world.vu_b, name)
    return world.users["staff_b"]


def run(actor, rows, *, commit=True, header=None, **kwargs):
    fileobj = xlsx_file(rows) if header is None else xlsx_file(rows, header)
    return registrations_import(actor=actor, fileobj=fileobj, commit=commit, **kwargs)


def texts(result) -> list[str]:
    return [error.text for error in result.errors]


def person(name) -> Person:
    return Person.objects.get(full_name=name)


# --- Good files -----------------------------------------------------------------------------------------------


def test_small_good_file_registers_people_and_the_unit_with_audit(world, staff):
    result = run(
        staff,
        [
            [YEAR, VU_B, "Nguyễn Văn An", LDTT],
            [YEAR, VU_B, "Lê Thị Bình", CSTDCS],
            [YEAR, VU_B, None, TTLDXS],
        ],
    )

    assert texts(result) == []
    assert (result.rows, result.created, result.new_sheets) == (3, 3, 1)
    sheet = RegistrationSheet.objects.get()
    assert (sheet.unit, sheet.year, sheet.unit_name, sheet.status) == (world.vu_b, YEAR, VU_B, "draft")
    rows = {
        (r.person.full_name if r.person else None, r.title.name, r.year, r.unit_id, r.sheet_id)
        for r in Registration.objects.select_related("person", "title")
    }
    assert rows == {
        ("Nguyễn Văn An", LDTT, YEAR, world.vu_b.pk, sheet.pk),
        ("Lê Thị Bình", CSTDCS, YEAR, world.vu_b.pk, sheet.pk),
        (None, TTLDXS, YEAR, world.vu_b.pk, sheet.pk),
    }
    # One audit entry per row written, attributed to the user, marked as bulk.
    registration_log = LogEntry.objects.get_for_model(Registration)
    assert registration_log.count() == 3
    assert {entry.actor_id for entry in registration_log} == {staff.pk}
    assert all(entry.additional_data["bulk"] for entry in registration_log)
    assert LogEntry.objects.get_for_model(RegistrationSheet).count() == 1


def test_the_dry_run_writes_nothing_and_says_what_would_be_created(world, staff):
    result = run(staff, [[YEAR, VU_B, "Nguyễn Văn An", LDTT], [YEAR, VU_B, None, TTLDXS]], commit=False)

    assert result.ok
    assert Registration.objects.count() == RegistrationSheet.objects.count() == 0
    summary = result.summary()
    assert {k: summary[k] for k in ("rows", "individual", "collective", "units", "years", "new_sheets")} == {
        "rows": 2,
        "individual": 1,
        "collective": 1,
        "units": 1,
        "years": [YEAR],
        "new_sheets": 1,
    }
    assert summary["titles"] == [{"title": LDTT, "count": 1}, {"title": TTLDXS, "count": 1}]
    assert summary["sample"][0] == {"row": 2, "year": YEAR, "unit": VU_B, "person": "Nguyễn Văn An", "title": LDTT}


def test_names_match_without_diacritics_or_case_and_titles_by_short_name(world, staff):
    result = run(
        staff,
        [
            ["2016", "vu to chuc can bo", "NGUYEN VAN AN", "LĐTT"],
            [2016.0, "  Vụ  Tổ chức cán bộ ", "le thi binh", "lao dong tien tien"],
        ],
    )

    assert texts(result) == []
    assert set(Registration.objects.values_list("person__full_name", "title__code")) == {
        ("Nguyễn Văn An", "ldtt"),
        ("Lê Thị Bình", "ldtt"),
    }


def test_blank_rows_are_skipped_and_row_numbers_stay_those_of_excel(world, staff):
    result = run(staff, [[YEAR, VU_B, "Nguyễn Văn An", LDTT], [None, None, None, None], [YEAR, VU_B, "Không Có", LDTT]])

    assert texts(result) == ["Dòng 4, cột «Họ và tên»: không tìm thấy «Không Có» trong Vụ Tổ chức cán bộ."]


def test_an_existing_draft_sheet_is_used_and_a_returned_one_too(world, staff, titles):
    draft = registration_services.sheet_get_or_create(actor=None, unit=world.vu_b, year=YEAR)

    result = run(staff, [[YEAR, VU_B, "Nguyễn Văn An", LDTT]])

    assert (result.created, result.new_sheets) == (1, 0)
    assert Registration.objects.get().sheet == draft


# --- Bad files: nothing written, every problem named by row and column ----------------------------------------


def test_bad_rows_are_listed_with_excel_row_numbers_and_nothing_is_written(world, staff):
    result = run(
        staff,
        [
            [YEAR, VU_B, "Nguyễn Văn An", LDTT],  # 2: good
            ["năm ngoái", VU_B, "Lê Thị Bình", LDTT],  # 3
            [YEAR, "Vụ Không Tồn Tại", "Lê Thị Bình", LDTT],  # 4
            [YEAR, VU_B, "Nguyễn Văn X", LDTT],  # 5
            [YEAR, VU_B, "Phạm Văn Cường", "Danh hiệu lạ"],  # 6
            [YEAR, VU_B, None, LDTT],  # 7: an individual title for the unit
            [YEAR, VU_B, "Phạm Văn Cường", TTLDXS],  # 8: a collective title for a person
            [YEAR, VU_B, "Phạm Văn Cường", "Bằng khen của Bộ trưởng Bộ Tư pháp"],  # 9: a commendation
            [None, None, "Phạm Văn Cường", None],  # 10
            [1800, VU_B, "Phạm Văn Cường", LDTT],  # 11
        ],
    )

    assert texts(result) == [
        "Dòng 3, cột «Năm»: «năm ngoái» không phải là một năm (ví dụ: 2016).",
        "Dòng 4, cột «Đơn vị»: không tìm thấy đơn vị «Vụ Không Tồn Tại».",
        "Dòng 5, cột «Họ và tên»: không tìm thấy «Nguyễn Văn X» trong Vụ Tổ chức cán bộ.",
        "Dòng 6, cột «Danh hiệu»: không có danh hiệu «Danh hiệu lạ» trong danh mục.",
        "Dòng 7, cột «Danh hiệu»: «Lao động tiên tiến» là danh hiệu cá nhân: ghi «Họ và tên» của người đăng ký.",
        "Dòng 8, cột «Danh hiệu»: «Tập thể lao động xuất sắc» là danh hiệu tập thể: để trống «Họ và tên» khi "
        "đơn vị đăng ký.",
        "Dòng 9, cột «Danh hiệu»: «Bằng khen của Bộ trưởng Bộ Tư pháp» là hình thức khen thưởng, không phải danh "
        "hiệu thi đua để đăng ký.",
        "Dòng 10, cột «Năm»: chưa ghi năm.",
        "Dòng 10, cột «Đơn vị»: chưa ghi tên đơn vị.",
        "Dòng 10, cột «Danh hiệu»: chưa ghi danh hiệu.",
        "Dòng 11, cột «Năm»: «1800» không phải là một năm (ví dụ: 2016).",
    ]
    assert Registration.objects.count() == RegistrationSheet.objects.count() == 0
    assert LogEntry.objects.get_for_model(Registration).count() == 0


def test_one_bad_row_among_good_ones_writes_nothing(world, staff):
    rows = [[YEAR, VU_B, name, LDTT] for name in ("Nguyễn Văn An", "Lê Thị Bình", "Phạm Văn Cường")]
    result = run(staff, [*rows, [YEAR, VU_B, "Người Lạ", LDTT]])

    assert texts(result) == ["Dòng 5, cột «Họ và tên»: không tìm thấy «Người Lạ» trong Vụ Tổ chức cán bộ."]
    assert result.created == 0
    assert Registration.objects.count() == RegistrationSheet.objects.count() == 0


def test_a_row_repeated_in_the_file_is_refused(world, staff):
    result = run(
        staff,
        [
            [YEAR, VU_B, "Nguyễn Văn An", LDTT],
            [YEAR, VU_B, "Lê Thị Bình", LDTT],
            [YEAR, VU_B, "nguyen van an", "LĐTT"],
            [YEAR, VU_B, None, TTLDXS],
            [YEAR, VU_B, None, "Tập thể lao động tiên tiến"],
            [YEAR, VU_B, None, TTLDXS],
        ],
    )

    assert texts(result) == [
        "Dòng 4, cột «Họ và tên»: trùng với dòng 2: «Nguyễn Văn An» đăng ký danh hiệu «Lao động tiên tiến» năm "
        "2016 hai lần.",
        "Dòng 6, cột «Danh hiệu»: dòng 5 đã đăng ký danh hiệu tập thể «Tập thể lao động xuất sắc» cho «Vụ Tổ chức "
        "cán bộ» năm 2016; mỗi đơn vị đăng ký một danh hiệu tập thể trong năm.",
        "Dòng 7, cột «Danh hiệu»: trùng với dòng 5: «Vụ Tổ chức cán bộ» đăng ký danh hiệu «Tập thể lao động xuất "
        "sắc» hai lần.",
    ]
    assert Registration.objects.count() == 0


def test_a_registration_already_in_the_database_is_refused(world, staff, titles):
    sheet = registration_services.sheet_get_or_create(actor=None, unit=world.vu_b, year=YEAR)
    registration_services.registration_add(actor=None, sheet=sheet, title=titles.ldtt, person=person("Lê Thị Bình"))
    registration_services.sheet_set_collective_title(actor=None, sheet=sheet, title=titles.ttldtt)

    result = run(
        staff,
        [
            [YEAR, VU_B, "Lê Thị Bình", LDTT],
            [YEAR, VU_B, "Lê Thị Bình", CSTDCS],  # another title: fine
            [YEAR, VU_B, None, TTLDXS],
            [2017, VU_B, "Lê Thị Bình", LDTT],  # another year: fine
        ],
    )

    assert texts(result) == [
        "Dòng 2, cột «Họ và tên»: «Lê Thị Bình» đã đăng ký danh hiệu «Lao động tiên tiến» năm 2016.",
        "Dòng 4, cột «Danh hiệu»: «Vụ Tổ chức cán bộ» đã đăng ký danh hiệu tập thể khác năm 2016; mỗi đơn vị đăng "
        "ký một danh hiệu tập thể trong năm (sửa trên bản đăng ký của đơn vị).",
    ]
    assert Registration.objects.count() == 2


def test_homonyms_need_the_person_code(world, staff):
    second = factories.person(world.vu_b, "Nguyễn Văn An")
    first = Person.objects.filter(full_name="Nguyễn Văn An").exclude(pk=second.pk).get()

    result = run(staff, [[YEAR, VU_B, "Nguyễn Văn An", LDTT]])
    assert texts(result) == [
        f"Dòng 2, cột «Họ và tên»: có 2 người tên «Nguyễn Văn An» trong Vụ Tổ chức cán bộ (mã cá nhân: {first.pk}, "
        f"{second.pk}); ghi thêm cột «Mã cá nhân» để phân biệt."
    ]

    result = run(staff, [[YEAR, VU_B, "Nguyễn Văn An", LDTT, second.pk], [YEAR, VU_B, None, CSTDCS, first.pk]])
    assert texts(result) == []
    assert set(Registration.objects.values_list("person_id", "title__code")) == {
        (second.pk, "ldtt"),
        (first.pk, "cstdcs"),
    }


def test_a_person_code_must_be_of_that_unit_and_name(world, staff):
    other = factories.person(world.vu_a, "Hoàng Văn Dũng")
    an = person("Nguyễn Văn An")

    result = run(
        staff,
        [
            [YEAR, VU_B, "Hoàng Văn Dũng", LDTT, other.pk],
            [YEAR, VU_B, "Lê Thị Bình", LDTT, an.pk],
            [YEAR, VU_B, "Lê Thị Bình", LDTT, "abc"],
        ],
    )

    assert texts(result) == [
        f"Dòng 2, cột «Mã cá nhân»: không có cá nhân mã «{other.pk}» trong «Vụ Tổ chức cán bộ».",
        f"Dòng 3, cột «Họ và tên»: mã cá nhân {an.pk} là của «Nguyễn Văn An», không phải «Lê Thị Bình».",
        "Dòng 4, cột «Mã cá nhân»: «abc» không phải là một mã cá nhân (một số).",
    ]
    # The board may see every unit, so it is told where the person works.
    result = run(world.users["board"], [[YEAR, VU_B, "Hoàng Văn Dũng", LDTT, other.pk]])
    assert texts(result) == [
        f"Dòng 2, cột «Mã cá nhân»: cá nhân mã {other.pk} thuộc «Vụ Pháp luật dân sự - kinh tế», không thuộc «Vụ Tổ "
        "chức cán bộ»."
    ]


def test_a_person_who_has_left_cannot_be_registered(world, staff):
    gone = person("Phạm Văn Cường")
    gone.is_active = False
    gone.save()

    result = run(staff, [[YEAR, VU_B, "Phạm Văn Cường", LDTT]])

    assert texts(result) == ["Dòng 2, cột «Họ và tên»: «Phạm Văn Cường» không còn công tác."]


def test_a_submitted_sheet_cannot_be_changed_by_an_import(world, staff, titles):
    sheet = registration_services.sheet_get_or_create(actor=None, unit=world.vu_b, year=YEAR)
    registration_services.registration_add(actor=None, sheet=sheet, title=titles.ldtt, person=person("Lê Thị Bình"))
    registration_services.sheet_submit(actor=staff, sheet=sheet)

    result = run(staff, [[YEAR, VU_B, "Nguyễn Văn An", LDTT]])

    assert texts(result) == [
        "Dòng 2, cột «Đơn vị»: bản đăng ký năm 2016 của «Vụ Tổ chức cán bộ» đang ở trạng thái «Đã gửi», không thể sửa."
    ]


def test_a_file_without_a_required_column_or_not_xlsx_is_refused(world, staff):
    result = run(staff, [[YEAR, VU_B, "Nguyễn Văn An"]], header=["Năm", "Đơn vị", "Họ và tên"])
    assert texts(result) == [
        "Dòng 1: thiếu cột «Danh hiệu». Dòng đầu tiên phải là tên các cột: «Năm», «Đơn vị», «Họ và tên», «Danh hiệu»."
    ]

    import io

    result = registrations_import(actor=staff, fileobj=io.BytesIO(b"Nam;Don vi\n2016;Vu"), commit=True)
    assert texts(result) == ["Tệp không phải là tệp Excel (.xlsx) hợp lệ."]

    result = run(staff, [])
    assert texts(result) == ["Tệp không có dòng dữ liệu nào dưới dòng tên cột."]


def test_headers_are_found_in_any_order_and_without_diacritics(world, staff):
    result = run(
        staff, [["Nguyễn Văn An", LDTT, VU_B, YEAR, "x"]], header=["ho va ten", "DANH HIEU", "Don vi", "nam", "STT"]
    )

    assert texts(result) == []
    assert result.created == 1


# --- Who may import what --------------------------------------------------------------------------------------


def test_unit_staff_import_only_for_units_they_can_write(world, staff):
    chi_cuc = world.chi_cuc.name
    factories.person(world.chi_cuc, "Đỗ Văn Em")

    # Vụ Tổ chức cán bộ is out of sight for the staff of Vụ A: as if it did not exist.
    result = run(world.users["staff_a"], [[YEAR, VU_B, "Nguyễn Văn An", LDTT]])
    assert texts(result) == ["Dòng 2, cột «Đơn vị»: không tìm thấy đơn vị «Vụ Tổ chức cán bộ»."]

    # The cluster leader sees Vụ Tổ chức cán bộ (a member of its cluster) but may not register it.
    result = run(world.users["leader_a"], [[YEAR, VU_B, "Nguyễn Văn An", LDTT]])
    assert texts(result) == ["Dòng 2, cột «Đơn vị»: bạn không có quyền đăng ký thi đua cho «Vụ Tổ chức cán bộ»."]

    # The staff of a Cục register its Chi cục too (a sub-unit).
    result = run(world.users["staff_cuc"], [[YEAR, chi_cuc, "Đỗ Văn Em", LDTT]])
    assert texts(result) == []
    assert result.created == 1


def test_the_board_imports_for_any_unit(world, staff):
    result = run(
        world.users["board"],
        [[YEAR, VU_B, "Nguyễn Văn An", LDTT], [YEAR, world.other.name, f"Trần Văn {world.other.pk}", LDTT]],
    )

    assert texts(result) == []
    assert result.created == 2
    assert RegistrationSheet.objects.count() == 2


def test_two_units_of_one_name_need_the_unit_code(world, staff):
    first = factories.unit("Văn phòng", parent=world.cuc)
    second = factories.unit("Văn phòng", parent=world.other)
    factories.person(first, "Vũ Thị Giang")

    result = run(world.users["board"], [[YEAR, "Văn phòng", "Vũ Thị Giang", LDTT]])
    assert texts(result) == [
        f"Dòng 2, cột «Đơn vị»: có 2 đơn vị tên «Văn phòng» (mã đơn vị: {first.pk}, {second.pk}); ghi thêm cột "
        "«Mã đơn vị» để phân biệt."
    ]

    header = ["Năm", "Đơn vị", "Mã đơn vị", "Họ và tên", "Danh hiệu"]
    result = run(world.users["board"], [[YEAR, "Văn phòng", first.pk, "Vũ Thị Giang", LDTT]], header=header)
    assert texts(result) == []
    # The staff of the Cục can only write one of them: no code needed.
    result = run(world.users["staff_cuc"], [[YEAR, "Văn phòng", "Vũ Thị Giang", CSTDCS]])
    assert texts(result) == []
    assert Registration.objects.count() == 2


# --- Speed: a fixed number of queries, progress reported ------------------------------------------------------


def _queries(actor, rows) -> int:
    with CaptureQueriesContext(connection) as captured:
        result = run(actor, rows)
    assert result.ok, texts(result)
    return len(captured)


def test_the_number_of_queries_does_not_grow_with_the_rows(world, staff):
    small_unit = factories.unit("Vụ Nhỏ", parent=world.ministry)
    big_unit = factories.unit("Vụ Lớn", parent=world.ministry)
    factories.person(small_unit, "Một Người")
    people = add_people(big_unit, 60)
    board = world.users["board"]
    # Warm-up: the user's scope and the content types are read once per process or request, then cached.
    _queries(board, [[YEAR, VU_B, "Nguyễn Văn An", LDTT]])

    one = _queries(board, [[YEAR, "Vụ Nhỏ", "Một Người", LDTT]])
    many = _queries(board, [[YEAR, "Vụ Lớn", p.full_name, LDTT] for p in people] + [[YEAR, "Vụ Lớn", None, TTLDXS]])

    assert Registration.objects.count() == 63
    assert one == many


def test_the_number_of_queries_does_not_grow_with_the_rows_given_by_code(world, staff):
    unit = factories.unit("Vụ Lớn", parent=world.ministry)
    people = add_people(unit, 60)
    board = world.users["board"]
    _queries(board, [[YEAR, VU_B, "Nguyễn Văn An", LDTT]])

    one = _queries(board, [[YEAR, "Vụ Lớn", None, LDTT, people[0].pk]])
    # Each import makes new sheets (another year): the same work but for the number of rows.
    many = _queries(board, [[YEAR + 1, "Vụ Lớn", None, CSTDCS, p.pk] for p in people])
    # Codes far apart: the people of the units are read instead of a range of ids.
    far = org_services.person_save(
        actor=None, person=Person(id=people[-1].pk + 100_000, full_name="Ở Xa", unit=world.other, gender="nu")
    )
    sparse = _queries(
        board,
        [
            [YEAR + 2, "Vụ Lớn", None, CSTDCS, people[1].pk],
            [YEAR + 2, world.other.name, None, LDTT, far.pk],
        ],
    )

    assert one == many == sparse


def test_a_file_of_too_many_rows_is_refused(world, staff, settings):
    settings.IMPORT_MAX_ROWS = 2
    rows = [[YEAR, VU_B, name, LDTT] for name in ("Nguyễn Văn An", "Lê Thị Bình", "Phạm Văn Cường")]

    result = run(staff, rows)
    assert texts(result) == ["Tệp có hơn 2 dòng dữ liệu: hãy chia thành nhiều tệp nhỏ hơn."]
    result = run(staff, [*[[None] * 4] * 5, rows[0]])
    assert texts(result) == ["Tệp có hơn 2 dòng dữ liệu: hãy chia thành nhiều tệp nhỏ hơn."]
    assert Registration.objects.count() == 0


def test_progress_is_reported_every_few_rows(world, staff, settings):
    settings.IMPORT_PROGRESS_EVERY = 2
    seen = []
    rows = [[YEAR, VU_B, name, LDTT] for name in ("Nguyễn Văn An", "Lê Thị Bình", "Phạm Văn Cường")]
    rows += [[YEAR, VU_B, None, TTLDXS], [YEAR, VU_B, "Nguyễn Văn An", CSTDCS]]

    result = run(staff, rows, progress=seen.append)

    assert result.created == 5
    assert seen == [2, 4, 5]
