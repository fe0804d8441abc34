"""A decision's PDF: the frozen data, the national format (pdftotext, pdffonts, pdfinfo), the same bytes for the same
data, the annex of a long list (1,000 people), and the whole path through a real Celery worker on Redis."""

import datetime
import hashlib
from pathlib import Path

import pytest
from django.urls import reverse

from awards.benchmark_decisions import UNIT_FIGHTER, sample_annex_data, synthetic_people
from awards.documents import (
    DECISION_TEMPLATE,
    DecisionText,
    Line,
    authority_in_text,
    authority_line,
    award_phrase,
    decision_data,
    head_of,
    legal_bases_default,
    title_printed_name,
)
from awards.models import Decision
from awards.services import decisions as services
from tests.documents.conftest import celery_worker_process, eager_celery, media_dir  # noqa: F401
from tests.documents.pdf_checks import assert_national_format, pdf_fonts, pdf_info, pdf_text
from thidua.documents.models import RenderedDocument
from thidua.documents.rendering import render_document, render_pdf
from thidua.titles.models import Title

from .decisions_factories import (
    banner_nominations,
    draft_award,
    issued,
    pdf_raw_text,
    people,
    person_nominations,
    title,
)

FINISHED = (RenderedDocument.Status.DONE, RenderedDocument.Status.FAILED)
BANNER_UNITS = ["Cục THADS tỉnh Yên Bái", "Vụ Pháp luật dân sự - kinh tế", "Vụ Tổ chức cán bộ"]


def banner_decision(world) -> Decision:
    return draft_award(banner_nominations([world.vu_a, world.vu_b, world.cuc]))


# The frozen data ---------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_frozen_data_of_a_short_award_decision(world):
    decision = issued(banner_decision(world), render=False)
    data = decision.document.data
    assert data == {
        "issuer": {"parent": "", "name": "Bộ Tư pháp"},
        "number": "01/QĐ-BTP",
        "place": "Hà Nội",
        "date": "2017-01-05",
        "type_name": "QUYẾT ĐỊNH",
        "subject": "Về việc tặng Cờ thi đua ngành Tư pháp năm 2016",
        "authority": "BỘ TRƯỞNG BỘ TƯ PHÁP",
        "legal_bases": [
            *legal_bases_default(datetime.date(2017, 1, 5)),
            "Xét đề nghị của Vụ trưởng Vụ Thi đua - Khen thưởng",
        ],
        "articles": [
            {
                "heading": "Điều 1.",
                "text": "Tặng Cờ thi đua ngành Tư pháp năm 2016 cho 3 tập thể đã có thành tích xuất sắc trong phong "
                "trào thi đua năm 2016, có tên sau:",
                "lines": BANNER_UNITS,
            },
            {
                "heading": "Điều 2.",
                "text": "Các tập thể có tên tại Điều 1 được hưởng chế độ khen thưởng theo quy định của pháp luật "
                "về thi đua, khen thưởng.",
                "lines": [],
            },
            {
                "heading": "Điều 3.",
                "text": "Quyết định này có hiệu lực kể từ ngày ký. Chánh Văn phòng Bộ, Vụ trưởng Vụ Thi đua - Khen "
                "thưởng, Thủ trưởng các đơn vị có liên quan và các tập thể có tên tại Điều 1 chịu trách nhiệm thi "
                "hành Quyết định này.",
                "lines": [],
            },
        ],
        "annex": None,
        "signer": {"authority": "KT. BỘ TRƯỞNG", "position": "THỨ TRƯỞNG", "name": "Trần Tiến Dũng"},
        "recipients": ["Như Điều 3", "Bộ trưởng (để b/c)", "Lưu: VT, Vụ TĐKT"],
    }
    assert decision.document.kind == "awards.decision"
    assert decision.document.template_name == DECISION_TEMPLATE
    # Rebuilt from the stored rows, the data is the same.
    assert services.frozen_data(Decision.objects.get(pk=decision.pk), list(decision.items.all())) == data


