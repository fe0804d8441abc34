"""The default rules and quotas of DOMAIN.md's title chains, as data: loaded by migration 0002_default_rules and by
awards.services.rules.rules_ensure_defaults (tests whose database was flushed, the demo). The board edits them in
the admin afterwards; a change in the law is a new version from the year it takes effect.

Two versions of each rule:
- 2013–2023: Luật Thi đua, khen thưởng 2003 (amended 2005 and 2013), detailed by Nghị định 42/2010/NĐ-CP (as
  amended by Nghị định 65/2014/NĐ-CP) until 2016 and by Nghị định 91/2017/NĐ-CP (in force 1 October 2017) from
  the 2017 emulation year;
- from 2024: Luật Thi đua, khen thưởng 06/2022/QH15 (in force 1 January 2024), detailed by Nghị định
  98/2023/NĐ-CP.
Articles of the two laws: Điều 21 Chiến sĩ thi đua toàn quốc, 22 cấp Bộ, 23 cơ sở, 24 Lao động tiên tiến, 25 Cờ thi
đua của Chính phủ, 26 Cờ thi đua cấp Bộ, 27 Tập thể lao động xuất sắc, 28 Tập thể lao động tiên tiến.

Where the shipped figure is the product's default rather than the letter of the law it says so in the rule's notes
(the 70 % share of the Tập thể lao động tiên tiến title: DOMAIN.md's default; the Law's Điều 28 reads "trên 50%").
"""

from dataclasses import dataclass, field

FIRST_YEAR = 2013
LAST_YEAR_2003_LAW = 2023
FIRST_YEAR_2022_LAW = 2024

LAW_2003 = "Luật Thi đua, khen thưởng năm 2003 (sửa đổi, bổ sung năm 2005 và năm 2013)"
DECREES_2003 = (
    "Nghị định 42/2010/NĐ-CP (sửa đổi bởi Nghị định 65/2014/NĐ-CP), áp dụng đến năm thi đua 2016; "
    "Nghị định 91/2017/NĐ-CP, áp dụng từ năm thi đua 2017"
)
LAW_2022 = "Luật Thi đua, khen thưởng số 06/2022/QH15"
DECREE_2022 = "Nghị định 98/2023/NĐ-CP quy định chi tiết thi hành một số điều của Luật Thi đua, khen thưởng"

# PersonEvaluation.Discipline.WARNING: "cảnh cáo" (the scale is ordered by severity).
WARNING = 2


@dataclass(frozen=True)
class ConditionDefault:
    kind: str
    required_title: str = ""  # a title code
    years: int | None = None
    initiative_level: str = ""
    min_rating: str = ""
    min_percent: str | None = None  # a decimal, as text
    discipline_level: int | None = None
    legal_basis: str = ""


@dataclass(frozen=True)
class RuleDefault:
    title: str  # a title code
    name: str
    legal_basis: str
    valid_from: int
    valid_to: int | None
    conditions: tuple[ConditionDefault, ...] = field(default_factory=tuple)
    through_cluster: bool = False
    notes: str = ""


@dataclass(frozen=True)
class QuotaDefault:
    title: str
    base_title: str
    percent: str
    legal_basis: str
    valid_from: int
    valid_to: int | None


def _basis(article: str, law: str, decrees: str) -> str:
    return f"{article} {law}; {decrees}."


# The person's own discipline: the Law's Lao động tiên tiến standard asks for someone who "chấp hành tốt chủ
# trương, chính sách của Đảng, pháp luật của Nhà nước"; the product reads that as "not disciplined at cảnh cáo or
# above", the threshold the collective titles name, so that a member counted Lao động tiên tiến-worthy in a
# collective's share (campaigns.selectors.evaluation.advanced_worthy_q) is one this rule would accept.
PERSON_DISCIPLINE_BASIS = (
    "Điều 24 Luật Thi đua, khen thưởng (chấp hành tốt chủ trương, chính sách của Đảng, pháp luật của Nhà nước); "
    "mức «cảnh cáo» thống nhất với tiêu chuẩn của danh hiệu tập thể (Điều 28)."
)
SHARE_NOTE = (
    "Tỷ lệ 70% là mức mặc định của hệ thống theo yêu cầu nghiệp vụ; Điều 28 Luật Thi đua, khen thưởng quy định "
    "«có trên 50% cá nhân trong tập thể đạt danh hiệu Lao động tiên tiến». Vụ Thi đua - Khen thưởng điều chỉnh "
    "theo văn bản hướng dẫn của Bộ nếu cần."
)
MEMBER_CSTDCS_NOTE = (
    "Tiêu chuẩn «có cá nhân đạt danh hiệu Chiến sĩ thi đua cơ sở» chưa được kiểm tra tự động; Vụ Thi đua - Khen "
    "thưởng đối chiếu khi thẩm định hồ sơ."
)
CSTD_TQ_NOTE = (
    "Luật quy định «hai lần liên tục» đạt Chiến sĩ thi đua cấp Bộ; hệ thống kiểm tra hai năm liên tục liền kề năm "
    "xét, theo mặc định nghiệp vụ."
)
QUOTA_NOTE = (
    "Tỷ lệ 20% số tập thể được cụm, khối suy tôn Cờ thi đua của Bộ là chỉ tiêu mặc định của hệ thống; đối chiếu "
    "văn bản hướng dẫn xét tặng hằng năm."
)


