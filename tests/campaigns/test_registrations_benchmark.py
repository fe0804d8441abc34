"""The goals campaigns' benchmark hands to `manage.py bench` for its summary (the figures themselves are read on a
quiet machine by `make bench`; here, how they are judged)."""

from campaigns.benchmark import ImportMeasure, PageMeasure, report, report_documents


def lines():
    out = []
    return out, out.append


def test_pages_and_imports_are_judged_against_their_goals():
    pages = [
        PageMeasure("dashboard", 10, 7, 10.0, 12.0),
        PageMeasure("dashboard", 100_010, 7, 14.0, 16.0),
        PageMeasure("sheet_list", 10, 11, 10.0, 12.0),
        PageMeasure("sheet_list", 100_010, 12, 16.0, 19.0),
        PageMeasure("healthz", 10, 0, 1.0, 1.2),
        PageMeasure("healthz", 100_010, 0, 1.0, 1.2),
    ]
    imports = [
        ImportMeasure(rows=10_000, imported=1.0, plain=0.4, plain_gc_paused=0.3),
        ImportMeasure(rows=100_000, imported=10, plain=3, plain_gc_paused=2.5),
    ]
    printed, say = lines()

    goals = report(pages, imports, requests=100, warmup=10, workers=2, say=say)

    assert [(g.figure, g.goal, g.measured, g.met) for g in goals] == [
        ("Tỷ lệ đăng ký (dashboard): số truy vấn, 10 → 100,010 đăng ký", "bằng nhau", "7 → 7", True),
        ("Tỷ lệ đăng ký (dashboard): p50 100,010 / p50 10 đăng ký", "≤ 1.5", "1.40", True),
        ("Danh sách bản đăng ký (Vụ TĐKT): số truy vấn, 10 → 100,010 đăng ký", "bằng nhau", "11 → 12", False),
        ("Danh sách bản đăng ký (Vụ TĐKT): p50 100,010 / p50 10 đăng ký", "≤ 1.5", "1.60", False),
        (
            "Nhập 10,000 đăng ký từ xlsx: tốc độ / tốc độ bulk_create",
            "≥ 1/3",
            "0.40 (10,000 so với 25,000 dòng/giây)",
            True,
        ),
        (
            "Nhập 100,000 đăng ký từ xlsx: tốc độ / tốc độ bulk_create",
            "≥ 1/3",
            "0.30 (10,000 so với 33,333 dòng/giây)",
            False,
        ),
    ]
    assert any("0.40 đạt" in line for line in printed)


def test_documents_are_judged_against_three_times_the_minimal_page():
    figures = {
        "launch_plan": {"seconds": 0.085, "baseline": 0.030, "ratio": 0.085 / 0.030, "pages": 2, "goal": 3.0},
        "covenant": {"seconds": 0.100, "baseline": 0.030, "ratio": 0.100 / 0.030, "pages": 2, "goal": 3.0},
    }
    printed, say = lines()

    goals = report_documents(figures, say=say)

    assert [(g.figure, g.goal, g.measured, g.met) for g in goals] == [
        ("PDF Kế hoạch phát động phong trào: thời gian dựng / trang tối thiểu", "≤ 3", "2.83", True),
        ("PDF Giao ước thi đua (11 đơn vị): thời gian dựng / trang tối thiểu", "≤ 3", "3.33", False),
    ]
    assert printed[-1].splitlines()[-1].split() == [
        "Giao",
        "ước",
        "thi",
        "đua",
        "(11",
        "đơn",
        "vị)",
        "2",
        "100.0",
        "30.0",
        "3.33",
        "KHÔNG",
        "ĐẠT",
    ]
