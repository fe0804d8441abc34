"""The eligibility engine: for candidates, a title and a year, whether each may receive it and every reason why,
each reason naming the rule version and its legal basis. Reads the rules (awards.models.Rule, Condition, Quota),
the award history, nominations and the year-end facts of campaigns; writes nothing.

Contract (other modules rely on it):
- check_many(candidates=..., title=..., year=...) -> dict[Candidate, Eligibility], in a number of queries that
  does not depend on the number of candidates;
- check(person=... | unit=..., title=..., year=...) -> Eligibility;
- quota_status(title=..., year=...) -> QuotaStatus | None (None when no quota applies to the title that year);
- quota_check(title=..., year=..., adding=1) -> Reason (the quota as a reason: within it or over it);
- rule_for(title=..., year=...) -> Rule | None (the version that applies that year, conditions prefetched);
- Eligibility.as_json() is what a nomination stores as its snapshot (Nomination.eligibility).

Semantics. The rule is the version of the title's rules whose period covers the year; each of its conditions is
answered from the facts of that year (or of the years it names), so a later version never changes an earlier
year's answer. A candidate "holds" a title in a year when there is an Award for it, or a nomination for it that
year in status APPROVED or DECIDED; for a same-year condition, a pending nomination that came from a cluster ballot
also counts (the conference votes both banners at once; the reason says it is pending). N consecutive years end at
the checked year (year-N+1 … year). A cluster vote is a nomination of the title from a ballot (source BALLOT) that
year, or an award of it that year (history imported from earlier years).

Queries: the rule (2), then per kind of condition one batch over all candidates: awards and nominations of the
titles and years needed, the people's evaluations, their initiatives, the units' ratings, their members' discipline,
and the collective facts (campaigns.selectors.evaluation.collective_facts_many, 2). Above IN_LIMIT candidates, the
batches select by title and year only and keep the candidates' rows in memory, so that no query carries tens of
thousands of parameters; the number of queries stays the same.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_FLOOR, Decimal
from fractions import Fraction

from django.db.models import Count, Prefetch, Q
from django.utils import formats
from django.utils.translation import gettext as _

from campaigns.models import Initiative, PersonEvaluation, UnitEvaluation
from campaigns.selectors.evaluation import collective_facts_many
from thidua.org.models import Person, Unit
from thidua.titles.models import Title

from .models import Award, Condition, Nomination, Quota, Rule

Kind = Condition.Kind
Status = Nomination.Status
Rating = PersonEvaluation.Rating
Discipline = PersonEvaluation.Discipline

# Above this many candidates a batch selects by title and year only (see the module's docstring).
IN_LIMIT = 5000

HELD_STATUSES = (Status.APPROVED, Status.DECIDED)
# Nominations that take a place in a title's quota: sent on by their unit and not returned.
QUOTA_USED_STATUSES = (Status.CLUSTER, Status.BOARD, Status.COUNCIL, Status.APPROVED, Status.DECIDED)
RATING_RANK = {Rating.EXCELLENT: 3, Rating.GOOD: 2, Rating.COMPLETED: 1, Rating.NOT_COMPLETED: 0}
LEVEL_RANK = {Initiative.Level.UNIT: 1, Initiative.Level.MINISTRY: 2, Initiative.Level.NATIONAL: 3}
TITLE_KINDS = (Kind.TITLE_SAME_YEAR, Kind.CONSECUTIVE, Kind.CLUSTER_VOTE)
INDIVIDUAL_ONLY = (Kind.INITIATIVE,)
COLLECTIVE_ONLY = (Kind.MEMBER_SHARE, Kind.MEMBERS_COMPLETED, Kind.CLUSTER_VOTE)


@dataclass(frozen=True)
class Candidate:
    """Who is checked: a person or a collective (a unit), by id."""

    person_id: int | None = None
    unit_id: int | None = None

    @property
    def is_collective(self) -> bool:
        return self.unit_id is not None and self.person_id is None

    @property
    def is_individual(self) -> bool:
        return self.person_id is not None and self.unit_id is None


@dataclass(frozen=True)
class Reason:
    """One condition as answered for one candidate: met or not, said in one Vietnamese sentence."""

    met: bool
    text: str
    kind: str  # a Condition.Kind value, or "subject", "no_rule", "quota"
    rule_id: int | None = None
    rule_name: str = ""
    legal_basis: str = ""

    def as_json(self) -> dict:
        return {
            "met": self.met,
            "text": self.text,
            "kind": self.kind,
            "rule_id": self.rule_id,
            "rule_name": self.rule_name,
            "legal_basis": self.legal_basis,
        }


@dataclass(frozen=True)
class Eligibility:
    candidate: Candidate
    title_id: int
    year: int
    eligible: bool
    reasons: tuple[Reason, ...]
    # The rule version the answer was given under (None: no rule for that year, or the wrong subject).
    rule_id: int | None = None
    rule_name: str = ""
    legal_basis: str = ""

    @property
    def failed(self) -> list[Reason]:
        return [reason for reason in self.reasons if not reason.met]

    def as_json(self) -> dict:
        return {
            "eligible": self.eligible,
            "title_id": self.title_id,
            "year": self.year,
            "rule_id": self.rule_id,
            "rule_name": self.rule_name,
            "legal_basis": self.legal_basis,
            "reasons": [reason.as_json() for reason in self.reasons],
        }


@dataclass(frozen=True)
class QuotaStatus:
    """A quota for a title and year: at most `limit` nominations (percent of `base`), `used` so far."""

    quota_id: int
    title_id: int
    year: int
    percent: object  # Decimal
    base: int
    limit: int
    used: int
    legal_basis: str
    title_name: str = ""
    base_title_name: str = ""

    @property
    def remaining(self) -> int:
        return max(self.limit - self.used, 0)


# Wording --------------------------------------------------------------------------------------------------------


def title_phrase(title: Title) -> str:
    """How a sentence names a title: "danh hiệu Lao động tiên tiến", but "Cờ thi đua của Chính phủ" and a form of
    commendation ("Bằng khen của Thủ tướng Chính phủ") by their own name."""
    if title.category == Title.Category.EMULATION and not title.name.startswith("Cờ"):
        return _("danh hiệu %(name)s") % {"name": title.name}
    return title.name


def _capfirst(text: str) -> str:
    return text[:1].upper() + text[1:]


def _percent(value: Decimal | Fraction) -> str:
    """72,73 / 70 / 100 (the active language's decimal separator; no decimals for a whole number)."""
    if isinstance(value, Fraction):
        value = Decimal(value.numerator) / Decimal(value.denominator)
    value = Decimal(value).quantize(Decimal("0.01"))
    if value == value.to_integral_value():
        return formats.number_format(int(value))
    return formats.number_format(value, 2)


def _years(years: Iterable[int]) -> str:
    return ", ".join(str(y) for y in years)


def _span(first: int, last: int) -> str:
    return str(last) if first == last else f"{first}–{last}"


def _window(first: int, last: int) -> str:
    if first == last:
        return _("năm %(year)s") % {"year": last}
    return _("trong các năm %(span)s") % {"span": _span(first, last)}


def _level_phrase(level: str) -> str:
    return {
        Initiative.Level.UNIT: _("cấp cơ sở trở lên"),
        Initiative.Level.MINISTRY: _("cấp Bộ, ngành trở lên"),
        Initiative.Level.NATIONAL: _("toàn quốc"),
    }[level]


class _Words:
    """The translations of one check_many call, looked up once each: gettext costs microseconds, and 10,000
    candidates × their reasons make it most of the time of a batch. Called like gettext (`_` in _answer, so that
    makemessages still finds the messages); the active language does not change during a call."""

    def __init__(self):
        self._cache: dict = {}

    def _get(self, key, make):
        try:
            return self._cache[key]
        except KeyError:
            value = self._cache[key] = make()
            return value

    def __call__(self, message: str) -> str:
        return self._get(message, lambda: _(message))

    def label(self, choices, value) -> str:
        labels = self._get(choices, lambda: {str(v): str(label) for v, label in choices.choices})
        return labels[str(value)]

    def phrase(self, title: Title) -> str:
        return self._get(("title", title.pk), lambda: title_phrase(title))

    def level(self, level: str) -> str:
        return self._get(("level", level), lambda: _level_phrase(level))

    def window(self, first: int, last: int) -> str:
        return self._get(("window", first, last), lambda: _window(first, last))


# Loading --------------------------------------------------------------------------------------------------------


def _title(title: Title | int) -> Title:
    return title if isinstance(title, Title) else Title.objects.get(pk=title)


def rule_for(*, title: Title | int, year: int) -> Rule | None:
    """The version of the title's rules that applies in `year` (the latest start if periods were made to overlap),
    with its conditions (and their required titles) prefetched: two queries."""
    title_id = title.pk if isinstance(title, Title) else title
    conditions = Condition.objects.select_related("required_title").order_by("order", "pk")
    return (
        Rule.objects.filter(title_id=title_id, valid_from__lte=year)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=year))
        .order_by("-valid_from")
        .prefetch_related(Prefetch("conditions", queryset=conditions))
        .first()
    )


