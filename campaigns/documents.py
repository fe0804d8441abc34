"""The data the campaigns' printed documents show, frozen: the movement launch plan (KH) and the covenant (GƯ).

Rendering reads only what these functions return (RenderedDocument.data): plain JSON, dates as ISO text,
every line of the document already decided here, so that the same data always prints the same bytes.
"""

import datetime
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone, translation

from thidua.core.vietnamese import sort_key
from thidua.org.models import Cluster, ClusterMembership, ClusterTerm, Person, Unit
from thidua.org.selectors import role_label

from .models import Covenant, CovenantCriterion, CovenantSignature, Movement

PLAN_TEMPLATE = "documents/launch_plan.html"
COVENANT_TEMPLATE = "documents/covenant.html"
PLAN_KIND = "campaigns.plan"
COVENANT_KIND = "campaigns.covenant"
MINISTRY_KIND_CODE = "bo"
DEFAULT_PLACE = "Hà Nội"
ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X")

# Printed documents are legal texts in Vietnamese whatever the UI language: the wording below is not
# translated (see templates/documents/base.html), and what comes from gettext (role names) is read in Vietnamese.


# Codes and names ------------------------------------------------------------------------------------------


def _strip_marks(text: str) -> str:
    """Diacritics off, but Đ kept: it is a letter of its own in Vietnamese codes (TĐKT)."""
    decomposed = unicodedata.normalize("NFD", text)
    return unicodedata.normalize("NFC", "".join(ch for ch in decomposed if not unicodedata.combining(ch)))


def short_code(text: str) -> str:
    """The code of a name as it is written after the type in a document number ("12/KH-BTP").

    One word is kept whole ("BTP", "TTB"); otherwise the initials of the words, where a word already written in
    capitals (an abbreviation: THADS, PLDSKT, TĐKT) is kept whole: "Bộ Tư pháp" → "BTP", "Vụ TĐKT" → "VTĐKT",
    "Cục THADS tỉnh Yên Bái" → "CTHADSTYB". Diacritics are dropped except Đ; the result is upper case.
    """
    words = [w for w in re.split(r"[\s\-–—,.;:()/]+", text or "") if w]
    if len(words) == 1:
        return _strip_marks(words[0]).upper()
    parts = []
    for word in words:
        letters = [ch for ch in word if ch.isalnum()]
        if not letters:
            continue
        if len(letters) > 1 and word.isupper():
            parts.append("".join(letters))
        else:
            parts.append(letters[0])
    return _strip_marks("".join(parts)).upper()


def unit_short_code(unit: Unit) -> str:
    """A unit's code in document numbers: its short name, or the initials of its name (see short_code)."""
    return short_code(unit.short_name.strip() or unit.name)


def ministry_unit() -> Unit | None:
    """The Ministry: the root unit of kind "Bộ" (the first created, should there be several)."""
    return (
        Unit.objects.filter(parent__isnull=True, kind__code=MINISTRY_KIND_CODE)
        .select_related("kind", "province")
        .order_by("pk")
        .first()
    )


def term_leader(term: ClusterTerm) -> Unit | None:
    membership = (
        ClusterMembership.objects.filter(term=term, role=ClusterMembership.Role.LEADER)
        .select_related("unit", "unit__kind", "unit__province")
        .first()
    )
    return membership.unit if membership else None


def head_person_name(unit: Unit) -> str:
    """The name of the unit's head, when a person of the unit holds its head title; else empty."""
    title = unit.display_head_title
    if not title:
        return ""
    person = (
        Person.objects.filter(unit=unit, is_active=True, position__iexact=title)
        .order_by("pk")
        .only("full_name")
        .first()
    )
    return person.full_name if person else ""


def place_of(unit: Unit | None) -> str:
    """Where a unit issues its documents: its province (Decree 30 writes the province), else Hà Nội."""
    if unit is not None and unit.province_id:
        return unit.province.name
    ministry = ministry_unit()
    if ministry is not None and ministry.province_id:
        return ministry.province.name
    return DEFAULT_PLACE


