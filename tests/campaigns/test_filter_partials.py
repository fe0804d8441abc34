"""The filter forms of the campaigns lists, built from the shared partials (campaigns/_year_field.html,
_choice_field.html, _filter_actions.html): the chosen values stay selected, and "Bỏ lọc" goes back to the same
list for the same year only when a filter is set."""

import re

import pytest
from django.urls import reverse

from .test_registrations_views import YEAR, login, make_sheet

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("eager_celery")]


def selected(content: str, name: str) -> list[str]:
    """The values selected in the <select name="...">."""
    select = re.search(rf'<select id="id_{name}" name="{name}">(.*?)</select>', content, flags=re.S)
    assert select, name
    return re.findall(r'<option value="([^"]*)" selected>', select.group(1))


def clear_links(content: str) -> list[str]:
    return re.findall(r'<a class="button button-secondary" href="([^"]*)">Bỏ lọc</a>', content)


def test_the_sheet_list_keeps_each_filter_chosen_and_offers_to_clear_them(client, world, titles):
    make_sheet(world.vu_a, titles, submit=True)
    login(client, world, "board")
    url = reverse("registration_sheet_list")

    content = client.get(url, {"year": YEAR}).content.decode()
    assert selected(content, "year") == [str(YEAR)]
    assert selected(content, "status") == selected(content, "kind") == selected(content, "cluster") == []
    assert '<option value="">Tất cả</option>' in content
    assert clear_links(content) == []

    params = {"year": YEAR, "status": "submitted", "kind": world.vu_a.kind_id, "cluster": world.term.cluster_id}
    content = client.get(url, params).content.decode()
    assert selected(content, "status") == ["submitted"]
    assert selected(content, "kind") == [str(world.vu_a.kind_id)]
    assert selected(content, "cluster") == [str(world.term.cluster_id)]
    assert '<label for="id_cluster">Cụm, khối, khu vực</label>' in content
    assert clear_links(content) == [f"{url}?year={YEAR}"]


def test_the_movement_list_clears_a_kind_or_a_launcher(client, world):
    login(client, world, "board")
    url = reverse("movement_list")
    assert clear_links(client.get(url, {"year": YEAR}).content.decode()) == []
    content = client.get(url, {"year": YEAR, "kind": "chuyen_de"}).content.decode()
    assert selected(content, "kind") == ["chuyen_de"]
    assert clear_links(content) == [f"{url}?year={YEAR}"]
    content = client.get(url, {"year": YEAR, "launched_by": "ministry"}).content.decode()
    assert selected(content, "kind") == []
    assert clear_links(content) == [f"{url}?year={YEAR}"]


@pytest.mark.parametrize("name", ["covenant_list", "dashboard_registrations", "dashboard_not_registered"])
def test_the_year_only_lists_show_the_year_chosen_and_no_clear_link(client, world, name):
    login(client, world, "board")
    content = client.get(reverse(name), {"year": YEAR}).content.decode()
    assert selected(content, "year") == [str(YEAR)]
    assert '<button type="submit" class="button">Xem</button>' in content
    assert clear_links(content) == []


def test_the_exemplary_list_clears_its_search(client, world):
    login(client, world, "board")
    url = reverse("exemplary_list")
    assert clear_links(client.get(url, {"year": YEAR}).content.decode()) == []
    content = client.get(url, {"year": YEAR, "q": "không có"}).content.decode()
    assert '<button type="submit" class="button">Tìm</button>' in content
    assert clear_links(content) == [f"{url}?year={YEAR}"]