@pytest.mark.django_db
def test_more_than_five_awardees_go_to_an_annex_and_the_board_writes_its_own_articles(world):
    five = person_nominations(people(world.vu_a, 5))
    inline = issued(draft_award(five), render=False).document.data
    assert inline["annex"] is None
    assert inline["articles"][0]["lines"][0] == "Cán bộ Số 0000, Chuyên viên, Vụ Pháp luật dân sự - kinh tế"
    six = person_nominations(people(world.vu_b, 6, prefix="Công chức"))
    decision = draft_award(six, closing_articles="Quyết định này có hiệu lực kể từ ngày ký.\n\nĐiều khác.")
    data = issued(decision, render=False).document.data
    assert data["articles"] == [
        {
            "heading": "Điều 1.",
            "text": "Tặng danh hiệu Chiến sĩ thi đua cơ sở năm 2016 cho 6 cá nhân đã có thành tích xuất sắc trong "
            "phong trào thi đua năm 2016 (có danh sách kèm theo).",
            "lines": [],
        },
        {"heading": "Điều 2.", "text": "Quyết định này có hiệu lực kể từ ngày ký.", "lines": []},
        {"heading": "Điều 3.", "text": "Điều khác.", "lines": []},
    ]
    assert data["annex"]["heading"] == "DANH SÁCH"
    assert data["annex"]["title"] == "Cá nhân được tặng danh hiệu Chiến sĩ thi đua cơ sở năm 2016"
    assert data["annex"]["reference"] == (
        "(Kèm theo Quyết định số 02/QĐ-BTP ngày 05 tháng 01 năm 2017 của Bộ trưởng Bộ Tư pháp)"
    )
    assert data["annex"]["columns"] == ["STT", "Họ và tên", "Chức vụ, đơn vị công tác"]
    assert data["annex"]["rows"][0] == ["1", "Công chức Số 0000", "Chuyên viên, Vụ Tổ chức cán bộ"]
    assert len(data["annex"]["rows"]) == 6


def test_legal_bases_follow_the_decisions_date():
    assert legal_bases_default(datetime.date(2017, 1, 5))[1].startswith("Căn cứ Nghị định số 42/2010/NĐ-CP")
    assert legal_bases_default(datetime.date(2017, 8, 16))[1].startswith("Căn cứ Nghị định số 91/2017/NĐ-CP")
    assert legal_bases_default(datetime.date(2024, 1, 1)) == [
        "Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022",
        "Căn cứ Nghị định số 98/2023/NĐ-CP ngày 31 tháng 12 năm 2023 của Chính phủ quy định chi tiết thi hành một số "
        "điều của Luật Thi đua, khen thưởng",
        "Căn cứ Nghị định số 98/2022/NĐ-CP ngày 29 tháng 11 năm 2022 của Chính phủ quy định chức năng, nhiệm vụ, quyền "
        "hạn và cơ cấu tổ chức của Bộ Tư pháp",
    ]


@pytest.mark.django_db
def test_titles_are_named_as_a_decision_prints_them():
    assert title_printed_name(title("co-bo")) == "Cờ thi đua ngành Tư pháp"
    assert title_printed_name(title("bk-bo-tt")) == "Bằng khen của Bộ trưởng Bộ Tư pháp"
    assert award_phrase(title("co-cp"), 2016) == "Cờ thi đua của Chính phủ năm 2016"
    assert award_phrase(title("cstd-bo"), 2016) == "danh hiệu Chiến sĩ thi đua cấp Bộ, ngành năm 2016"
    assert award_phrase(title("bk-bo"), 2016) == "Bằng khen của Bộ trưởng Bộ Tư pháp"