def issuer_lines(*, term: ClusterTerm | None, issuer: Unit) -> dict:
    """The header's issuing body: the Ministry on its own; for a cluster, the cluster under the Ministry."""
    if term is None:
        return {"parent": "", "name": issuer.name}
    ministry = ministry_unit()
    return {"parent": ministry.name if ministry else "", "name": term.cluster.name}


def cluster_code(term: ClusterTerm, leader: Unit | None) -> str:
    """The code in a cluster document's number: its leader unit's, else the cluster's own initials."""
    return unit_short_code(leader) if leader else short_code(term.cluster.short_name or term.cluster.name)


def paragraphs(text: str) -> list[str]:
    """A text field as printed paragraphs: one per non-empty line, white space collapsed."""
    return [" ".join(line.split()) for line in (text or "").splitlines() if line.strip()]


def date_short(value: datetime.date) -> str:
    return value.strftime("%d/%m/%Y")


def points_text(value: Decimal) -> str:
    """Points as Vietnamese write them: no useless zeros, a decimal comma ("12,5")."""
    normalized = value.quantize(Decimal("0.01")).normalize()
    text = format(normalized, "f")
    return text.replace(".", ",")


def _by_name(names: Iterable[str]) -> list[str]:
    return sorted(names, key=sort_key)


# The launch plan ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PlanInputs:
    """What the person issuing the plan decides: where and when, who signs, who receives it."""

    place: str
    date: datetime.date
    signer_authority: str
    signer_position: str
    signer_name: str
    recipients: tuple[str, ...]

    @classmethod
    def from_data(cls, data: dict) -> "PlanInputs":
        """The inputs a plan was issued with, read back from its frozen data (to re-freeze it after an edit)."""
        signer = data.get("signer") or {}
        return cls(
            place=data["place"],
            date=datetime.date.fromisoformat(data["date"]),
            signer_authority=signer.get("authority", ""),
            signer_position=signer.get("position", ""),
            signer_name=signer.get("name", ""),
            recipients=tuple(data.get("recipients") or ()),
        )


@translation.override("vi")
def plan_defaults(movement: Movement) -> PlanInputs:
    """The form's starting values for issuing a movement's plan."""
    term = movement.launched_by_term
    issuer = movement.issuer
    if term is None:
        authority, position, name = "KT. BỘ TRƯỞNG", "THỨ TRƯỞNG", ""
        recipients = (
            "Bộ trưởng (để báo cáo)",
            "Các Thứ trưởng (để chỉ đạo)",
            "Các đơn vị thuộc Bộ",
            "Hội đồng Thi đua - Khen thưởng Bộ",
            "Lưu: VT, TĐKT",
        )
    else:
        authority = f"TM. {term.cluster.name}"
        position = role_label(ClusterMembership.Role.LEADER, term.kind)
        name = head_person_name(issuer)
        recipients = (
            "Hội đồng Thi đua - Khen thưởng Bộ (để báo cáo)",
            "Vụ Thi đua - Khen thưởng",
            f"Các đơn vị thành viên {term.cluster.name}",
            f"Lưu: VT, {unit_short_code(issuer)}",
        )
    return PlanInputs(
        place=place_of(issuer),
        date=timezone.localdate(),
        signer_authority=authority,
        signer_position=position,
        signer_name=name,
        recipients=recipients,
    )


def _participant_groups(movement: Movement, units: list[Unit]) -> tuple[str, list[dict]]:
    P = Movement.Participants
    term = movement.launched_by_term
    if movement.participants == P.ALL and term is None:
        return (
            f"Tất cả các cơ quan, đơn vị thuộc và trực thuộc Bộ Tư pháp, các Sở Tư pháp "
            f"({len(units)} đơn vị) cùng toàn thể công chức, viên chức, người lao động.",
            [],
        )
    if movement.participants == P.ALL:
        return (
            f"Tất cả {len(units)} đơn vị thành viên {term.cluster.name} năm {term.year} "
            "cùng toàn thể công chức, viên chức, người lao động của các đơn vị:",
            [{"title": "", "units": _by_name(u.name for u in units)}],
        )
    if movement.participants == P.CLUSTERS:
        terms = sorted(movement.participant_terms.select_related("cluster"), key=lambda t: sort_key(t.cluster.name))
        members: dict[int, list[str]] = {}
        for term_id, name in ClusterMembership.objects.filter(term__in=terms).values_list("term_id", "unit__name"):
            members.setdefault(term_id, []).append(name)
        groups = [
            {
                "title": f"{t.cluster.name} ({len(members.get(t.pk, []))} đơn vị)",
                "units": _by_name(members.get(t.pk, [])),
            }
            for t in terms
        ]
        return (
            f"Các đơn vị thành viên của {len(terms)} cụm, khối, khu vực thi đua năm {movement.year} "
            f"({len(units)} đơn vị) cùng toàn thể công chức, viên chức, người lao động:",
            groups,
        )
    return (
        f"{len(units)} đơn vị sau đây cùng toàn thể công chức, viên chức, người lao động của đơn vị:",
        [{"title": "", "units": _by_name(u.name for u in units)}],
    )


