"""The narrative's draft, written from the figures: what the writer starts from when a part of the narrative is
still empty (achievements, limitations and their causes, directions for next year), one paragraph a line.

The draft is the report's own text, printed in the PDF once the writer keeps it: Vietnamese whatever the portal's
language, like every printed document (see templates/documents/base.html), so it is not translated.
"""

from collections import defaultdict
from dataclasses import dataclass

from django.utils import translation

from .selectors import MinistryFigures, TermFigures, banner_winners
from .text import cluster_word, count_text, date_short, names_text, percent_text, points_text, usual_title


@dataclass(frozen=True)
class Narrative:
    achievements: str
    limitations: str
    directions: str

    def as_dict(self) -> dict[str, str]:
        return {"achievements": self.achievements, "limitations": self.limitations, "directions": self.directions}


def _banners_sentence(votes, *, opening: str) -> str:
    winners = sorted(
        ((rank, name, found) for rank, (_code, name, found) in _ranked(votes) if found), key=lambda r: -r[0]
    )
    if not winners:
        return ""
    parts = [
        f"{usual_title(name)} đối với {len(found)} tập thể ({names_text(found)})" for _rank, name, found in winners
    ]
    return f"{opening} {names_text(parts)}."


def _ranked(votes):
    ranks = {v.title_code: v.title_rank for v in votes}
    return [(ranks[code], (code, name, found)) for code, name, found in banner_winners(votes)]


def _whom(lines) -> str:
    """ "4 tập thể", "3 cá nhân", "1 tập thể, 2 cá nhân": who the lines of a decision name."""
    people = sum(1 for line in lines if line.is_person)
    parts = [f"{len(lines) - people} tập thể" if len(lines) > people else "", f"{people} cá nhân" if people else ""]
    return ", ".join(part for part in parts if part)


def _leaders_sentence(leaders) -> str:
    if leaders is None or not leaders.leader:
        return ""
    text = f"{leaders.leader_label} năm {leaders.year} là {leaders.leader}"
    if leaders.deputies:
        text += f"; {leaders.deputy_label} là {names_text(leaders.deputies)}"
    if leaders.decision_number:
        text += f" (Quyết định số {leaders.decision_number}"
        if leaders.decision_date:
            text += f" ngày {date_short(leaders.decision_date)}"
        text += ")"
    return text + "."


@translation.override("vi")
def term_draft(figures: TermFigures) -> Narrative:
    """The draft of a cluster term's narrative."""
    word = cluster_word(figures.cluster_kind)
    total = figures.participation.total
    units = figures.participation.units
    achievements = [
        f"Năm {figures.year}, {figures.cluster} có {len(units)} đơn vị thành viên; {percent_text(total)} công chức, "
        f"người lao động các đơn vị ({count_text(total.registered)}/{count_text(total.active)} người) đăng ký thi "
        "đua."
    ]
    if figures.movements:
        names = [
            f"«{m.name}» ({'Bộ Tư pháp phát động' if m.by_ministry else f'{word} phát động'})"
            for m in figures.movements
        ]
        achievements.append(f"{word} đã triển khai {len(figures.movements)} phong trào thi đua: {names_text(names)}.")
    covenant = figures.covenant
    if covenant is not None:
        top = covenant.top
        sentence = "Các đơn vị thành viên đã ký kết giao ước thi đua"
        if top and top[0].total is not None:
            sentence += (
                f" và chấm điểm chéo; dẫn đầu là {names_text([r.name for r in top])} với "
                f"{points_text(top[0].total)}/{points_text(covenant.max_total)} điểm"
            )
        achievements.append(sentence + ".")
    awarded = [t for t in figures.titles if t.awarded]
    if awarded:
        achievements.append(
            "Kết quả bình xét thi đua: " + "; ".join(f"{t.name}: {count_text(t.awarded)}" for t in awarded) + "."
        )
    ratings = figures.ratings
    if ratings.excellent or ratings.good:
        achievements.append(
            f"Công tác bình xét thi đua gắn với đánh giá, xếp loại công chức: {count_text(ratings.excellent)} người "
            f"hoàn thành xuất sắc nhiệm vụ, {count_text(ratings.good)} người hoàn thành tốt nhiệm vụ."
        )
    when = f" ngày {date_short(figures.conference.date)}" if figures.conference else ""
    banners = _banners_sentence(figures.votes, opening=f"Hội nghị tổng kết{when} đã bỏ phiếu bình xét, suy tôn")
    if banners:
        achievements.append(banners)
    decided = defaultdict(list)
    for line in figures.awards:
        decided[(line.number, line.date, line.title_name)].append(line)
    if decided:
        parts = [
            f"{usual_title(title)} ({_whom(lines)}; Quyết định số {number} ngày {date_short(date)})"
            for (number, date, title), lines in decided.items()
        ]
        achievements.append(f"Các tập thể, cá nhân thuộc {word} được khen thưởng: {'; '.join(parts)}.")
    leaders = _leaders_sentence(figures.next_leaders)
    if leaders:
        achievements.append(leaders)

    limitations = []
    below = [u for u in units if u.rate.active and u.rate.registered < u.rate.active]
    if below:
        listed = ", ".join(f"{u.name} ({percent_text(u.rate)})" for u in below)
        limitations.append(f"Còn {len(below)} đơn vị chưa có 100% công chức đăng ký thi đua: {listed}.")
    if covenant is not None and covenant.scorers_done < covenant.members:
        limitations.append(
            f"Mới có {covenant.scorers_done}/{covenant.members} đơn vị hoàn thành chấm điểm giao ước thi đua."
        )
    if ratings.not_evaluated:
        limitations.append(f"Còn {count_text(ratings.not_evaluated)} người chưa được đánh giá, xếp loại.")
    limitations.append(
        "Nêu những hạn chế trong tổ chức các phong trào thi đua (theo đợt, theo chuyên đề), trong phát hiện, bồi "
        "dưỡng và nhân rộng điển hình tiên tiến, và nguyên nhân của những hạn chế đó."
    )

    following = figures.year + 1
    directions = [
        f"Bước sang năm {following}, {word} tiếp tục thực hiện các phong trào thi đua do Bộ, ngành Tư pháp phát "
        "động; gắn công tác thi đua, khen thưởng với nhiệm vụ chuyên môn của từng đơn vị."
    ]
    if figures.next_leaders is not None and figures.next_leaders.leader:
        directions.append(
            f"{figures.next_leaders.leader_label} năm {following} ({figures.next_leaders.leader}) chủ trì xây dựng kế "
            f"hoạch và ký kết giao ước thi đua năm {following} giữa các đơn vị thành viên."
        )
    return Narrative("\n".join(achievements), "\n".join(limitations), "\n".join(directions))