@pytest.mark.django_db
def test_the_frozen_data_of_an_appointment_decision(world):
    decision = services.decision_draft_appointment(
        actor=None, term=world.term, date=datetime.date(2016, 1, 10), signer_name="Trần Tiến Dũng"
    )
    data = issued(decision, render=False).document.data
    assert data["subject"] == "Về việc cử Cụm trưởng, Cụm phó Cụm thi đua số I năm 2016"
    assert data["articles"][0] == {
        "heading": "Điều 1.",
        "text": "Cử các đơn vị có tên sau giữ vai trò Cụm trưởng, Cụm phó Cụm thi đua số I năm 2016:",
        "lines": ["Cụm trưởng: Vụ Pháp luật dân sự - kinh tế", "Cụm phó: Vụ Tổ chức cán bộ"],
    }
    assert data["articles"][2]["text"].endswith(
        "Thủ trưởng các đơn vị thành viên Cụm thi đua số I chịu trách nhiệm thi hành Quyết định này."
    )
    assert data["annex"] is None
    assert RenderedDocument.objects.get().kind == "awards.appointment"


# The PDF -----------------------------------------------------------------------------------------------------


def check_decision_pdf(path: Path, *, number: str, names: list[str], pages: int | None = None) -> str:
    assert_national_format(path, pages=pages)
    assert {font["emb"] for font in pdf_fonts(path)} == {"yes"}
    text = pdf_raw_text(path)
    for expected in (
        f"Số: {number}",
        "Hà Nội, ngày 05 tháng 01 năm 2017",
        "QUYẾT ĐỊNH",
        "BỘ TRƯỞNG BỘ TƯ PHÁP",
        "QUYẾT ĐỊNH:",
        "Điều 1.",
        "Nơi nhận:",
        "- Như Điều 3;",
        "- Lưu: VT, Vụ TĐKT.",
        "KT. BỘ TRƯỞNG",
        "THỨ TRƯỞNG",
        "Trần Tiến Dũng",
    ):
        assert expected in text, expected
    for name in names:
        assert name in text, name
    return text


@pytest.mark.django_db
def test_the_rendered_decision_is_in_the_national_format(
    world,
    media_dir,  # noqa: F811
    eager_celery,  # noqa: F811
    django_capture_on_commit_callbacks,
):
    decision = banner_decision(world)
    with django_capture_on_commit_callbacks(execute=True):
        decision = services.decision_issue(actor=None, decision=decision)
    document = RenderedDocument.objects.get(pk=decision.document_id)
    assert document.status == RenderedDocument.Status.DONE, document.error
    path = media_dir / document.file.name
    text = check_decision_pdf(path, number="01/QĐ-BTP", names=BANNER_UNITS, pages=2)
    assert "Về việc tặng Cờ thi đua ngành Tư pháp năm 2016" in text
    assert "- Vụ Pháp luật dân sự - kinh tế; - Vụ Tổ chức cán bộ." in text
    assert "Căn cứ Thông tư số 14/2015/TT-BTP" in text and "Xét đề nghị của Vụ trưởng Vụ Thi đua - Khen thưởng." in text
    info = pdf_info(path)
    assert info["Page size"] == "595.276 x 841.89 pts (A4)"
    assert info["Title"] == "QUYẾT ĐỊNH số 01/QĐ-BTP Về việc tặng Cờ thi đua ngành Tư pháp năm 2016"
    assert info["CreationDate"].startswith("2017-01-05")


@pytest.mark.django_db
def test_the_same_decision_prints_the_same_bytes(world, media_dir):  # noqa: F811
    decision = issued(banner_decision(world), render=False)
    data = decision.document.data
    again = services.frozen_data(Decision.objects.get(pk=decision.pk), list(decision.items.all()))
    first = render_pdf(template_name=DECISION_TEMPLATE, context=data)
    second = render_pdf(template_name=DECISION_TEMPLATE, context=again)
    assert first.startswith(b"%PDF-")
    assert hashlib.sha256(first).hexdigest() == hashlib.sha256(second).hexdigest()
    assert render_pdf(template_name=DECISION_TEMPLATE, context={**data, "number": "02/QĐ-BTP"}) != first