def _organisation(movement: Movement) -> list[str]:
    term = movement.launched_by_term
    if term is None:
        return [
            "Thủ trưởng các đơn vị căn cứ Kế hoạch này xây dựng kế hoạch triển khai phong trào thi đua tại đơn vị, "
            "tổ chức phát động sâu rộng đến toàn thể công chức, viên chức, người lao động; định kỳ báo cáo kết quả "
            "về Bộ (qua Vụ Thi đua - Khen thưởng).",
            "Vụ Thi đua - Khen thưởng có trách nhiệm hướng dẫn, theo dõi, đôn đốc việc thực hiện Kế hoạch; tổng hợp "
            "kết quả, đề xuất khen thưởng các tập thể, cá nhân có thành tích tiêu biểu, báo cáo Lãnh đạo Bộ.",
        ]
    leader = role_label(ClusterMembership.Role.LEADER, term.kind)
    return [
        f"Các đơn vị thành viên căn cứ Kế hoạch này xây dựng kế hoạch triển khai tại đơn vị; định kỳ báo cáo kết quả "
        f"về đơn vị {leader} ({movement.issuer.name}).",
        f"Đơn vị {leader} có trách nhiệm theo dõi, đôn đốc các đơn vị thành viên thực hiện Kế hoạch; tổng hợp kết "
        "quả, báo cáo Hội đồng Thi đua - Khen thưởng Bộ (qua Vụ Thi đua - Khen thưởng).",
    ]


@translation.override("vi")
def plan_data(*, movement: Movement, number: str, inputs: PlanInputs, units: list[Unit], issuer: dict) -> dict:
    """Everything the launch plan shows, frozen: header, number, place and date, title, the sections (purposes,
    content, participants, timeline, organisation), the signer block and Nơi nhận.

    `units` are the participating units (movement_participating_units) and `issuer` the header's lines
    (issuer_lines), both read by the caller: given them, this reads the database only for a movement whose
    participants are chosen cluster terms.
    """
    summary, groups = _participant_groups(movement, units)
    kind_label = {
        Movement.Kind.REGULAR: "thường xuyên, hằng năm",
        Movement.Kind.PERIOD: "theo đợt",
        Movement.Kind.THEMATIC: "theo chuyên đề",
    }[movement.kind]
    sections = [{"heading": "MỤC ĐÍCH, YÊU CẦU", "paragraphs": paragraphs(movement.goals), "groups": []}]
    content = paragraphs(movement.content)
    if content:
        sections.append({"heading": "NỘI DUNG, BIỆN PHÁP TỔ CHỨC", "paragraphs": content, "groups": []})
    sections.append({"heading": "ĐỐI TƯỢNG THAM GIA", "paragraphs": [summary], "groups": groups})
    sections.append(
        {
            "heading": "THỜI GIAN THỰC HIỆN",
            "paragraphs": [
                f"Phong trào thi đua {kind_label}, thực hiện từ ngày {date_short(movement.start_date)} "
                f"đến ngày {date_short(movement.end_date)}."
            ],
            "groups": [],
        }
    )
    sections.append({"heading": "TỔ CHỨC THỰC HIỆN", "paragraphs": _organisation(movement), "groups": []})
    for index, section in enumerate(sections):
        section["heading"] = f"{ROMAN[index]}. {section['heading']}"
    return {
        "issuer": issuer,
        "number": number,
        "place": inputs.place,
        "date": inputs.date.isoformat(),
        "type_name": "KẾ HOẠCH",
        "subject": f"Phát động phong trào thi đua “{movement.name}” năm {movement.year}",
        "intro": (
            f"Nhằm động viên, khơi dậy tinh thần thi đua yêu nước, phát huy sức mạnh của các tập thể, cá nhân trong "
            f"việc thực hiện thắng lợi nhiệm vụ chính trị năm {movement.year}, {issuer['name']} ban hành Kế hoạch "
            f"phát động phong trào thi đua “{movement.name}” như sau:"
        ),
        "movement": {"name": movement.name, "year": movement.year, "kind": kind_label},
        "sections": sections,
        "timeline": {"start": movement.start_date.isoformat(), "end": movement.end_date.isoformat()},
        "signer": {
            "authority": inputs.signer_authority,
            "position": inputs.signer_position,
            "name": inputs.signer_name,
        },
        "recipients": list(inputs.recipients),
    }