@translation.override("vi")
def ministry_draft(figures: MinistryFigures) -> Narrative:
    """The draft of the ministry's narrative."""
    participation = figures.participation
    total = participation.total
    achievements = [
        f"Năm {figures.year}, toàn Bộ có {count_text(len(participation.units))} đơn vị với "
        f"{count_text(total.active)} công chức, viên chức, người lao động; {percent_text(total)} "
        f"({count_text(total.registered)} người) đăng ký thi đua."
    ]
    if participation.clusters:
        full = [c for c in participation.clusters if c.rate.active and c.rate.registered == c.rate.active]
        achievements.append(
            f"Các đơn vị được tổ chức thành {len(participation.clusters)} cụm, khối, khu vực thi đua, trong đó "
            f"{len(full)} cụm, khối, khu vực có 100% công chức đăng ký thi đua."
        )
    ministry = [m for m in figures.movements if m.by_ministry]
    clusters = [m for m in figures.movements if not m.by_ministry]
    if figures.movements:
        achievements.append(
            f"Bộ đã phát động {len(ministry)} phong trào thi đua; các cụm, khối, khu vực phát động "
            f"{len(clusters)} phong trào thi đua."
        )
    banners = _banners_sentence(
        figures.votes, opening="Tại hội nghị tổng kết của các cụm, khối, khu vực, các đơn vị đã bỏ phiếu suy tôn"
    )
    if banners:
        achievements.append(banners)
    if figures.decisions:
        lines = sum(d.lines for d in figures.decisions)
        achievements.append(
            f"Đã ký {len(figures.decisions)} quyết định khen thưởng với {count_text(lines)} lượt tập thể, cá nhân."
        )
    named = [c for c in figures.leaders if c.next is not None and c.next.leader]
    if named:
        achievements.append(
            f"{len(named)}/{len(figures.leaders)} cụm, khối, khu vực đã có đơn vị Cụm trưởng năm {figures.year + 1}."
        )

    limitations = []
    below = [c for c in participation.clusters if c.rate.active and c.rate.registered < c.rate.active]
    if below:
        listed = ", ".join(f"{c.cluster} ({percent_text(c.rate)})" for c in below)
        limitations.append(f"Còn {len(below)} cụm, khối, khu vực chưa có 100% công chức đăng ký thi đua: {listed}.")
    if figures.ratings.not_evaluated:
        limitations.append(f"Còn {count_text(figures.ratings.not_evaluated)} người chưa được đánh giá, xếp loại.")
    limitations.append(
        "Nêu những hạn chế trong tổ chức các phong trào thi đua và công tác khen thưởng toàn Bộ, và nguyên nhân."
    )
    directions = [
        f"Năm {figures.year + 1}, tiếp tục đổi mới nội dung, hình thức tổ chức các phong trào thi đua gắn với nhiệm "
        "vụ chính trị của Bộ, ngành; kịp thời phát hiện, bồi dưỡng và nhân rộng điển hình tiên tiến; nâng cao chất "
        "lượng công tác khen thưởng."
    ]
    return Narrative("\n".join(achievements), "\n".join(limitations), "\n".join(directions))


def draft_for(figures: TermFigures | MinistryFigures) -> Narrative:
    return ministry_draft(figures) if figures.is_ministry else term_draft(figures)
