"""A bound pack of documents: a cover with the table of contents, each part as it prints alone, pages numbered
through, the table of contents pointing at the page where each part begins."""

import re

from thidua.documents.pack import part, render_parts
from thidua.documents.rendering import render_document
from thidua.documents.samples import MINIMAL_TEMPLATE, SAMPLE_NOTICE_TEMPLATE, minimal_data, sample_notice_data

from .pdf_checks import pdf_fonts, pdf_text

PACK_TEMPLATE = "documents/pack.html"


def pack_data() -> dict:
    return {
        "issuer": {"parent": "Bộ Tư pháp", "name": "Cụm thi đua số I"},
        "title": "Tài liệu hội nghị",
        "subtitle": "Hội nghị tổng kết công tác thi đua, khen thưởng năm 2016",
        "place": "Hà Nội",
        "date": "2016-11-22",
        "parts": [
            part(title="Thông báo kết luận", template_name=SAMPLE_NOTICE_TEMPLATE, data=sample_notice_data()),
            part(title="Trang tối thiểu", template_name=MINIMAL_TEMPLATE, data=minimal_data()),
            part(
                title="Thông báo số 06",
                template_name=SAMPLE_NOTICE_TEMPLATE,
                data=sample_notice_data(number="06/TB-TĐKT"),
            ),
        ],
    }


def test_the_parts_keep_their_bodies_and_their_style_sheets_once():
    rendered, styles = render_parts(pack_data()["parts"])
    assert [p.anchor for p in rendered] == ["part-1", "part-2", "part-3"]
    assert "05/TB-TĐKT" in rendered[0].body and "06/TB-TĐKT" in rendered[2].body
    assert all("<body" not in p.body and "<head" not in p.body for p in rendered)
    assert styles.count('<link rel="stylesheet" href="css/documents.css">') == 1


def test_the_pack_numbers_its_pages_through_and_its_contents_point_at_each_part(tmp_path):
    alone = [
        render_document(template_name=p["template_name"], context=p["data"]).page_count for p in pack_data()["parts"]
    ]
    result = render_document(template_name=PACK_TEMPLATE, context=pack_data())
    assert result.page_count == 1 + sum(alone)
    path = tmp_path / "pack.pdf"
    path.write_bytes(result.content)
    cover = pdf_text(path, first=1, last=1)
    assert "TÀI LIỆU HỘI NGHỊ" in cover and "MỤC LỤC" in cover
    starts = [int(n) for n in re.findall(r"(?:Thông báo kết luận|Trang tối thiểu|Thông báo số 06)[ .]*(\d+)", cover)]
    assert starts == [2, 2 + alone[0], 2 + alone[0] + alone[1]]
    # Each part begins on the page its entry names, with that page's number at the top.
    for start, marker in zip(starts, ["05/TB-TĐKT", "", "06/TB-TĐKT"], strict=True):
        page = pdf_text(path, first=start, last=start)
        assert page.strip().splitlines()[0].strip() == str(start)
        assert marker in page
    assert all(font["emb"] == "yes" for font in pdf_fonts(path))


def test_the_same_pack_gives_the_same_bytes():
    first = render_document(template_name=PACK_TEMPLATE, context=pack_data()).content
    assert render_document(template_name=PACK_TEMPLATE, context=pack_data()).content == first
