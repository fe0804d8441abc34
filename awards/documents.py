"""The data a decision's PDF shows, frozen: award decisions (with an annex listing the awardees when the list is
long) and decisions appointing a cluster term's leader and deputies.

Rendering reads only what decision_data returns (RenderedDocument.data): plain JSON, dates as ISO text, every line
of the document already decided here, so that the same data always prints the same bytes. Printed documents are
legal texts in Vietnamese whatever the UI language: the wording below is not translated.
"""

import datetime
import re
from collections.abc import Sequence
from dataclasses import dataclass

from django.utils import translation

from thidua.documents.formatting import date_long
from thidua.org.models import ClusterTerm
from thidua.org.selectors import role_label
from thidua.titles.models import Title

DECISION_TEMPLATE = "documents/decision.html"
AWARD_KIND = "awards.decision"
APPOINTMENT_KIND = "awards.appointment"
TYPE_NAME = "QUYẾT ĐỊNH"
DEFAULT_PLACE = "Hà Nội"
DEFAULT_SIGNER_AUTHORITY = "KT. BỘ TRƯỞNG"
DEFAULT_SIGNER_POSITION = "THỨ TRƯỞNG"
DEFAULT_RECIPIENTS = ("Như Điều 3", "Bộ trưởng (để b/c)", "Lưu: VT, Vụ TĐKT")
# More lines than this and the awardees go to an annex (Phụ lục) after the signature; Điều 1 then refers to it.
INLINE_LIMIT = 5
# Authority prefixes of a signature block (Decree 30/2020, Appendix I): KT. (ký thay), TM. (thay mặt), TL. (thừa
# lệnh), TUQ. (thừa ủy quyền), Q. (quyền). The head they sign for is what follows.
_PREFIX = re.compile(r"^(KT|TM|TL|TUQ|Q)\.\s*", re.IGNORECASE)


# Legal bases -------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class LegalEra:
    """The usual legal bases of an award or appointment decision of the Ministry of Justice from a date on."""

    since: datetime.date
    bases: tuple[str, ...]


_LAW_2003 = (
    "Căn cứ Luật Thi đua, khen thưởng năm 2003; Luật sửa đổi, bổ sung một số điều của Luật Thi đua, khen thưởng "
    "năm 2005 và Luật sửa đổi, bổ sung một số điều của Luật Thi đua, khen thưởng năm 2013"
)
# Defaults for the form, which the board edits per decision (Decision.legal_bases): the dated texts are those the
# Ministry cited in its 2016 decisions; from 2018 the Ministry's circular is cited without its date, and from 2024
# no circular is proposed (the one implementing Law 06/2022/QH15 is for the board to add).
LEGAL_ERAS = (
    LegalEra(
        datetime.date(1945, 1, 1),
        (
            _LAW_2003,
            "Căn cứ Nghị định số 42/2010/NĐ-CP ngày 15 tháng 4 năm 2010 của Chính phủ quy định chi tiết thi hành "
            "một số điều của Luật Thi đua, khen thưởng và Luật sửa đổi, bổ sung một số điều của Luật Thi đua, "
            "khen thưởng",
            "Căn cứ Nghị định số 22/2013/NĐ-CP ngày 13 tháng 3 năm 2013 của Chính phủ quy định chức năng, nhiệm vụ, "
            "quyền hạn và cơ cấu tổ chức của Bộ Tư pháp",
            "Căn cứ Thông tư số 14/2015/TT-BTP ngày 14 tháng 10 năm 2015 của Bộ Tư pháp hướng dẫn công tác thi "
            "đua, khen thưởng trong ngành Tư pháp",
        ),
    ),
    LegalEra(
        datetime.date(2017, 8, 16),
        (
            _LAW_2003,
            "Căn cứ Nghị định số 91/2017/NĐ-CP ngày 31 tháng 7 năm 2017 của Chính phủ quy định chi tiết thi hành "
            "một số điều của Luật Thi đua, khen thưởng",
            "Căn cứ Nghị định số 96/2017/NĐ-CP ngày 16 tháng 8 năm 2017 của Chính phủ quy định chức năng, nhiệm vụ, "
            "quyền hạn và cơ cấu tổ chức của Bộ Tư pháp",
            "Căn cứ Thông tư số 05/2018/TT-BTP của Bộ trưởng Bộ Tư pháp hướng dẫn công tác thi đua, khen thưởng "
            "trong ngành Tư pháp",
        ),
    ),
    LegalEra(
        datetime.date(2024, 1, 1),
        (
            "Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022",
            "Căn cứ Nghị định số 98/2023/NĐ-CP ngày 31 tháng 12 năm 2023 của Chính phủ quy định chi tiết thi hành "
            "một số điều của Luật Thi đua, khen thưởng",
            "Căn cứ Nghị định số 98/2022/NĐ-CP ngày 29 tháng 11 năm 2022 của Chính phủ quy định chức năng, nhiệm "
            "vụ, quyền hạn và cơ cấu tổ chức của Bộ Tư pháp",
        ),
    ),
)