def test_an_annex_of_a_thousand_people(tmp_path):
    data = sample_annex_data(1000)
    result = render_document(template_name=DECISION_TEMPLATE, context=data)
    path = tmp_path / "annex.pdf"
    path.write_bytes(result.content)
    info = pdf_info(path)
    assert int(info["Pages"]) == result.page_count
    assert 35 <= result.page_count <= 60, result.page_count
    assert_national_format(path, pages=result.page_count)
    first_page = " ".join(pdf_text(path, first=1, last=1).split())
    assert "cho 1.000 cá nhân đã có thành tích xuất sắc trong phong trào thi đua năm 2016 (có danh sách kèm theo)." in (
        first_page
    )
    annex_start = " ".join(pdf_text(path, first=2, last=2).split())
    assert annex_start.startswith(
        "2 DANH SÁCH CÁ NHÂN ĐƯỢC TẶNG DANH HIỆU CHIẾN SĨ THI ĐUA CƠ SỞ NĂM 2016 (Kèm theo Quyết định số 12/QĐ-BTP "
        "ngày 05 tháng 01 năm 2017 của Bộ trưởng Bộ Tư pháp) STT Họ và tên Chức vụ, đơn vị công tác 1 Nguyễn Văn An"
    )
    last = synthetic_people(1000)[-1]
    last_page = " ".join(pdf_text(path, first=result.page_count, last=result.page_count).split())
    assert f"1000 {last.name}" in last_page
    assert "STT Họ và tên Chức vụ, đơn vị công tác" in last_page  # the header row on every page of the annex
    text = pdf_raw_text(path)
    assert all(f"{i} {line.name}" in text for i, line in enumerate(synthetic_people(1000), 1))


def test_a_short_list_is_printed_in_article_one_without_an_annex(tmp_path):
    text = DecisionText(
        kind="award",
        year=2016,
        issuer_parent="",
        issuer_name="Bộ Tư pháp",
        number_text="07/QĐ-BTP",
        place="Hà Nội",
        date=datetime.date(2017, 1, 5),
        subject="Về việc tặng danh hiệu Chiến sĩ thi đua cơ sở năm 2016",
        legal_bases="Căn cứ Luật Thi đua, khen thưởng",
        proposal="",
        closing_articles="",
        recipients="Như Điều 3\nLưu: VT, Vụ TĐKT",
        signer_authority="",
        signer_position="BỘ TRƯỞNG",
        signer_name="Lê Thành Long",
    )
    items = [Line(name="Đỗ Thị Hoa", position="Vụ trưởng", unit_name="Vụ Pháp luật quốc tế", is_person=True)]
    data = decision_data(text=text, items=items, title=UNIT_FIGHTER)
    assert data["authority"] == "BỘ TRƯỞNG BỘ TƯ PHÁP"
    assert data["legal_bases"] == ["Căn cứ Luật Thi đua, khen thưởng"]
    path = tmp_path / "short.pdf"
    path.write_bytes(render_pdf(template_name=DECISION_TEMPLATE, context=data))
    raw = pdf_raw_text(path)
    assert "- Đỗ Thị Hoa, Vụ trưởng, Vụ Pháp luật quốc tế." in raw
    assert "Căn cứ Luật Thi đua, khen thưởng." in raw
    assert "DANH SÁCH" not in raw and raw.count("KT.") == raw.count("TĐKT.")  # no "KT." before the signer