def _among(field: str, ids: list[int]) -> dict:
    """The filter that selects the candidates' rows: by id, or (above IN_LIMIT) every row, kept in memory after."""
    if len(ids) <= IN_LIMIT:
        return {f"{field}__in": ids}
    return {f"{field}__isnull": False}


@dataclass
class _Facts:
    """What the conditions of one rule read about a batch of candidates of one subject (people or units)."""

    awards: set  # (subject id, title id, year)
    nominations: dict  # (subject id, title id, year) -> (status, source, source_reference)
    ratings: dict  # subject id -> rating (person or unit)
    disciplines: dict  # person id -> discipline level
    serious: dict  # (unit id, level) -> members disciplined at that level or above
    initiatives: dict  # person id -> [(year, level, name)], best first
    collective: dict  # unit id -> CollectiveFacts


def _load(conditions: list[Condition], *, collective: bool, ids: list[int], year: int) -> _Facts:
    field = "unit_id" if collective else "person_id"
    wanted = set(ids)
    kinds = {c.kind for c in conditions}
    facts = _Facts(set(), {}, {}, {}, {}, defaultdict(list), {})

    titled = [c for c in conditions if c.kind in TITLE_KINDS]
    if titled:
        title_ids = {c.required_title_id for c in titled}
        years = set()
        for c in titled:
            span = c.years if c.kind == Kind.CONSECUTIVE and c.years else 1
            years.update(range(year - span + 1, year + 1))
        rows = (
            Award.objects.filter(title_id__in=title_ids, year__in=years, **_among(field, ids))
            .order_by()
            .values_list(field, "title_id", "year")
        )
        facts.awards = {row for row in rows if row[0] in wanted}
        rows = (
            Nomination.objects.filter(title_id__in=title_ids, year__in=years, **_among(field, ids))
            .order_by()
            .values_list(field, "title_id", "year", "status", "source", "source_reference")
        )
        facts.nominations = {row[:3]: row[3:] for row in rows if row[0] in wanted}

    if not collective and kinds & {Kind.RATING, Kind.NO_DISCIPLINE}:
        rows = (
            PersonEvaluation.objects.filter(year=year, **_among("person_id", ids))
            .order_by()
            .values_list("person_id", "rating", "discipline")
        )
        for person_id, rating, discipline in rows:
            if person_id in wanted:
                facts.ratings[person_id] = rating
                facts.disciplines[person_id] = discipline

    if collective and Kind.RATING in kinds:
        rows = (
            UnitEvaluation.objects.filter(year=year, **_among("unit_id", ids))
            .order_by()
            .values_list("unit_id", "rating")
        )
        facts.ratings = {unit_id: rating for unit_id, rating in rows if unit_id in wanted}

    levels = sorted({c.discipline_level for c in conditions if c.kind == Kind.NO_DISCIPLINE and c.discipline_level})
    if collective and levels:
        counts = {f"at_{level}": Count("pk", filter=Q(discipline__gte=level)) for level in levels}
        rows = (
            PersonEvaluation.objects.filter(year=year, **_among("unit_id", ids))
            .order_by()
            .values("unit_id")
            .annotate(**counts)
        )
        for row in rows:
            if row["unit_id"] in wanted:
                for level in levels:
                    facts.serious[(row["unit_id"], level)] = row[f"at_{level}"]

    initiative_conditions = [c for c in conditions if c.kind == Kind.INITIATIVE and c.initiative_level]
    if not collective and initiative_conditions:
        lowest = min(LEVEL_RANK[c.initiative_level] for c in initiative_conditions)
        span = max(c.years or 1 for c in initiative_conditions)
        rows = (
            Initiative.objects.filter(
                year__range=(year - span + 1, year),
                level__in=[level for level, rank in LEVEL_RANK.items() if rank >= lowest],
                **_among("person_id", ids),
            )
            .order_by()
            .values_list("person_id", "year", "level", "name")
        )
        for person_id, initiative_year, level, name in rows:
            if person_id in wanted:
                facts.initiatives[person_id].append((initiative_year, level, name))
        for found in facts.initiatives.values():
            found.sort(key=lambda item: (-LEVEL_RANK[item[1]], -item[0], item[2]))

    if collective and kinds & {Kind.MEMBER_SHARE, Kind.MEMBERS_COMPLETED}:
        facts.collective = collective_facts_many(ids, year)
    return facts