def legal_bases_default(date: datetime.date) -> list[str]:
    """The legal bases proposed for a decision dated `date` (see LEGAL_ERAS)."""
    era = LEGAL_ERAS[0]
    for candidate in LEGAL_ERAS:
        if candidate.since <= date:
            era = candidate
    return list(era.bases)


def lines(text: str) -> list[str]:
    """A text field as printed lines: one per non-empty line, white space collapsed."""
    return [" ".join(line.split()) for line in (text or "").splitlines() if line.strip()]


# Titles and subjects -----------------------------------------------------------------------------------------


def title_printed_name(title: Title) -> str:
    """A title's name as a decision prints it: the usual name the catalogue gives in brackets ("Cờ thi đua của Bộ
    Tư pháp (Cờ thi đua ngành Tư pháp)" → "Cờ thi đua ngành Tư pháp"), without the catalogue's " cho tập thể"
    that tells a collective form from the individual one."""
    name = " ".join(title.name.split())
    match = re.fullmatch(r"(.+?)\s*\((.+)\)", name)
    if match:
        name = match[2]
    return re.sub(r"\s+cho tập thể$", "", name)


def award_phrase(title: Title, year: int) -> str:
    """What is given: "Cờ thi đua ngành Tư pháp năm 2016", "danh hiệu Chiến sĩ thi đua cơ sở năm 2016",
    "Bằng khen của Bộ trưởng Bộ Tư pháp". Banners and commendations are named as they are; other emulation
    titles are "danh hiệu ...", and emulation titles are given for a year."""
    name = title_printed_name(title)
    if title.category != Title.Category.EMULATION:
        return name
    if not name.startswith("Cờ"):
        name = f"danh hiệu {name}"
    return f"{name} năm {year}"


def award_subject_default(title: Title, year: int) -> str:
    return f"Về việc tặng {award_phrase(title, year)}"


def _role_names(term: ClusterTerm) -> tuple[str, str]:
    with translation.override("vi"):
        return role_label("leader", term.kind), role_label("deputy", term.kind)


def appointment_subject_default(term: ClusterTerm, *, with_deputies: bool = True) -> str:
    """ "Về việc cử Cụm trưởng, Cụm phó Cụm thi đua số I năm 2017" (Trưởng khu vực ... for a region)."""
    leader, deputy = _role_names(term)
    roles = f"{leader}, {deputy}" if with_deputies else leader
    return f"Về việc cử {roles} {term.cluster.name} năm {term.year}"


def head_of(*, signer_authority: str, signer_position: str) -> str:
    """Who the decision is taken by: the head a deputy signs for ("KT. BỘ TRƯỞNG" → "BỘ TRƯỞNG"), else the signer."""
    authority = " ".join((signer_authority or "").split())
    if authority:
        return _PREFIX.sub("", authority)
    return " ".join((signer_position or "").split())


def _head_and_body(head: str, issuer_name: str) -> str:
    """The head of the issuing body named once: "BỘ TRƯỞNG" of "Bộ Tư pháp" → "BỘ TRƯỞNG Bộ Tư pháp"; a body named
    after its head ("THỦ TƯỚNG" of "Thủ tướng Chính phủ") or a head that names its body is not doubled."""
    head, issuer_name = head.strip(), " ".join(issuer_name.split())
    if issuer_name.casefold().startswith(head.casefold()):
        return issuer_name
    if issuer_name.casefold() in head.casefold():
        return head
    return f"{head} {issuer_name}".strip()


def authority_line(*, head: str, issuer_name: str) -> str:
    """The line before "Căn cứ": "BỘ TRƯỞNG BỘ TƯ PHÁP", "THỦ TƯỚNG CHÍNH PHỦ"."""
    return _head_and_body(head, issuer_name).upper()


