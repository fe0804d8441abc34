"""Numbering series: "Số: 05/QĐ-BTP", restarting each year, never handing out a number twice."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction

from thidua.documents.formatting import date_long, document_number_format
from thidua.documents.models import DocumentSeries, TypeCode
from thidua.documents.services import number_allocate


def test_number_format_has_a_leading_zero_below_ten():
    assert document_number_format(number=5, type_code="QĐ", issuer_code="BTP") == "05/QĐ-BTP"
    assert document_number_format(number=10, type_code="QĐ", issuer_code="BTP") == "10/QĐ-BTP"
    assert document_number_format(number=123, type_code="TTr", issuer_code="BTP") == "123/TTr-BTP"
    with pytest.raises(ValueError):
        document_number_format(number=0, type_code="QĐ", issuer_code="BTP")


def test_date_has_leading_zeros_on_days_below_ten_and_months_below_three():
    assert date_long("2017-01-05") == "ngày 05 tháng 01 năm 2017"
    assert date_long("2017-02-28") == "ngày 28 tháng 02 năm 2017"
    assert date_long("2016-12-28") == "ngày 28 tháng 12 năm 2016"
    assert date_long("2020-03-09") == "ngày 09 tháng 3 năm 2020"


def test_numbers_follow_each_other_and_restart_each_year(db):
    assert [number_allocate(issuer_code="BTP", type_code=TypeCode.QD, year=2016) for _ in range(3)] == [1, 2, 3]
    assert number_allocate(issuer_code="BTP", type_code=TypeCode.QD, year=2017) == 1
    assert number_allocate(issuer_code="BTP", type_code=TypeCode.QD, year=2016) == 4
    # Each issuer and each type has its own series.
    assert number_allocate(issuer_code="BTP", type_code=TypeCode.BB, year=2016) == 1
    assert number_allocate(issuer_code="TĐKT", type_code=TypeCode.QD, year=2016) == 1
    assert list(
        DocumentSeries.objects.order_by("year", "issuer_code", "type_code").values_list(
            "issuer_code", "type_code", "year", "last_number"
        )
    ) == [("BTP", "BB", 2016, 1), ("BTP", "QĐ", 2016, 4), ("TĐKT", "QĐ", 2016, 1), ("BTP", "QĐ", 2017, 1)]
    series = DocumentSeries.objects.get(issuer_code="BTP", type_code="QĐ", year=2016)
    assert series.format(4) == "04/QĐ-BTP"


def test_a_number_taken_in_a_rolled_back_transaction_was_never_issued(db):
    assert number_allocate(issuer_code="BTP", type_code="QĐ", year=2017) == 1
    with pytest.raises(RuntimeError), transaction.atomic():
        assert number_allocate(issuer_code="BTP", type_code="QĐ", year=2017) == 2
        raise RuntimeError("the decision could not be stored")
    assert number_allocate(issuer_code="BTP", type_code="QĐ", year=2017) == 2
    assert number_allocate(issuer_code="BTP", type_code="QĐ", year=2017) == 3


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"issuer_code": "", "type_code": "QĐ", "year": 2017}, "issuer_code"),
        ({"issuer_code": "BTP", "type_code": "XX", "year": 2017}, "type_code"),
        ({"issuer_code": "BTP", "type_code": "QĐ", "year": 1800}, "year"),
    ],
)
def test_bad_series_is_refused_with_the_field_named(db, fields, field):
    with pytest.raises(ValidationError) as caught:
        number_allocate(**fields)
    assert list(caught.value.message_dict) == [field]
    assert DocumentSeries.objects.count() == 0


def test_one_series_row_per_issuer_type_and_year_in_the_database(db):
    DocumentSeries.objects.create(issuer_code="BTP", type_code="QĐ", year=2017)
    with pytest.raises(IntegrityError), transaction.atomic():
        DocumentSeries.objects.create(issuer_code="BTP", type_code="QĐ", year=2017)


def _allocate_in_threads(*, threads: int, per_thread: int, hold: float) -> list[int]:
    barrier = threading.Barrier(threads)
    numbers: list[int] = []
    errors: list[BaseException] = []
    lock = threading.Lock()

    def work():
        try:
            barrier.wait(timeout=10)
            for _ in range(per_thread):
                # Each allocation in its own transaction that stays open a moment, like a decision being
                # stored after its number was taken: the other thread must wait, not read the same value.
                with transaction.atomic():
                    number = number_allocate(issuer_code="BTP", type_code="QĐ", year=2017)
                    threading.Event().wait(hold)
                with lock:
                    numbers.append(number)
        except BaseException as exc:  # reported in the main thread
            errors.append(exc)
        finally:
            connection.close()

    workers = [threading.Thread(target=work) for _ in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=60)
    assert not errors, errors
    return numbers


@pytest.mark.postgres
def test_two_concurrent_allocations_never_get_the_same_number(transactional_db):
    # The series row does not exist yet: both transactions race to create it.
    assert sorted(_allocate_in_threads(threads=2, per_thread=1, hold=0.3)) == [1, 2]
    assert DocumentSeries.objects.get(issuer_code="BTP", type_code="QĐ", year=2017).last_number == 2


@pytest.mark.postgres
def test_many_concurrent_allocations_are_all_distinct_and_gapless(transactional_db):
    numbers = _allocate_in_threads(threads=6, per_thread=5, hold=0.01)
    assert sorted(numbers) == list(range(1, 31))