# Answering ------------------------------------------------------------------------------------------------------


def _holds(facts: _Facts, subject_id: int, title_id: int, year: int) -> str | None:
    """ "award" or the nomination's status when the subject holds the title that year, else None."""
    if (subject_id, title_id, year) in facts.awards:
        return "award"
    nomination = facts.nominations.get((subject_id, title_id, year))
    if nomination is not None and nomination[0] in HELD_STATUSES:
        return nomination[0]
    return None


def _answer(
    condition: Condition, facts: _Facts, *, subject_id: int, collective: bool, year: int, _: _Words
) -> tuple[bool, str]:
    kind = condition.kind
    if (collective and kind in INDIVIDUAL_ONLY) or (not collective and kind in COLLECTIVE_ONLY):
        who = _("tập thể") if collective else _("cá nhân")
        return False, _("Điều kiện «%(kind)s» không áp dụng cho %(who)s: cần sửa quy định.") % {
            "kind": condition.get_kind_display(),
            "who": who,
        }

    if kind == Kind.TITLE_SAME_YEAR:
        title = condition.required_title
        phrase = _.phrase(title)
        held = _holds(facts, subject_id, title.pk, year)
        if held == "award" or held == Status.DECIDED:
            return True, _("Đạt %(title)s năm %(year)s") % {"title": phrase, "year": year}
        if held == Status.APPROVED:
            return True, _("Đạt %(title)s năm %(year)s (Hội đồng đã xét, chờ quyết định)") % {
                "title": phrase,
                "year": year,
            }
        nomination = facts.nominations.get((subject_id, title.pk, year))
        if (
            nomination
            and nomination[1] == Nomination.Source.BALLOT
            and nomination[0]
            not in (
                Status.RETURNED,
                Status.DRAFT,
            )
        ):
            return True, _("Được cụm, khối thi đua suy tôn %(title)s năm %(year)s; hồ sơ đang xét (%(status)s)") % {
                "title": phrase,
                "year": year,
                "status": _.label(Status, nomination[0]),
            }
        return False, _("Chưa đạt %(title)s năm %(year)s") % {"title": phrase, "year": year}

    if kind == Kind.CONSECUTIVE:
        title = condition.required_title
        phrase = _.phrase(title)
        first = year - condition.years + 1
        held = [y for y in range(first, year + 1) if _holds(facts, subject_id, title.pk, y)]
        if len(held) == condition.years:
            return True, _("Đạt %(n)s năm liên tục %(title)s (%(years)s)") % {
                "n": condition.years,
                "title": phrase,
                "years": _years(held),
            }
        if held:
            return False, _("Chưa đủ %(n)s năm liên tục đạt %(title)s (đạt: %(years)s)") % {
                "n": condition.years,
                "title": phrase,
                "years": _years(held),
            }
        return False, _("Chưa đủ %(n)s năm liên tục đạt %(title)s (các năm %(span)s: chưa năm nào đạt)") % {
            "n": condition.years,
            "title": phrase,
            "span": _span(first, year),
        }

    if kind == Kind.CLUSTER_VOTE:
        title = condition.required_title
        phrase = _.phrase(title)
        nomination = facts.nominations.get((subject_id, title.pk, year))
        if nomination and nomination[1] == Nomination.Source.BALLOT:
            text = _("Được cụm, khối thi đua bình xét, suy tôn %(title)s năm %(year)s") % {
                "title": phrase,
                "year": year,
            }
            return True, f"{text} ({nomination[2]})" if nomination[2] else text
        if (subject_id, title.pk, year) in facts.awards:
            return True, _("Đã được tặng %(title)s năm %(year)s") % {"title": phrase, "year": year}
        return False, _("Chưa được cụm, khối thi đua bình xét, suy tôn %(title)s năm %(year)s") % {
            "title": phrase,
            "year": year,
        }

    if kind == Kind.INITIATIVE:
        span = condition.years or 1
        first = year - span + 1
        wanted = LEVEL_RANK[condition.initiative_level]
        found = [i for i in facts.initiatives.get(subject_id, ()) if LEVEL_RANK[i[1]] >= wanted and i[0] >= first]
        where = {"level": _.level(condition.initiative_level), "window": _.window(first, year)}
        if not found:
            return False, _("Chưa có sáng kiến phạm vi ảnh hưởng %(level)s được công nhận %(window)s") % where
        best_year, _level, name = found[0]
        text = _("Có sáng kiến phạm vi ảnh hưởng %(level)s được công nhận %(window)s: «%(name)s»") % {
            **where,
            "name": name,
        }
        if span > 1:
            text += f" ({best_year})"
        if len(found) > 1:
            text += _(" và %(n)s sáng kiến khác") % {"n": len(found) - 1}
        return True, text

    if kind == Kind.RATING:
        minimum = _.label(Rating, condition.min_rating)
        rating = facts.ratings.get(subject_id)
        if rating is None:
            message = (
                _("Chưa có kết quả xếp loại tập thể năm %(year)s (yêu cầu từ «%(min)s» trở lên)")
                if collective
                else _("Chưa có kết quả xếp loại năm %(year)s (yêu cầu từ «%(min)s» trở lên)")
            )
            return False, message % {"year": year, "min": minimum}
        where = {"year": year, "rating": _.label(Rating, rating), "min": minimum}
        if RATING_RANK[rating] >= RATING_RANK[condition.min_rating]:
            message = (
                _("Xếp loại tập thể năm %(year)s: %(rating)s, đạt mức từ «%(min)s» trở lên")
                if collective
                else _("Xếp loại năm %(year)s: %(rating)s, đạt mức từ «%(min)s» trở lên")
            )
            return True, message % where
        message = (
            _("Xếp loại tập thể năm %(year)s: %(rating)s, chưa đạt mức từ «%(min)s» trở lên")
            if collective
            else _("Xếp loại năm %(year)s: %(rating)s, chưa đạt mức từ «%(min)s» trở lên")
        )
        return False, message % where

    if kind == Kind.NO_DISCIPLINE:
        level = condition.discipline_level
        where = {"level": _.label(Discipline, level).lower(), "year": year}
        if collective:
            serious = facts.serious.get((subject_id, level), 0)
            if serious:
                return False, _("Có %(n)s thành viên bị kỷ luật từ hình thức %(level)s trở lên năm %(year)s") % {
                    **where,
                    "n": serious,
                }
            return True, _("Không có thành viên bị kỷ luật từ hình thức %(level)s trở lên năm %(year)s") % where
        discipline = facts.disciplines.get(subject_id, Discipline.NONE)
        if discipline >= level:
            return False, _(
                "Bị kỷ luật hình thức %(discipline)s năm %(year)s (điều kiện: không bị kỷ luật từ hình thức "
                "%(level)s trở lên)"
            ) % {**where, "discipline": _.label(Discipline, discipline).lower()}
        return True, _("Không bị kỷ luật từ hình thức %(level)s trở lên năm %(year)s") % where

    if kind in (Kind.MEMBER_SHARE, Kind.MEMBERS_COMPLETED):
        collective_facts = facts.collective.get(subject_id)
        if collective_facts is None or not collective_facts.members:
            return False, _("Tập thể chưa có thành viên nào được đánh giá, xếp loại năm %(year)s") % {"year": year}
        members = collective_facts.members
        count = collective_facts.advanced_worthy if kind == Kind.MEMBER_SHARE else collective_facts.completed
        share = Fraction(count, members)
        met = share >= Fraction(condition.min_percent) / 100
        where = {
            "count": count,
            "members": members,
            "percent": _percent(share * 100),
            "sign": "≥" if met else "<",
            "min": _percent(condition.min_percent),
        }
        if kind == Kind.MEMBER_SHARE:
            text = _("Tỷ lệ Lao động tiên tiến %(count)s/%(members)s (%(percent)s%%) %(sign)s %(min)s%%") % where
        else:
            text = _("Tỷ lệ hoàn thành nhiệm vụ %(count)s/%(members)s (%(percent)s%%) %(sign)s %(min)s%%") % where
        if collective_facts.not_evaluated:
            text += _("; %(n)s người chưa được đánh giá") % {"n": collective_facts.not_evaluated}
        return met, text

    return False, _("Loại điều kiện «%(kind)s» chưa được hỗ trợ.") % {"kind": kind}


