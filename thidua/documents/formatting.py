"""Text conventions of the national format: document numbers and dates as Decree 30/2020 writes them."""

import datetime


def document_number_format(*, number: int, type_code: str, issuer_code: str) -> str:
    """'05/QĐ-BTP': the number with a leading 0 below 10, the type code, the issuer's code."""
    if number < 1:
        raise ValueError("A document number starts at 1.")
    return f"{number:02d}/{type_code}-{issuer_code}"


def _as_date(value) -> datetime.date:
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    return datetime.date.fromisoformat(str(value)[:10])


def date_long(value) -> str:
    """'ngày 05 tháng 01 năm 2017': a leading 0 on days below 10 and on months below 3 (Decree 30, App. I)."""
    day = _as_date(value)
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"ngày {day.day:02d} tháng {month} năm {day.year}"