def _versions(
    title: str,
    label: str,
    article: str,
    conditions_2003: tuple[ConditionDefault, ...],
    conditions_2022: tuple[ConditionDefault, ...] | None = None,
    *,
    through_cluster: bool = False,
    notes: str = "",
) -> list[RuleDefault]:
    """The two versions of a title's rule: under the 2003 Law (2013–2023) and under the 2022 Law (from 2024)."""
    return [
        RuleDefault(
            title=title,
            name=f"Tiêu chuẩn {label} (Luật Thi đua, khen thưởng 2003)",
            legal_basis=_basis(article, LAW_2003, DECREES_2003),
            valid_from=FIRST_YEAR,
            valid_to=LAST_YEAR_2003_LAW,
            conditions=conditions_2003,
            through_cluster=through_cluster,
            notes=notes,
        ),
        RuleDefault(
            title=title,
            name=f"Tiêu chuẩn {label} (Luật Thi đua, khen thưởng 2022)",
            legal_basis=_basis(article, LAW_2022, DECREE_2022),
            valid_from=FIRST_YEAR_2022_LAW,
            valid_to=None,
            conditions=conditions_2003 if conditions_2022 is None else conditions_2022,
            through_cluster=through_cluster,
            notes=notes,
        ),
    ]


_LDTT = (
    ConditionDefault(kind="rating", min_rating="tot"),
    ConditionDefault(kind="no_discipline", discipline_level=WARNING, legal_basis=PERSON_DISCIPLINE_BASIS),
)
_CSTDCS = (
    ConditionDefault(kind="title_same_year", required_title="ldtt"),
    ConditionDefault(kind="initiative", initiative_level="co_so"),
)
_CSTD_BO = (
    ConditionDefault(kind="consecutive", required_title="cstdcs", years=3),
    ConditionDefault(kind="initiative", initiative_level="bo", years=3),
)
_CSTD_TQ = (
    ConditionDefault(kind="consecutive", required_title="cstd-bo", years=2),
    ConditionDefault(kind="initiative", initiative_level="toan_quoc", years=2),
)
_TTLDTT = (
    ConditionDefault(kind="rating", min_rating="tot"),
    ConditionDefault(kind="member_share", min_percent="70"),
    ConditionDefault(kind="no_discipline", discipline_level=WARNING),
)
_TTLDXS_2022 = (
    ConditionDefault(kind="rating", min_rating="xuat_sac"),
    ConditionDefault(kind="members_completed", min_percent="100"),
    ConditionDefault(kind="member_share", min_percent="70"),
)
# The 2003 Law's Điều 27 also excluded collectives with a member disciplined at cảnh cáo or above; Điều 27 of the
# 2022 Law no longer says so (its Tập thể lao động tiên tiến standard, Điều 28, still does).
_TTLDXS_2003 = (*_TTLDXS_2022, ConditionDefault(kind="no_discipline", discipline_level=WARNING))
_CO_BO = (ConditionDefault(kind="cluster_vote", required_title="co-bo"),)
_CO_CP = (
    ConditionDefault(kind="title_same_year", required_title="co-bo"),
    ConditionDefault(kind="cluster_vote", required_title="co-cp"),
)