def _subject_reason(title: Title, candidate: Candidate) -> Reason | None:
    """A reason when the candidate cannot be checked for the title at all (wrong subject), else None."""
    if not (candidate.is_individual or candidate.is_collective):
        return Reason(False, _("Chưa xác định cá nhân hoặc tập thể được xét."), "subject")
    collective_title = title.subject == Title.Subject.COLLECTIVE
    if collective_title and not candidate.is_collective:
        text = _("%(title)s dành cho tập thể, không xét tặng cho cá nhân.")
    elif not collective_title and not candidate.is_individual:
        text = _("%(title)s dành cho cá nhân, không xét tặng cho tập thể.")
    else:
        return None
    return Reason(False, text % {"title": _capfirst(title_phrase(title))}, "subject")


def check_many(candidates: Iterable[Candidate], title: Title | int, year: int) -> dict[Candidate, Eligibility]:
    """Answer, for each candidate, whether it may receive `title` for `year` and every reason why.

    Reads only; a number of queries that depends on the rule's conditions, never on the number of candidates (see
    the module's docstring). A candidate of the wrong subject (a person for a collective title, or the reverse)
    is not eligible; with no rule for the year, every candidate is eligible with one reason saying so.
    """
    candidates = list(dict.fromkeys(candidates))
    if not candidates:
        return {}
    title = _title(title)
    rule = rule_for(title=title, year=year)
    conditions = list(rule.conditions.all()) if rule else []
    collective = title.subject == Title.Subject.COLLECTIVE

    results: dict[Candidate, Eligibility] = {}
    checkable = []
    for candidate in candidates:
        mismatch = _subject_reason(title, candidate)
        if mismatch is None:
            checkable.append(candidate)
        else:
            results[candidate] = Eligibility(candidate, title.pk, year, False, (mismatch,))

    if rule is None:
        text = _(
            "Chưa có quy định điều kiện xét tặng %(title)s áp dụng cho năm %(year)s: không có điều kiện nào phải "
            "đáp ứng."
        ) % {
            "title": title_phrase(title),
            "year": year,
        }
        for candidate in checkable:
            results[candidate] = Eligibility(candidate, title.pk, year, True, (Reason(True, text, "no_rule"),))
        return {candidate: results[candidate] for candidate in candidates}

    ids = [c.unit_id if collective else c.person_id for c in checkable]
    facts = _load(conditions, collective=collective, ids=ids, year=year) if ids and conditions else None
    words = _Words()
    for candidate, subject_id in zip(checkable, ids, strict=True):
        reasons = []
        for condition in conditions:
            met, text = _answer(condition, facts, subject_id=subject_id, collective=collective, year=year, _=words)
            reasons.append(
                Reason(met, text, condition.kind, rule.pk, rule.name, condition.legal_basis or rule.legal_basis)
            )
        if not reasons:
            text = _("Quy định «%(rule)s» không đặt điều kiện nào.") % {"rule": rule.name}
            reasons.append(Reason(True, text, "no_rule", rule.pk, rule.name, rule.legal_basis))
        results[candidate] = Eligibility(
            candidate,
            title.pk,
            year,
            all(reason.met for reason in reasons),
            tuple(reasons),
            rule.pk,
            rule.name,
            rule.legal_basis,
        )
    return {candidate: results[candidate] for candidate in candidates}