def test_the_authority_names_the_head_of_the_issuing_body_once():
    assert authority_line(head="BỘ TRƯỞNG", issuer_name="Bộ Tư pháp") == "BỘ TRƯỞNG BỘ TƯ PHÁP"
    assert authority_line(head="THỦ TƯỚNG", issuer_name="Thủ tướng Chính phủ") == "THỦ TƯỚNG CHÍNH PHỦ"
    assert authority_line(
        head="CHỦ TỊCH HỘI ĐỒNG THI ĐUA - KHEN THƯỞNG", issuer_name="Hội đồng Thi đua - Khen thưởng"
    ) == ("CHỦ TỊCH HỘI ĐỒNG THI ĐUA - KHEN THƯỞNG")
    assert authority_in_text(head="BỘ TRƯỞNG", issuer_name="Bộ Tư pháp") == "Bộ trưởng Bộ Tư pháp"
    assert authority_in_text(head="THỦ TƯỚNG", issuer_name="Thủ tướng Chính phủ") == "Thủ tướng Chính phủ"
    assert head_of(signer_authority="KT. BỘ TRƯỞNG", signer_position="THỨ TRƯỞNG") == "BỘ TRƯỞNG"
    assert head_of(signer_authority="", signer_position="BỘ TRƯỞNG") == "BỘ TRƯỞNG"
    assert head_of(signer_authority="TM. CHÍNH PHỦ", signer_position="THỦ TƯỚNG") == "CHÍNH PHỦ"


@pytest.mark.django_db
def test_titles_of_other_subjects_are_refused_at_issue(world):
    decision = banner_decision(world)
    Decision.objects.filter(pk=decision.pk).update(title=Title.objects.get(code="cstdcs"))
    with pytest.raises(Exception) as caught:
        services.decision_issue(actor=None, decision=decision)
    assert caught.value.messages == [
        "Danh hiệu «Chiến sĩ thi đua cơ sở» dành cho cá nhân: không tặng được cho Cục THADS tỉnh Yên Bái, "
        "Vụ Pháp luật dân sự - kinh tế, Vụ Tổ chức cán bộ."
    ]


# Through the worker ------------------------------------------------------------------------------------------


@pytest.mark.postgres
@pytest.mark.redis
def test_a_decision_through_the_worker_signed_and_downloaded_by_its_awardees(
    world,
    celery_worker_process,  # noqa: F811
    media_dir,  # noqa: F811
    client,  # noqa: F811
):
    board = world.users["board"]
    decision = banner_decision(world)
    decision = services.decision_issue(actor=board, decision=decision)
    document = celery_worker_process.wait_for(
        RenderedDocument.objects.get(pk=decision.document_id), lambda d: d.status in FINISHED
    )
    assert document.status == RenderedDocument.Status.DONE, document.error
    assert document.attempts == 1
    path = Path(media_dir / document.file.name)
    content = path.read_bytes()
    assert hashlib.sha256(content).hexdigest() == document.sha256
    assert document.page_count == 2
    # The worker's bytes are this process's bytes for the same frozen data.
    assert render_pdf(template_name=DECISION_TEMPLATE, context=document.data) == content
    check_decision_pdf(path, number="01/QĐ-BTP", names=BANNER_UNITS, pages=2)

    client.force_login(world.users["staff_a"])
    assert client.get(reverse("decision_download", args=[decision.pk])).status_code == 404  # not signed yet
    services.decision_sign(actor=board, decision=decision)
    for user in ("staff_a", "staff_cuc", "board", "viewer"):
        client.force_login(world.users[user])
        response = client.get(reverse("decision_download", args=[decision.pk]))
        assert response.status_code == 200, user
        assert response["Content-Type"] == "application/pdf"
        assert response["Content-Disposition"] == 'attachment; filename="quyet-dinh-01-qd-btp.pdf"'
        assert b"".join(response.streaming_content) == content
    client.force_login(world.users["staff_other"])
    assert client.get(reverse("decision_download", args=[decision.pk])).status_code == 404
    client.force_login(world.users["staff_a"])
    assert client.get(reverse("decision_status", args=[decision.pk])).json() == {
        "status": "done",
        "label": "Đã xong",
        "progress": 3,
        "steps": 3,
    }