DEFAULT_RULES: list[RuleDefault] = [
    *_versions("ldtt", "danh hiệu Lao động tiên tiến", "Điều 24", _LDTT),
    *_versions("cstdcs", "danh hiệu Chiến sĩ thi đua cơ sở", "Điều 23", _CSTDCS),
    *_versions("cstd-bo", "danh hiệu Chiến sĩ thi đua cấp Bộ, ngành", "Điều 22", _CSTD_BO),
    *_versions("cstd-tq", "danh hiệu Chiến sĩ thi đua toàn quốc", "Điều 21", _CSTD_TQ, notes=CSTD_TQ_NOTE),
    *_versions("ttldtt", "danh hiệu Tập thể lao động tiên tiến", "Điều 28", _TTLDTT, notes=SHARE_NOTE),
    *_versions(
        "ttldxs", "danh hiệu Tập thể lao động xuất sắc", "Điều 27", _TTLDXS_2003, _TTLDXS_2022, notes=MEMBER_CSTDCS_NOTE
    ),
    *_versions("co-bo", "Cờ thi đua của Bộ Tư pháp", "Điều 26", _CO_BO, through_cluster=True),
    *_versions("co-cp", "Cờ thi đua của Chính phủ", "Điều 25", _CO_CP, through_cluster=True),
]

DEFAULT_QUOTAS: list[QuotaDefault] = [
    QuotaDefault(
        title="co-cp",
        base_title="co-bo",
        percent="20",
        legal_basis=f"Điều 25 {LAW_2003}; {DECREES_2003}. {QUOTA_NOTE}",
        valid_from=FIRST_YEAR,
        valid_to=LAST_YEAR_2003_LAW,
    ),
    QuotaDefault(
        title="co-cp",
        base_title="co-bo",
        percent="20",
        legal_basis=f"Điều 25 {LAW_2022}; {DECREE_2022}. {QUOTA_NOTE}",
        valid_from=FIRST_YEAR_2022_LAW,
        valid_to=None,
    ),
]


def load_defaults(*, Title, Rule, Condition, Quota) -> int:
    """Create the default rules (with their conditions) and quotas that are missing, by (title, first year).

    Takes the model classes so that the data migration (historical models) and the service (today's models) share
    it. A default whose title is not in the catalogue (the board removed it) is skipped; a version the board
    changed is kept as it is. Returns the number of rules and quotas created.
    """
    from decimal import Decimal

    titles = dict(Title.objects.values_list("code", "pk"))
    existing_rules = set(Rule.objects.values_list("title_id", "valid_from"))
    existing_quotas = set(Quota.objects.values_list("title_id", "valid_from"))
    created = 0
    for default in DEFAULT_RULES:
        title_id = titles.get(default.title)
        needed = [c.required_title for c in default.conditions if c.required_title]
        if title_id is None or (title_id, default.valid_from) in existing_rules or not all(t in titles for t in needed):
            continue
        rule = Rule.objects.create(
            title_id=title_id,
            name=default.name,
            legal_basis=default.legal_basis,
            valid_from=default.valid_from,
            valid_to=default.valid_to,
            through_cluster=default.through_cluster,
            notes=default.notes,
        )
        for order, condition in enumerate(default.conditions, start=1):
            Condition.objects.create(
                rule=rule,
                order=order,
                kind=condition.kind,
                required_title_id=titles[condition.required_title] if condition.required_title else None,
                years=condition.years,
                initiative_level=condition.initiative_level,
                min_rating=condition.min_rating,
                min_percent=Decimal(condition.min_percent) if condition.min_percent is not None else None,
                discipline_level=condition.discipline_level,
                legal_basis=condition.legal_basis,
            )
        created += 1
    for default in DEFAULT_QUOTAS:
        title_id, base_id = titles.get(default.title), titles.get(default.base_title)
        if title_id is None or base_id is None or (title_id, default.valid_from) in existing_quotas:
            continue
        Quota.objects.create(
            title_id=title_id,
            base_title_id=base_id,
            percent=Decimal(default.percent),
            legal_basis=default.legal_basis,
            valid_from=default.valid_from,
            valid_to=default.valid_to,
        )
        created += 1
    return created


def unload_defaults(*, Title, Rule, Quota) -> int:
    """Delete the default versions (by title and first year), conditions included: the migration's way back."""
    titles = dict(Title.objects.values_list("code", "pk"))
    deleted = 0
    for default in DEFAULT_RULES:
        if default.title in titles:
            deleted += (
                Rule.objects.filter(title_id=titles[default.title], valid_from=default.valid_from)
                .delete()[1]
                .get(Rule._meta.label, 0)
            )
    for default in DEFAULT_QUOTAS:
        if default.title in titles:
            deleted += (
                Quota.objects.filter(title_id=titles[default.title], valid_from=default.valid_from)
                .delete()[1]
                .get(Quota._meta.label, 0)
            )
    return deleted
