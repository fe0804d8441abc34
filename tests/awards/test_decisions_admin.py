"""The board's admin for decisions: drafts edited through the services (text and wording of the lines), issued and
signed decisions read-only, the actions issue, sign and retry through the services."""

import pytest
from django.urls import reverse

from awards.models import Award, Decision
from tests.documents.conftest import media_dir  # noqa: F401
from thidua.documents.models import RenderedDocument

from .decisions_factories import banner_nominations, draft_award, issued, page_text, render_now, signed

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_dir")]

D = Decision.Status


@pytest.fixture
def board(client, world):
    client.force_login(world.users["board"])
    return client


def change_form(response) -> dict:
    """The admin change form's data as the browser would post it back."""
    form = response.context["adminform"].form
    data = {name: form.initial.get(name, "") for name in form.fields}
    data["date"] = form.initial["date"].isoformat()
    formset = response.context["inline_admin_formsets"][0].formset
    data.update(
        {
            f"{formset.prefix}-TOTAL_FORMS": str(formset.total_form_count()),
            f"{formset.prefix}-INITIAL_FORMS": str(formset.initial_form_count()),
            f"{formset.prefix}-MIN_NUM_FORMS": "0",
            f"{formset.prefix}-MAX_NUM_FORMS": "1000",
        }
    )
    for index, item_form in enumerate(formset.forms):
        for name in item_form.fields:
            if name == "DELETE":
                continue
            value = item_form.instance.pk if name == "id" else item_form.initial.get(name, "")
            data[f"{formset.prefix}-{index}-{name}"] = value.pk if hasattr(value, "pk") else value
    return data


def test_the_list_filters_and_searches(board, world):
    signed(draft_award(banner_nominations([world.vu_a])))
    draft_award(banner_nominations([world.vu_b], year=2015), year=2015)
    url = reverse("admin:awards_decision_changelist")
    response = board.get(url)
    assert [d.status for d in response.context["cl"].result_list] == [D.DRAFT, D.SIGNED]
    assert [d.year for d in board.get(url, {"status__exact": "signed"}).context["cl"].result_list] == [2016]
    assert [d.year for d in board.get(url, {"q": "vu to chuc"}).context["cl"].result_list] == [2015]
    assert "(chưa cấp số)" in page_text(response)
    assert board.get(reverse("admin:awards_decision_add")).status_code == 403


def test_a_draft_is_edited_through_the_services(board, world):
    decision = draft_award(banner_nominations([world.vu_a, world.vu_b, world.cuc]))
    url = reverse("admin:awards_decision_change", args=[decision.pk])
    data = change_form(board.get(url))
    data["signer_name"] = "Lê Tiến Châu"
    prefix = "items"
    data[f"{prefix}-1-name"] = "Vụ Pháp luật dân sự - kinh tế, Bộ Tư pháp"
    data[f"{prefix}-2-DELETE"] = "on"
    response = board.post(url, data)
    assert response.status_code == 302, page_text(response)
    decision.refresh_from_db()
    assert decision.signer_name == "Lê Tiến Châu"
    assert list(decision.items.values_list("name", flat=True)) == [
        "Cục THADS tỉnh Yên Bái",
        "Vụ Pháp luật dân sự - kinh tế, Bộ Tư pháp",
    ]
    data = change_form(board.get(url))
    data["subject"] = ""
    response = board.post(url, data)
    assert response.status_code == 200
    assert "Vui lòng nhập trích yếu của quyết định." in page_text(response)


def test_issued_and_signed_decisions_are_read_only(board, world):
    issued_one = issued(draft_award(banner_nominations([world.vu_a])), render=False)
    signed_one = signed(draft_award(banner_nominations([world.vu_b])))
    for decision in (issued_one, signed_one):
        url = reverse("admin:awards_decision_change", args=[decision.pk])
        response = board.get(url)
        assert response.status_code == 200
        assert not response.context["has_change_permission"]
        before = Decision.objects.filter(pk=decision.pk).values().get()
        assert board.post(url, {"subject": "Khác"}).status_code == 403
        assert Decision.objects.filter(pk=decision.pk).values().get() == before
        assert (
            board.post(reverse("admin:awards_decision_delete", args=[decision.pk]), {"post": "yes"}).status_code == 403
        )


def test_the_actions_issue_sign_and_retry_through_the_services(board, world):
    first = draft_award(banner_nominations([world.vu_a]))
    second = draft_award(banner_nominations([world.vu_b]))
    url = reverse("admin:awards_decision_changelist")
    pks = [first.pk, second.pk]
    response = board.post(url, {"action": "issue_selected", "_selected_action": pks}, follow=True)
    assert "Đã cấp số 2 quyết định." in page_text(response)
    assert sorted(Decision.objects.values_list("number_text", flat=True)) == ["01/QĐ-BTP", "02/QĐ-BTP"]
    RenderedDocument.objects.filter(pk=Decision.objects.get(pk=second.pk).document_id).update(
        status=RenderedDocument.Status.FAILED, error="OSError: disk full"
    )
    render_now(Decision.objects.get(pk=first.pk))
    response = board.post(url, {"action": "sign_selected", "_selected_action": pks}, follow=True)
    page = page_text(response)
    assert "Đã ghi nhận 1 quyết định đã ký." in page
    assert "02/QĐ-BTP: Về việc tặng Cờ thi đua ngành Tư pháp năm 2016: Văn bản chưa được dựng xong" in page
    assert list(Award.objects.values_list("decision_id", flat=True)) == [first.pk]
    response = board.post(url, {"action": "retry_selected", "_selected_action": [second.pk]}, follow=True)
    assert "Đã yêu cầu dựng lại 1 văn bản." in page_text(response)
    assert RenderedDocument.objects.get(pk=Decision.objects.get(pk=second.pk).document_id).status == "pending"


def test_a_draft_is_deleted_from_the_admin_and_its_nominations_freed(board, world):
    decision = draft_award(banner_nominations([world.vu_a]))
    response = board.post(reverse("admin:awards_decision_delete", args=[decision.pk]), {"post": "yes"})
    assert response.status_code == 302
    assert not Decision.objects.exists()
