"""Vietnamese text: folding, the diacritics-insensitive `ucontains` lookup, and the sort order, which must be
the same in Python, on SQLite and on PostgreSQL (ICU's vi-x-icu)."""

import random
import unicodedata

import pytest
from django.db import connection

from tests import factories
from thidua.core.search import vi
from thidua.core.vietnamese import COLLATION, fold, sort_key, unaccent
from thidua.org.models import Province

# What PostgreSQL 15 answers to ORDER BY name COLLATE "vi-x-icu": ă, â, đ, ê, ô, ơ, ư are letters of their own;
# white space and digits come before letters; tones (ngang, huyền, hỏi, ngã, sắc, nặng) count only between
# names with the same letters, and then lower case before upper case.
VIETNAMESE_ORDER = [
    "An Giang",
    "Ăn Khê",
    "Ân Thi",
    "Bà Rịa",
    "Ba Vì",
    "Bạc Liêu",
    "Bắc Giang",
    "Bắc Kạn",
    "Cao Bằng",
    "Cần Thơ",
    "Côn Đảo",
    "Cơ quan Bộ",
    "Dân",
    "Dần",
    "Dẩn",
    "Dẫn",
    "Dấn",
    "Dận",
    "dân sự",
    "Dân sự",
    "Dầu Tiếng",
    "Duy Tiên",
    "Dương Minh Châu",
    "Đà Nẵng",
    "Điện Biên",
    "Đinh Hóa",
    "Đội 12",
    "đội 3",
    "Đường Lâm",
    "Hà Giang",
    "Hải Dương",
    "Hoà Bình",
    "Hòa Bình",
    "Hoàng Su Phì",
    "Hồ Chí Minh",
    "Lai Châu",
    "Lạng Sơn",
    "Lào Cai",
    "Ô Môn",
    "Ơn Trì",
    "Uông Bí",
    "Ủy ban nhân dân",
    "Ưng Hòa",
    "Văn phòng Bộ",
    "Vụ Các vấn đề chung về xây dựng pháp luật",
    "Vụ Pháp luật dân sự - kinh tế",
    "Vụ Pháp luật quốc tế",
    "Vụ Tổ chức cán bộ",
    "Yên Bái",
]


def shuffled(names: list[str]) -> list[str]:
    names = list(names)
    random.Random(2016).shuffle(names)
    return names


def test_fold_lowercases_and_strips_every_diacritic_and_the_stroke_of_d():
    assert fold("Đường Pháp luật") == "duong phap luat"
    assert fold("Cục THADS tỉnh Điện Biên") == "cuc thads tinh dien bien"
    assert fold("ƯỚC LƯỢNG Ở ĐÂY") == "uoc luong o day"
    assert fold(None) is None


def test_fold_treats_composed_and_decomposed_text_alike():
    composed = "Nguyễn Thị Hồng Nhung"
    assert fold(unicodedata.normalize("NFD", composed)) == fold(composed) == "nguyen thi hong nhung"


def test_unaccent_keeps_the_case_like_postgresql():
    assert unaccent("Đường Pháp luật") == "Duong Phap luat"
    assert unaccent(None) is None


def test_sort_key_gives_the_vietnamese_dictionary_order():
    assert sorted(shuffled(VIETNAMESE_ORDER), key=sort_key) == VIETNAMESE_ORDER


@pytest.fixture
def provinces(db):
    for name in shuffled(VIETNAMESE_ORDER):
        factories.province(name)


def test_the_database_orders_by_the_vietnamese_collation(provinces):
    """On SQLite through the Python collation, on PostgreSQL through ICU: the same order."""
    names = list(Province.objects.order_by(vi("name")).values_list("name", flat=True))
    assert names == VIETNAMESE_ORDER


def found(query: str) -> list[str]:
    return sorted(Province.objects.filter(name__ucontains=query).values_list("name", flat=True), key=sort_key)


def test_ucontains_finds_diacritics_from_plain_input(provinces):
    assert found("phap luat dan su") == ["Vụ Pháp luật dân sự - kinh tế"]
    assert found("PHAP LUAT") == [
        "Vụ Các vấn đề chung về xây dựng pháp luật",
        "Vụ Pháp luật dân sự - kinh tế",
        "Vụ Pháp luật quốc tế",
    ]
    assert found("duong") == ["Dương Minh Châu", "Đường Lâm", "Hải Dương"]
    assert found("dan su") == ["dân sự", "Dân sự", "Vụ Pháp luật dân sự - kinh tế"]
    assert found("hoa binh") == ["Hoà Bình", "Hòa Bình"]
    assert found("xyz") == []


def test_ucontains_also_folds_the_query():
    # No database needed to see it: the query is folded the same way as the column.
    assert fold("Đường") == fold("duong") == "duong"


def test_ucontains_with_diacritics_in_the_query_still_finds_every_spelling(provinces):
    assert found("Đường") == ["Dương Minh Châu", "Đường Lâm", "Hải Dương"]
    assert found("hòa bình") == ["Hoà Bình", "Hòa Bình"]


def test_ucontains_takes_like_wildcards_literally(db):
    for name in ("Quỹ 100% vốn", "Quỹ 1000 vốn", "Tổ_1", "Tổ 21"):
        factories.province(name)
    assert found("100%") == ["Quỹ 100% vốn"]
    assert found("_1") == ["Tổ_1"]


def generated_names(count: int) -> list[str]:
    """Deterministic Vietnamese-looking names: every base letter, every tone, both cases, spaces, digits."""
    rng = random.Random(30)
    letters = "aăâbcdđeêghiklmnoôơpqrstuưvxy"
    vowels = set("aăâeêioôơuưy")
    tones = ["", "\u0300", "\u0309", "\u0303", "\u0301", "\u0323"]
    names: set[str] = set()
    while len(names) < count:
        words = []
        for _ in range(rng.randint(1, 3)):
            word = ""
            for _ in range(rng.randint(1, 4)):
                ch = rng.choice(letters)
                if ch in vowels:
                    ch = unicodedata.normalize("NFC", ch + rng.choice(tones))
                word += ch.upper() if rng.random() < 0.3 else ch
            words.append(word)
        name = " ".join(words)
        if rng.random() < 0.1:
            name += f" {rng.randint(1, 20)}"
        names.add(name)
    return shuffled(sorted(names))


def postgresql_order(names: list[str]) -> list[str]:
    values = ", ".join(["(%s)"] * len(names))
    with connection.cursor() as cursor:
        cursor.execute(f'SELECT name FROM (VALUES {values}) AS t(name) ORDER BY name COLLATE "{COLLATION}"', names)
        return [row[0] for row in cursor.fetchall()]


@pytest.mark.postgres
@pytest.mark.django_db
def test_sort_key_matches_postgresql_icu_on_the_reference_names():
    assert connection.vendor == "postgresql"
    assert postgresql_order(shuffled(VIETNAMESE_ORDER)) == VIETNAMESE_ORDER


@pytest.mark.postgres
@pytest.mark.django_db
def test_sort_key_matches_postgresql_icu_on_many_generated_names():
    names = generated_names(2000)
    expected = postgresql_order(names)
    ordered = sorted(names, key=sort_key)
    first_difference = next((i for i, (a, b) in enumerate(zip(expected, ordered, strict=True)) if a != b), None)
    assert first_difference is None, expected[first_difference - 1 : first_difference + 2]