def authority_in_text(*, head: str, issuer_name: str) -> str:
    """The same inside a sentence: "Bộ trưởng Bộ Tư pháp", "Thủ tướng Chính phủ"."""
    head = head.strip()
    if head.isupper():
        head = head[:1] + head[1:].lower()
    return _head_and_body(head, issuer_name)


# The decision ------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Line:
    """One awardee or appointed unit as the decision prints it."""

    name: str
    position: str = ""
    unit_name: str = ""
    role: str = ""  # appointment: "leader" or "deputy"
    is_person: bool = False


def _count_phrase(count: int, *, collective: bool) -> str:
    who = "tập thể" if collective else "cá nhân"
    return f"{count:,}".replace(",", ".") + f" {who}"


def _person_line(line: Line) -> str:
    return ", ".join(part for part in (line.name, line.position, line.unit_name) if part)


def _award_article(*, title: Title, year: int, items: Sequence[Line], annex: bool) -> dict:
    collective = title.subject == Title.Subject.COLLECTIVE
    phrase = award_phrase(title, year)
    whom = _count_phrase(len(items), collective=collective)
    if title.category == Title.Category.EMULATION:
        achievement = f"đã có thành tích xuất sắc trong phong trào thi đua năm {year}"
    else:
        achievement = "đã có thành tích xuất sắc trong công tác"
    if annex:
        return {"text": f"Tặng {phrase} cho {whom} {achievement} (có danh sách kèm theo).", "lines": []}
    printed = [item.name if collective else _person_line(item) for item in items]
    return {"text": f"Tặng {phrase} cho {whom} {achievement}, có tên sau:", "lines": printed}


def _award_annex(*, title: Title, year: int, items: Sequence[Line], reference: str) -> dict:
    collective = title.subject == Title.Subject.COLLECTIVE
    who = "Tập thể" if collective else "Cá nhân"
    if collective:
        columns = ["STT", "Tên tập thể"]
        rows = [[str(index), item.name] for index, item in enumerate(items, 1)]
    else:
        columns = ["STT", "Họ và tên", "Chức vụ, đơn vị công tác"]
        rows = [
            [str(index), item.name, ", ".join(p for p in (item.position, item.unit_name) if p)]
            for index, item in enumerate(items, 1)
        ]
    return {
        "heading": "DANH SÁCH",
        "title": f"{who} được tặng {award_phrase(title, year)}",
        "reference": reference,
        "columns": columns,
        "rows": rows,
    }


def _appointment_article(*, term: ClusterTerm, items: Sequence[Line]) -> dict:
    leader_label, deputy_label = _role_names(term)
    labels = {"leader": leader_label, "deputy": deputy_label}
    roles = [leader_label] + ([deputy_label] if any(i.role == "deputy" for i in items) else [])
    printed = [f"{labels.get(item.role, item.role)}: {item.name}" for item in items]
    return {
        "text": f"Cử các đơn vị có tên sau giữ vai trò {', '.join(roles)} {term.cluster.name} năm {term.year}:",
        "lines": printed,
    }


# How the appointment's articles refer to the group: "của Cụm", "của Khối", "của Khu vực".
_GROUP_WORD = {"cum": "Cụm", "khoi": "Khối", "khu_vuc": "Khu vực"}


def default_closing_articles(
    *,
    kind: str,
    term: ClusterTerm | None = None,
    corrects: dict | None = None,
    issuer_name: str = "Bộ Tư pháp",
    collective: bool = True,
) -> list[str]:
    """Điều 2, Điều 3… when the board wrote none: taking effect (and replacing the corrected decision), who
    carries it out (the recipients' "Như Điều 3")."""
    effect = "Quyết định này có hiệu lực kể từ ngày ký"
    if corrects:
        effect += f" và thay thế Quyết định số {corrects['number']} {corrects['date_text']} của {corrects['authority']}"
    effect += "."
    if kind == "appointment" and term is not None:
        leader, deputy = _role_names(term)
        return [
            f"Đơn vị {leader} chủ trì, phối hợp với đơn vị {deputy} tổ chức, điều hành hoạt động của "
            f"{term.cluster.name} năm {term.year} theo quy định về thi đua, khen thưởng của {issuer_name}; đầu mối "
            f"tổng hợp, báo cáo kết quả thi đua của {_GROUP_WORD.get(term.kind, 'Cụm')} về Vụ Thi đua - Khen thưởng.",
            f"{effect} Chánh Văn phòng Bộ, Vụ trưởng Vụ Thi đua - Khen thưởng và Thủ trưởng các đơn vị thành viên "
            f"{term.cluster.name} chịu trách nhiệm thi hành Quyết định này.",
        ]
    who = "tập thể" if collective else "cá nhân"
    return [
        f"Các {who} có tên tại Điều 1 được hưởng chế độ khen thưởng theo quy định của pháp luật về thi đua, "
        "khen thưởng.",
        f"{effect} Chánh Văn phòng Bộ, Vụ trưởng Vụ Thi đua - Khen thưởng, Thủ trưởng các đơn vị có liên quan và "
        f"các {who} có tên tại Điều 1 chịu trách nhiệm thi hành Quyết định này.",
    ]