def check(
    *, person: Person | int | None = None, unit: Unit | int | None = None, title: Title | int, year: int
) -> Eligibility:
    """check_many for one person or one collective (give exactly one of them)."""
    person_id = person.pk if isinstance(person, Person) else person
    unit_id = unit.pk if isinstance(unit, Unit) else unit
    candidate = Candidate(person_id=person_id, unit_id=unit_id)
    return check_many(candidates=[candidate], title=title, year=year)[candidate]


# Quotas -------------------------------------------------------------------------------------------------------


def quota_for(*, title: Title | int, year: int) -> Quota | None:
    title_id = title.pk if isinstance(title, Title) else title
    return (
        Quota.objects.filter(title_id=title_id, valid_from__lte=year)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=year))
        .select_related("title", "base_title")
        .order_by("-valid_from")
        .first()
    )


def quota_status(*, title: Title | int, year: int) -> QuotaStatus | None:
    """The quota of `title` for `year`, or None when none applies.

    base: the distinct collectives voted for the quota's base title that year (a nomination of it from a ballot,
    not returned, or an award of it); limit: floor(percent × base / 100); used: the nominations of `title` that
    year sent on and not returned (CLUSTER, BOARD, COUNCIL, APPROVED, DECIDED). Four queries.
    """
    quota = quota_for(title=title, year=year)
    if quota is None:
        return None
    voted = set(
        Nomination.objects.filter(
            title_id=quota.base_title_id, year=year, source=Nomination.Source.BALLOT, unit__isnull=False
        )
        .exclude(status=Status.RETURNED)
        .order_by()
        .values_list("unit_id", flat=True)
    )
    voted |= set(
        Award.objects.filter(title_id=quota.base_title_id, year=year, unit__isnull=False)
        .order_by()
        .values_list("unit_id", flat=True)
    )
    base = len(voted)
    limit = int((Decimal(quota.percent) * base / 100).to_integral_value(rounding=ROUND_FLOOR))
    used = Nomination.objects.filter(title_id=quota.title_id, year=year, status__in=QUOTA_USED_STATUSES).count()
    return QuotaStatus(
        quota_id=quota.pk,
        title_id=quota.title_id,
        year=year,
        percent=quota.percent,
        base=base,
        limit=limit,
        used=used,
        legal_basis=quota.legal_basis,
        title_name=quota.title.name,
        base_title_name=quota.base_title.name,
    )


