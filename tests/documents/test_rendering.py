"""render_pdf: the national format, the shipped fonts, no outside resources, the same bytes for the same data."""

import hashlib

import pytest

from thidua.documents.rendering import DocumentRenderError, data_fingerprint, render_document, render_pdf
from thidua.documents.samples import MINIMAL_TEMPLATE, SAMPLE_NOTICE_TEMPLATE, minimal_data, sample_notice_data

from .pdf_checks import assert_national_format, pdf_fonts, pdf_info, pdf_text

DECISION = "documents/test_decision.html"
DECISION_SOURCE = """{% extends "documents/base.html" %}
{% block body %}{% for article in articles %}<p><b>Điều {{ forloop.counter }}.</b> {{ article }}</p>{% endfor %}
{% endblock %}"""


def decision_data() -> dict:
    return {
        "issuer": {"parent": "", "name": "Bộ Tư pháp"},
        "number": "05/QĐ-BTP",
        "place": "Hà Nội",
        "date": "2017-01-05",
        "type_name": "Quyết định",
        "subject": "Về việc tặng Cờ thi đua của Bộ Tư pháp năm 2016",
        "authority": "Bộ trưởng Bộ Tư pháp",
        "legal_bases": [
            "Căn cứ Luật Thi đua, Khen thưởng ngày 26 tháng 11 năm 2003",
            "Căn cứ Nghị định số 91/2017/NĐ-CP ngày 31 tháng 7 năm 2017 của Chính phủ;",
            "Theo đề nghị của Vụ trưởng Vụ Thi đua - Khen thưởng.",
        ],
        "articles": [
            "Tặng Cờ thi đua của Bộ Tư pháp cho Vụ Pháp luật dân sự - kinh tế.",
            "Quyết định này có hiệu lực kể từ ngày ký.",
        ],
        "signer": {"authority": "KT. Bộ trưởng", "position": "Thứ trưởng", "name": "Trần Tiến Dũng"},
        "recipients": ["Như Điều 3", "Lưu: VT, TĐKT"],
    }


@pytest.fixture
def sample_pdf(tmp_path):
    path = tmp_path / "sample.pdf"
    path.write_bytes(render_pdf(template_name=SAMPLE_NOTICE_TEMPLATE, context=sample_notice_data()))
    return path


def test_rendering_twice_gives_the_same_bytes():
    first = render_pdf(template_name=SAMPLE_NOTICE_TEMPLATE, context=sample_notice_data())
    second = render_pdf(template_name=SAMPLE_NOTICE_TEMPLATE, context=sample_notice_data())
    assert first.startswith(b"%PDF-")
    assert hashlib.sha256(first).hexdigest() == hashlib.sha256(second).hexdigest()
    other = render_pdf(template_name=SAMPLE_NOTICE_TEMPLATE, context=sample_notice_data(number="06/TB-TĐKT"))
    assert other != first


def test_the_pdf_identifier_and_dates_come_from_the_data(sample_pdf):
    content = sample_pdf.read_bytes()
    fingerprint = data_fingerprint(template_name=SAMPLE_NOTICE_TEMPLATE, data=sample_notice_data())
    assert b"(" + fingerprint[:32].encode() + b")" in content
    info = pdf_info(sample_pdf)
    assert info["CreationDate"] == "2017-01-05T00:00:00Z"
    assert info["ModDate"] == "2017-01-05T00:00:00Z"
    assert info["Author"] == "VỤ THI ĐUA - KHEN THƯỞNG"


def test_a_document_without_a_date_has_no_date_in_the_pdf(tmp_path):
    path = tmp_path / "minimal.pdf"
    result = render_document(template_name=MINIMAL_TEMPLATE, context=minimal_data())
    path.write_bytes(result.content)
    assert result.page_count == 1
    assert "CreationDate" not in pdf_info(path)
    assert "ModDate" not in pdf_info(path)


def test_sample_notice_is_in_the_national_format(sample_pdf):
    assert_national_format(sample_pdf, pages=2)
    first_page = pdf_text(sample_pdf, first=1, last=1)
    for text in (
        "BỘ TƯ PHÁP",
        "VỤ THI ĐUA - KHEN THƯỞNG",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Số: 05/TB-TĐKT",
        "Hà Nội, ngày 05 tháng 01 năm 2017",
        "THÔNG BÁO",
    ):
        assert text in first_page
    second_page = pdf_text(sample_pdf, first=2, last=2)
    assert "Nơi nhận:" in second_page
    assert "- Lưu: VT, TĐKT." in second_page
    assert "VỤ TRƯỞNG" in second_page
    assert "Nguyễn Văn Thành" in second_page
    # The four faces of the shipped family, and nothing else.
    assert sorted(font["name"].split("+", 1)[1] for font in pdf_fonts(sample_pdf)) == [
        "LiberationSerif-Thidua",
        "LiberationSerif-Thidua-Bold",
        "LiberationSerif-Thidua-Bold-Italic",
        "LiberationSerif-Thidua-Italic",
    ]


def test_decision_blocks_bases_signature_and_recipients(extra_templates, tmp_path):
    extra_templates({DECISION: DECISION_SOURCE})
    path = tmp_path / "decision.pdf"
    path.write_bytes(render_pdf(template_name=DECISION, context=decision_data()))
    assert_national_format(path, pages=1)
    lines = [line.strip() for line in pdf_text(path).splitlines() if line.strip()]
    for expected in (
        "BỘ TƯ PHÁP",
        "Số: 05/QĐ-BTP",
        "QUYẾT ĐỊNH",
        "Về việc tặng Cờ thi đua của Bộ Tư pháp năm 2016",
        "BỘ TRƯỞNG BỘ TƯ PHÁP",
        # Legal bases: ";" after each, "." after the last, whatever punctuation the data brought.
        "Căn cứ Luật Thi đua, Khen thưởng ngày 26 tháng 11 năm 2003;",
        "Theo đề nghị của Vụ trưởng Vụ Thi đua - Khen thưởng.",
        "Điều 1. Tặng Cờ thi đua của Bộ Tư pháp cho Vụ Pháp luật dân sự - kinh tế.",
        "KT. BỘ TRƯỞNG",
        "THỨ TRƯỞNG",
        "Trần Tiến Dũng",
        "Nơi nhận:",
        "- Như Điều 3;",
        "- Lưu: VT, TĐKT.",
    ):
        assert expected in lines, (expected, lines)
    assert any(line.startswith("Căn cứ Nghị định số 91/2017/NĐ-CP") for line in lines)
    assert "của Chính phủ;" in " ".join(lines)


@pytest.mark.parametrize(
    "source",
    [
        '<img src="http://127.0.0.1:9/logo.png">',
        '<link rel="stylesheet" href="file:///etc/passwd">',
        '<img src="../../../../etc/passwd">',
        '<link rel="stylesheet" href="css/does-not-exist.css">',
    ],
)
def test_only_the_static_files_can_be_fetched_and_a_missing_one_fails(extra_templates, source):
    extra_templates({"documents/test_fetch.html": f"<html><head></head><body>{source}<p>x</p></body></html>"})
    with pytest.raises(DocumentRenderError):
        render_pdf(template_name="documents/test_fetch.html", context={})