@dataclass(frozen=True)
class DecisionText:
    """What the board decides about a decision's text: everything of the Decision row that is printed."""

    kind: str
    year: int
    issuer_parent: str
    issuer_name: str
    number_text: str
    place: str
    date: datetime.date
    subject: str
    legal_bases: str
    proposal: str
    closing_articles: str
    recipients: str
    signer_authority: str
    signer_position: str
    signer_name: str

    @classmethod
    def of(cls, decision) -> "DecisionText":
        return cls(**{name: getattr(decision, name) for name in cls.__dataclass_fields__})


def decision_data(
    *,
    text: DecisionText,
    items: Sequence[Line],
    title: Title | None = None,
    term: ClusterTerm | None = None,
    corrects: dict | None = None,
) -> dict:
    """Everything a decision shows, frozen: header, number, place and date, QUYẾT ĐỊNH and its subject, the
    authority, the legal bases (then "Xét đề nghị…"), the articles, the signature block, Nơi nhận and, when the
    awardees are more than INLINE_LIMIT, the annex listing them. Reads nothing from the database.

    `corrects` describes the decision this one replaces: {"number", "date_text", "authority"} (see corrects_of).
    """
    head = head_of(signer_authority=text.signer_authority, signer_position=text.signer_position)
    date_text = date_long(text.date)
    annex = None
    if text.kind == "appointment":
        first = _appointment_article(term=term, items=items)
    else:
        long_list = len(items) > INLINE_LIMIT
        first = _award_article(title=title, year=text.year, items=items, annex=long_list)
        if long_list:
            reference = (
                f"(Kèm theo Quyết định số {text.number_text} {date_text} của "
                f"{authority_in_text(head=head, issuer_name=text.issuer_name)})"
            )
            annex = _award_annex(title=title, year=text.year, items=items, reference=reference)
    closing = lines(text.closing_articles) or default_closing_articles(
        kind=text.kind,
        term=term,
        corrects=corrects,
        issuer_name=text.issuer_name,
        collective=title is None or title.subject == Title.Subject.COLLECTIVE,
    )
    articles = [{"heading": "Điều 1.", **first}]
    articles += [{"heading": f"Điều {n}.", "text": body, "lines": []} for n, body in enumerate(closing, 2)]
    bases = lines(text.legal_bases)
    proposal = " ".join((text.proposal or "").split())
    return {
        "issuer": {"parent": text.issuer_parent, "name": text.issuer_name},
        "number": text.number_text,
        "place": text.place,
        "date": text.date.isoformat(),
        "type_name": TYPE_NAME,
        "subject": " ".join(text.subject.split()),
        "authority": authority_line(head=head, issuer_name=text.issuer_name),
        # "Xét đề nghị của …" closes the bases: italic, one per line, ";" and "." on the last (documents/base.html).
        "legal_bases": bases + ([proposal] if proposal else []),
        "articles": articles,
        "annex": annex,
        "signer": {"authority": text.signer_authority, "position": text.signer_position, "name": text.signer_name},
        "recipients": lines(text.recipients),
    }


def corrects_of(decision) -> dict | None:
    """How a correction names the decision it replaces, or None."""
    if decision is None:
        return None
    head = head_of(signer_authority=decision.signer_authority, signer_position=decision.signer_position)
    return {
        "number": decision.number_text,
        "date_text": date_long(decision.date),
        "authority": authority_in_text(head=head, issuer_name=decision.issuer_name),
    }


def decision_title(*, number_text: str, subject: str) -> str:
    return f"Quyết định số {number_text} {subject[:1].lower()}{subject[1:]}" if number_text else subject