def quota_check(*, title: Title | int, year: int, adding: int = 1) -> Reason:
    """The title's quota for `year` as a reason: met when `adding` more nominations still fit in it (or when no
    quota applies), e.g. "Vượt chỉ tiêu: tối đa 3 hồ sơ đề nghị Cờ thi đua của Chính phủ (20% của 19 tập thể được
    suy tôn); đã có 3."."""
    title = _title(title)
    status = quota_status(title=title, year=year)
    if status is None:
        text = _("Không có chỉ tiêu số hồ sơ đề nghị %(title)s năm %(year)s.") % {
            "title": title_phrase(title),
            "year": year,
        }
        return Reason(True, text, "quota")
    met = status.used + adding <= status.limit
    where = {
        "limit": status.limit,
        "title": title_phrase(title),
        "percent": _percent(status.percent),
        "base": status.base,
        "used": status.used,
    }
    if met:
        text = _(
            "Trong chỉ tiêu: tối đa %(limit)s hồ sơ đề nghị %(title)s (%(percent)s%% của %(base)s tập thể được suy "
            "tôn); đã có %(used)s."
        )
    else:
        text = _(
            "Vượt chỉ tiêu: tối đa %(limit)s hồ sơ đề nghị %(title)s (%(percent)s%% của %(base)s tập thể được suy "
            "tôn); đã có %(used)s."
        )
    rule_name = _("Chỉ tiêu đề nghị %(title)s") % {"title": title.name}
    return Reason(met, text % where, "quota", None, rule_name, status.legal_basis)
