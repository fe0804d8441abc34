"""The rows of the board's list of sheets come with what they show worked out by the view (_sheet_rows): exactly
what the template tags they replace (url, get_status_display, the date filter, blocktranslate) would print."""

import datetime

import pytest
from django.template import engines
from django.urls import reverse
from django.utils import timezone, translation

from campaigns.selectors import registrations as selectors
from campaigns.services import registrations as services
from campaigns.views.registrations import _sheet_rows

from .test_registrations_views import YEAR, login, make_sheet

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("eager_celery")]

BY_TAGS = (
    "{% load i18n %}{% for sheet in rows %}"
    "{% url 'registration_sheet' sheet.unit_id %}?year={{ sheet.year }}|{{ sheet.get_status_display }}|"
    '{{ sheet.submitted_at|date:"H:i d/m/Y"|default:"—" }}|'
    "{% blocktranslate with name=sheet.unit_name %}Chọn bản của {{ name }}{% endblocktranslate %}\n"
    "{% endfor %}"
)
READY = (
    "{% for sheet in rows %}"
    '{{ sheet.url }}|{{ sheet.status_label }}|{{ sheet.submitted_label|default:"—" }}|{{ sheet.select_label }}\n'
    "{% endfor %}"
)


def render(source: str, rows) -> str:
    return engines["django"].from_string(source).render({"rows": rows})


@pytest.fixture
def listed_sheets(world, titles):
    """Every status, submitted or not, and a name that needs escaping."""
    make_sheet(world.vu_a, titles, submit=True, collective=titles.ttldtt)
    make_sheet(world.vu_b, titles)
    approved = make_sheet(world.cuc, titles, submit=True)
    services.sheet_approve(actor=world.users["board"], sheet=approved)
    returned = make_sheet(world.chi_cuc, titles, submit=True)
    services.sheet_return(actor=world.users["board"], sheet=returned, reason="Thiếu hồ sơ")
    odd = make_sheet(world.other, titles, submit=True)
    odd.unit_name = 'Sở "Tư pháp" & <Hòa Bình>'
    odd.save(update_fields=["unit_name"])


@pytest.mark.parametrize("language", ["vi", "en"])
@pytest.mark.parametrize("zone", ["Asia/Ho_Chi_Minh", "America/New_York"])
def test_the_rows_show_what_the_template_tags_would(world, listed_sheets, language, zone):
    with translation.override(language), timezone.override(zone):
        rows = _sheet_rows(selectors.sheet_list(world.users["board"], year=YEAR))
        assert {row.status for row in rows} == {"draft", "submitted", "approved", "returned"}
        assert render(READY, rows) == render(BY_TAGS, rows)
        submitted = next(row for row in rows if row.unit_id == world.vu_a.pk)
        assert submitted.submitted_label == timezone.localtime(submitted.submitted_at).strftime("%H:%M %d/%m/%Y")
    assert submitted.url == f"/registrations/units/{world.vu_a.pk}/?year={YEAR}"
    assert next(row for row in rows if row.unit_id == world.vu_b.pk).submitted_label == ""


def test_the_list_page_gives_its_rows_ready(client, world, listed_sheets):
    login(client, world, "board")
    response = client.get(reverse("registration_sheet_list"), {"year": YEAR})
    rows = list(response.context["page"])
    assert len(rows) == 5
    assert render(READY, rows) == render(BY_TAGS, rows)


def test_a_submission_just_before_midnight_utc_is_dated_in_local_time(world, titles):
    sheet = make_sheet(world.vu_a, titles, submit=True)
    sheet.submitted_at = datetime.datetime(2016, 1, 9, 23, 30, tzinfo=datetime.UTC)
    sheet.save(update_fields=["submitted_at"])

    rows = _sheet_rows(selectors.sheet_list(world.users["board"], year=YEAR))

    assert rows[0].submitted_label == "06:30 10/01/2016"  # Asia/Ho_Chi_Minh, UTC+7


def test_the_sheet_url_is_reversed_once_per_unit_and_script_prefix():
    from django.urls import set_script_prefix

    from campaigns.views.registrations import _sheet_path, _sheet_url

    assert _sheet_url(7, YEAR) == f"/registrations/units/7/?year={YEAR}"
    hits = _sheet_path.cache_info().hits
    assert _sheet_url(7, 2017, "#people") == "/registrations/units/7/?year=2017#people"
    assert _sheet_path.cache_info().hits == hits + 1
    # Served under a prefix (SCRIPT_NAME), the same unit's path is the prefixed one, not the one cached before.
    set_script_prefix("/thidua/")
    try:
        assert _sheet_url(7, YEAR) == f"/thidua/registrations/units/7/?year={YEAR}"
    finally:
        set_script_prefix("/")
    assert _sheet_url(7, YEAR) == f"/registrations/units/7/?year={YEAR}"