def plan_title(movement: Movement) -> str:
    return f"Kế hoạch phát động phong trào thi đua “{movement.name}” năm {movement.year}"


# The covenant ---------------------------------------------------------------------------------------------

_ROLE_ORDER = {ClusterMembership.Role.LEADER: 0, ClusterMembership.Role.DEPUTY: 1, ClusterMembership.Role.MEMBER: 2}


@translation.override("vi")
def covenant_data(
    *,
    covenant: Covenant,
    term: ClusterTerm,
    number: str,
    place: str,
    date: datetime.date,
    criteria: list[CovenantCriterion],
    signatures: list[CovenantSignature],
    roles: dict[int, str],
    issuer: dict,
    issuer_code: str,
) -> dict:
    """Everything the covenant shows, frozen: header, number, place and date, title, the targets, the score
    table with its total, the table of the members' signatures (leader, deputies, then the others by name),
    and Nơi nhận. `roles` maps each signing unit's id to its role in the term; `issuer` is the header's lines
    (issuer_lines) and `issuer_code` the leader unit's code. Reads nothing from the database."""
    cluster: Cluster = term.cluster
    total = sum((c.max_points for c in criteria), Decimal(0))
    ordered = sorted(
        signatures, key=lambda s: (_ROLE_ORDER.get(roles.get(s.unit_id, "member"), 2), sort_key(s.unit_name))
    )
    return {
        "issuer": issuer,
        "number": number,
        "place": place,
        "date": date.isoformat(),
        "type_name": "GIAO ƯỚC THI ĐUA",
        "subject": covenant.title,
        "intro": (
            f"Thực hiện phong trào thi đua năm {term.year}, các đơn vị thành viên {cluster.name} thống nhất ký kết "
            "giao ước thi đua với những nội dung sau đây:"
        ),
        "targets": paragraphs(covenant.targets),
        "criteria": [
            {"order": i, "name": c.name, "max_points": points_text(c.max_points)} for i, c in enumerate(criteria, 1)
        ],
        "total_points": points_text(total),
        "signatures": [
            {
                "unit": s.unit_name,
                "role": role_label(roles[s.unit_id], term.kind) if roles.get(s.unit_id, "member") != "member" else "",
                "signer": s.signer_name,
                "title": s.signer_title,
                "date": timezone.localtime(s.signed_at).date().isoformat(),
                "date_text": date_short(timezone.localtime(s.signed_at).date()),
            }
            for s in ordered
        ],
        "closing": (
            f"Các đơn vị thành viên cam kết thực hiện đầy đủ các nội dung đã giao ước; kết quả thực hiện là căn cứ "
            f"để chấm điểm, bình xét thi đua năm {term.year} của {cluster.name}."
        ),
        "recipients": [
            "Hội đồng Thi đua - Khen thưởng Bộ (để báo cáo)",
            "Vụ Thi đua - Khen thưởng",
            f"Các đơn vị thành viên {cluster.name}",
            f"Lưu: VT, {issuer_code}",
        ],
    }


def covenant_title(covenant: Covenant, term: ClusterTerm) -> str:
    return f"Giao ước thi đua năm {term.year} của {term.cluster.name}"
