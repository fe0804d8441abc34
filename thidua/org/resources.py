"""Import and export of units, people and cluster memberships (xlsx, csv) for the board, saved through the services.

An import is always previewed first (a dry run in a transaction that is rolled back); rows are numbered as the
spreadsheet shows them (line 1 is the header, the first data row is line 2); every problem names its line and
column in Vietnamese; and one bad row rolls the whole import back, so nothing is written.

Column headers are fixed Vietnamese words, not translated: they are a file format, and a file exported with the
interface in English must import unchanged.
"""

import csv
import io
import unicodedata

import tablib
from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export import resources, widgets
from import_export.fields import Field
from import_export.formats.base_formats import CSV
from import_export.resources import Diff
from import_export.results import Result, RowResult

from thidua.core.vietnamese import fold, sort_key

from . import services
from .forms_admin import unit_name_taken
from .models import Cluster, ClusterMembership, ClusterTerm, Person, Province, Unit, UnitKind


def clean_text(value) -> str:
    """A cell as text: composed Unicode (NFC), whitespace collapsed, and 12.0 (a number as Excel keeps it) as 12."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(unicodedata.normalize("NFC", str(value)).split())


def _quoted(names) -> str:
    return ", ".join(f"«{name}»" for name in names)


# --- File formats ---------------------------------------------------------------------------------------------


class SheetCSV(CSV):
    """CSV read the way a spreadsheet shows it, so that line numbers in messages match.

    tablib drops blank lines (the line numbers after them would shift) and only knows the comma; Excel set to
    Vietnamese saves "CSV" with semicolons, since the comma is the decimal separator there.
    """

    def create_dataset(self, in_stream, **kwargs):
        if isinstance(in_stream, bytes):
            in_stream = in_stream.decode(self.encoding or "utf-8-sig")
        in_stream = in_stream.removeprefix("\ufeff")
        first_line = in_stream.split("\n", 1)[0]
        try:
            dialect = csv.Sniffer().sniff(first_line, delimiters=",;\t")
        except csv.Error:
            dialect = csv.excel
        rows = list(csv.reader(io.StringIO(in_stream, newline=""), delimiter=dialect.delimiter))
        dataset = tablib.Dataset()
        if not rows:
            return dataset
        dataset.headers = rows[0]
        width = len(rows[0])
        for row in rows[1:]:
            dataset.append((row + [""] * width)[:width])
        return dataset


def sheet_formats() -> list:
    """The configured formats (settings.IMPORT_EXPORT_FORMATS), with CSV read as SheetCSV."""
    return [SheetCSV if issubclass(fmt, CSV) else fmt for fmt in settings.IMPORT_EXPORT_FORMATS]


# --- Cells ----------------------------------------------------------------------------------------------------


class TextWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        return clean_text(value)

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else str(value)


class NumberWidget(widgets.Widget):
    """A whole number (a year, an id): 1980, "1980", or 1980.0 as Excel stores it."""

    def __init__(self, message: str, *, required: bool = False):
        super().__init__()
        self.message = message
        self.required = required

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, int) and not isinstance(value, bool):
            return value
        if isinstance(value, float) and value.is_integer():
            return int(value)
        text = clean_text(value)
        if not text:
            if self.required:
                raise ValueError(_("không được để trống."))
            return None
        if text.isascii() and text.isdigit():
            return int(text)
        raise ValueError(self.message % {"value": text})

    def render(self, value, obj=None, **kwargs):
        if value is None:
            return ""
        return value if kwargs.get("force_native_type") else str(value)


class WordWidget(widgets.Widget):
    """One of a few words, typed with or without diacritics, in any case ("Nữ", "nu", "NỮ").

    An export writes the Vietnamese word whatever the interface language (the labels are plain strings, not
    translations), so that a file exported in English imports unchanged; the English words are read too.
    """

    def __init__(self, words: dict[str, object], labels: dict[object, str], *, expected: str):
        super().__init__()
        self.words = words  # folded spelling -> stored value
        self.labels = labels  # stored value -> what an export writes
        self.expected = expected

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, bool):
            value = "1" if value else "0"
        text = clean_text(value)
        if not text:
            return None
        try:
            return self.words[fold(text)]
        except KeyError:
            raise ValueError(
                _("«%(value)s» không hợp lệ; hãy ghi %(expected)s.") % {"value": text, "expected": self.expected}
            ) from None

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else str(self.labels.get(value, value))


# What an export writes: fixed Vietnamese words, like the column headers, not translated.
_YES_NO_LABELS = {True: "Có", False: "Không"}
_GENDER_WORDS = {
    "nam": Person.Gender.MALE,
    "nu": Person.Gender.FEMALE,
    "male": Person.Gender.MALE,
    "female": Person.Gender.FEMALE,
}
_GENDER_LABELS = {Person.Gender.MALE: "Nam", Person.Gender.FEMALE: "Nữ"}


def yes_no_widget() -> WordWidget:
    yes = {"co": True, "x": True, "1": True, "true": True, "yes": True, "dung": True}
    no = {"khong": False, "0": False, "false": False, "no": False, "sai": False}
    return WordWidget({**yes, **no}, _YES_NO_LABELS, expected=gettext_lazy("«Có» hoặc «Không»"))


class LookupWidget(widgets.Widget):
    """A related row named in the cell: by its exact name (or code), else by the same letters in another case."""

    noun = ""
    lookup_fields: tuple[str, ...] = ("name",)

    def __init__(self, *, required: bool = False):
        super().__init__()
        self.required = required

    def get_queryset(self):
        raise NotImplementedError

    def clean(self, value, row=None, **kwargs):
        text = clean_text(value)
        if not text:
            if self.required:
                raise ValueError(_("không được để trống."))
            return None
        found = self.find(text)
        if not found:
            raise ValueError(_("không tìm thấy %(noun)s «%(value)s».") % {"noun": self.noun, "value": text})
        if len(found) > 1:
            raise ValueError(self.ambiguous(text, found))
        return found[0]

    def find(self, text: str) -> list:
        exact = Q()
        for name in self.lookup_fields:
            exact |= Q(**{name: text})
        found = list(self.get_queryset().filter(exact)[:10])
        if found:
            return found
        # Same words in another case: narrow with the accent-insensitive lookup, then compare case-folded, so
        # that "vụ tổ chức cán bộ" finds "Vụ Tổ chức cán bộ" but "Vu To chuc" does not pass for it.
        loose = Q()
        for name in self.lookup_fields:
            loose |= Q(**{f"{name}__ucontains": text})
        key = text.casefold()
        return [
            obj
            for obj in self.get_queryset().filter(loose)[:50]
            if any(getattr(obj, name).casefold() == key for name in self.lookup_fields)
        ]

    def ambiguous(self, text: str, found: list) -> str:
        return _("có %(count)s %(noun)s cùng tên «%(value)s».") % {
            "count": len(found),
            "noun": self.noun,
            "value": text,
        }

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else value.name


class UnitWidget(LookupWidget):
    noun = gettext_lazy("đơn vị")

    def get_queryset(self):
        return Unit.objects.select_related("parent")

    def ambiguous(self, text: str, found: list) -> str:
        # The query has no order: sort, so that the message reads the same every time.
        parents = sorted((str(unit.parent) if unit.parent_id else _("đơn vị gốc") for unit in found), key=sort_key)
        return _("có %(count)s đơn vị cùng tên «%(value)s» (thuộc %(parents)s); không xác định được đơn vị nào.") % {
            "count": len(found),
            "value": text,
            "parents": _quoted(parents),
        }


class UnitKindWidget(LookupWidget):
    noun = gettext_lazy("loại đơn vị")
    lookup_fields = ("name", "code")

    def get_queryset(self):
        return UnitKind.objects.all()


class ProvinceWidget(LookupWidget):
    noun = gettext_lazy("tỉnh, thành phố")
    lookup_fields = ("name", "code")

    def get_queryset(self):
        return Province.objects.all()


class ClusterWidget(LookupWidget):
    noun = gettext_lazy("cụm thi đua")

    def get_queryset(self):
        return Cluster.objects.all()


# --- Resources ------------------------------------------------------------------------------------------------


class SheetResult(Result):
    """An import result whose row numbers are the spreadsheet's line numbers (the header is line 1)."""

    def append_invalid_row(self, number, row, validation_error):
        super().append_invalid_row(number + 1, row, validation_error)

    def append_error_row(self, number, row, errors):
        super().append_error_row(number + 1, row, errors)

    def row_errors(self):
        return [(row.number, row.errors) for row in self.error_rows]


class SheetDiff(Diff):
    """The preview of a row. A new row's "Mã số" stays blank: the id of the dry run is rolled back with it."""

    def compare_with(self, resource, instance):
        super().compare_with(resource, instance)
        if self.new:
            for i, field in enumerate(resource.get_import_fields()):
                if field.attribute == "id":
                    self.right[i] = ""


class BoardResource(resources.ModelResource):
    """What the board's imports share: header checks, messages that name line and column, saves through a service,
    all or nothing."""

    #: the columns a file must have
    required_columns: tuple[str, ...] = ()
    #: columns a file may have that are not imported (the ordinal column of Vietnamese tables)
    ignored_columns: tuple[str, ...] = ("STT",)
    #: what one row is, in messages
    noun = ""
    #: where a service's error about a model field is shown, when no column imports that field
    error_columns: dict[str, str] = {}

    class Meta:
        use_transactions = True
        skip_unchanged = True
        # Unchanged rows are counted in the summary but left out of the preview, which then shows only changes.
        report_skipped = False

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._line = 0
        self._claimed: dict[object, int] = {}

    @classmethod
    def get_result_class(cls):
        return SheetResult

    @classmethod
    def get_diff_class(cls):
        return SheetDiff

    def save_through_service(self, instance, *, actor) -> None:
        raise NotImplementedError

    def find_existing(self, row):
        """The row's existing record when the file gives no "Mã số"; None for a new one."""
        return None

    # The import, all or nothing.

    def import_data(
        self,
        dataset,
        dry_run=False,
        raise_errors=False,
        use_transactions=None,
        collect_failed_rows=False,
        rollback_on_validation_errors=False,
        **kwargs,
    ):
        problem = self._header_problem(dataset)
        if problem:
            result = self.get_result_class()()
            result.diff_headers = self.get_diff_headers()
            result.append_base_error(self.get_error_result_class()(ValueError(problem)))
            return result
        # Always in one transaction, rolled back on any bad row: the confirmed import re-reads the file, and the
        # data may have changed since the preview.
        return super().import_data(
            dataset,
            dry_run=dry_run,
            raise_errors=raise_errors,
            use_transactions=True,
            collect_failed_rows=collect_failed_rows,
            rollback_on_validation_errors=True,
            **kwargs,
        )

    def _header_problem(self, dataset) -> str | None:
        headers = [clean_text(h) for h in (dataset.headers or [])]
        if dataset.headers:
            dataset.headers = headers
        known = [f.column_name for f in self.get_import_fields()]
        problems = []
        missing = [c for c in self.required_columns if c not in headers]
        if missing:
            problems.append(_("thiếu cột %(columns)s") % {"columns": _quoted(missing)})
        unknown = [h for h in headers if h and h not in known and h not in self.ignored_columns]
        if unknown:
            problems.append(_("không nhận ra cột %(columns)s") % {"columns": _quoted(unknown)})
        repeated = sorted({h for h in headers if h and headers.count(h) > 1})
        if repeated:
            problems.append(_("cột %(columns)s bị lặp lại") % {"columns": _quoted(repeated)})
        if not problems:
            return None
        return _("Dòng 1 (dòng tiêu đề): %(problems)s. Các cột dùng được: %(columns)s.") % {
            "problems": "; ".join(problems),
            "columns": _quoted(known),
        }

    # One row.

    def before_import_row(self, row, **kwargs):
        self._line = kwargs["row_number"] + 1

    def import_row(self, row, instance_loader, **kwargs):
        if all(clean_text(value) == "" for value in row.values()):
            blank = self.get_row_result_class()()
            blank.import_type = RowResult.IMPORT_TYPE_SKIP
            return blank
        return super().import_row(row, instance_loader, **kwargs)

    def get_instance(self, instance_loader, row):
        id_field = self.fields.get("id")
        pk = self._cell(id_field, row) if id_field is not None and id_field.column_name in row else None
        if pk is not None:
            instance = self.get_queryset().filter(pk=pk).first()
            if instance is None:
                raise self._error(
                    id_field.column_name,
                    _("không có %(noun)s nào mang mã số %(pk)s (để trống khi thêm mới).")
                    % {"noun": self.noun, "pk": pk},
                )
        else:
            instance = self.find_existing(row)
        if instance is not None:
            self._claim(instance.pk)
        return instance

    def import_instance(self, instance, row, **kwargs):
        errors = {}
        for field in self.get_import_fields():
            if field.readonly or field.column_name not in row:
                continue
            try:
                self.import_field(field, instance, row, **kwargs)
            except ValueError as exc:
                errors[field.column_name] = [self._cell_message(field.column_name, str(exc))]
        if errors:
            raise ValidationError(errors)

    def skip_row(self, instance, original, row, import_validation_errors=None):
        if instance.pk is None:
            return False
        return super().skip_row(instance, original, row, import_validation_errors)

    def save_instance(self, instance, is_create, row, **kwargs):
        self.before_save_instance(instance, row, **kwargs)
        try:
            self.save_through_service(instance, actor=kwargs.get("user"))
        except ValidationError as exc:
            raise self._located(exc) from exc
        except IntegrityError as exc:
            # The services check first; this is a concurrent write that got there between check and save.
            message = _("dữ liệu vừa bị thay đổi bởi một thao tác khác; hãy nhập lại tệp.")
            raise ValidationError({NON_FIELD_ERRORS: [self._row_message(message)]}) from exc
        if is_create:
            self._claim(instance.pk)
        self.after_save_instance(instance, row, **kwargs)

    # Messages.

    def _cell(self, field, row):
        try:
            return field.clean(row)
        except ValueError as exc:
            raise self._error(field.column_name, str(exc)) from exc

    def _claim(self, pk) -> None:
        """One record per file: a second row about the same record is refused, naming the first."""
        earlier = self._claimed.setdefault(pk, self._line)
        if earlier != self._line:
            message = _("trùng với dòng %(earlier)d (cùng một %(noun)s).") % {"earlier": earlier, "noun": self.noun}
            raise ValidationError({NON_FIELD_ERRORS: [self._row_message(message)]})

    def _cell_message(self, column: str, message: str) -> str:
        return _("Dòng %(line)d, cột «%(column)s»: %(message)s") % {
            "line": self._line,
            "column": column,
            "message": message,
        }

    def _row_message(self, message: str) -> str:
        return _("Dòng %(line)d: %(message)s") % {"line": self._line, "message": message}

    def _error(self, column: str, message: str) -> ValidationError:
        return ValidationError({column: [self._cell_message(column, message)]})

    def _located(self, exc: ValidationError) -> ValidationError:
        """A service's error, keyed by model field, restated per column with the line."""
        columns = {f.attribute: f.column_name for f in self.fields.values() if f.attribute}
        columns.update(self.error_columns)
        messages = exc.message_dict if hasattr(exc, "error_dict") else {NON_FIELD_ERRORS: exc.messages}
        located: dict[str, list[str]] = {}
        for key, texts in messages.items():
            column = columns.get(key)
            for text in texts:
                if column:
                    located.setdefault(column, []).append(self._cell_message(column, text))
                else:
                    located.setdefault(NON_FIELD_ERRORS, []).append(self._row_message(text))
        return ValidationError(located)


class UnitResource(BoardResource):
    """Units: a row without "Mã số" updates the unit of that name under that parent, or creates it."""

    id = Field(
        attribute="id",
        column_name="Mã số",
        widget=NumberWidget(gettext_lazy("«%(value)s» không phải là một mã số.")),
        readonly=True,
    )
    name = Field(attribute="name", column_name="Tên đơn vị", widget=TextWidget())
    short_name = Field(attribute="short_name", column_name="Tên viết tắt", widget=TextWidget())
    kind = Field(attribute="kind", column_name="Loại đơn vị", widget=UnitKindWidget(required=True))
    parent = Field(attribute="parent", column_name="Đơn vị cấp trên", widget=UnitWidget())
    province = Field(attribute="province", column_name="Tỉnh, thành phố", widget=ProvinceWidget())
    head_title = Field(attribute="head_title", column_name="Chức danh người đứng đầu", widget=TextWidget())
    # A blank cell keeps the current value (a new unit is active).
    is_active = Field(
        attribute="is_active", column_name="Đang hoạt động", widget=yes_no_widget(), saves_null_values=False
    )

    required_columns = ("Tên đơn vị",)
    noun = gettext_lazy("đơn vị")

    class Meta:
        model = Unit
        fields = ("id", "name", "short_name", "kind", "parent", "province", "head_title", "is_active")

    @classmethod
    def get_display_name(cls):
        return _("Đơn vị")

    def get_queryset(self):
        return Unit.objects.select_related("kind", "parent", "province")

    def find_existing(self, row):
        name = self._cell(self.fields["name"], row)
        if not name:
            return None
        if self.fields["parent"].column_name in row:
            parent = self._cell(self.fields["parent"], row)
            return self.get_queryset().filter(name=name, parent=parent).first()
        # No parent column: the name alone, if it is unique in the whole tree.
        found = list(self.get_queryset().filter(name=name)[:2])
        if len(found) > 1:
            raise self._error(
                self.fields["name"].column_name,
                _("có nhiều đơn vị tên «%(name)s»; hãy thêm cột «Đơn vị cấp trên» hoặc «Mã số».") % {"name": name},
            )
        return found[0] if found else None

    def save_through_service(self, instance, *, actor) -> None:
        message = unit_name_taken(name=instance.name, parent=instance.parent, pk=instance.pk)
        if message:
            raise ValidationError({"name": [message]})
        services.unit_save(actor=actor, unit=instance)


class PersonResource(BoardResource):
    """People: a row with "Mã số" updates that person; without it, adds a new person (namesakes are common)."""

    id = Field(
        attribute="id",
        column_name="Mã số",
        widget=NumberWidget(gettext_lazy("«%(value)s» không phải là một mã số.")),
        readonly=True,
    )
    full_name = Field(attribute="full_name", column_name="Họ và tên", widget=TextWidget())
    unit = Field(attribute="unit", column_name="Đơn vị", widget=UnitWidget(required=True))
    position = Field(attribute="position", column_name="Chức vụ", widget=TextWidget())
    gender = Field(
        attribute="gender",
        column_name="Giới tính",
        widget=WordWidget(_GENDER_WORDS, _GENDER_LABELS, expected=gettext_lazy("«Nam» hoặc «Nữ»")),
        saves_null_values=False,
    )
    birth_year = Field(
        attribute="birth_year",
        column_name="Năm sinh",
        widget=NumberWidget(gettext_lazy("«%(value)s» không phải là một năm (ví dụ 1980).")),
    )
    email = Field(attribute="email", column_name="Thư điện tử", widget=TextWidget())
    is_active = Field(
        attribute="is_active", column_name="Đang công tác", widget=yes_no_widget(), saves_null_values=False
    )

    required_columns = ("Họ và tên", "Đơn vị")
    noun = gettext_lazy("cá nhân")

    class Meta:
        model = Person
        fields = ("id", "full_name", "unit", "position", "gender", "birth_year", "email", "is_active")

    @classmethod
    def get_display_name(cls):
        return _("Cá nhân")

    def get_queryset(self):
        return Person.objects.select_related("unit")

    def save_through_service(self, instance, *, actor) -> None:
        services.person_save(actor=actor, person=instance)


_ROLE_WORDS = {
    "thanh vien": ClusterMembership.Role.MEMBER,
    "cum truong": ClusterMembership.Role.LEADER,
    "truong khu vuc": ClusterMembership.Role.LEADER,
    "khoi truong": ClusterMembership.Role.LEADER,
    "truong khoi": ClusterMembership.Role.LEADER,
    "cum truong / truong khu vuc": ClusterMembership.Role.LEADER,
    "cum pho": ClusterMembership.Role.DEPUTY,
    "pho truong khu vuc": ClusterMembership.Role.DEPUTY,
    "khoi pho": ClusterMembership.Role.DEPUTY,
    "pho truong khoi": ClusterMembership.Role.DEPUTY,
    "cum pho / pho truong khu vuc": ClusterMembership.Role.DEPUTY,
    # The English words, for a file typed by someone using the interface in English.
    "member": ClusterMembership.Role.MEMBER,
    "leader": ClusterMembership.Role.LEADER,
    "cluster leader": ClusterMembership.Role.LEADER,
    "region head": ClusterMembership.Role.LEADER,
    "cluster leader / region head": ClusterMembership.Role.LEADER,
    "deputy": ClusterMembership.Role.DEPUTY,
    "deputy cluster leader": ClusterMembership.Role.DEPUTY,
    "deputy region head": ClusterMembership.Role.DEPUTY,
    "deputy cluster leader / deputy region head": ClusterMembership.Role.DEPUTY,
}
_ROLE_LABELS = {
    ClusterMembership.Role.MEMBER: "Thành viên",
    ClusterMembership.Role.LEADER: "Cụm trưởng",
    ClusterMembership.Role.DEPUTY: "Cụm phó",
}


def _membership_put(*, actor, membership: ClusterMembership) -> ClusterMembership:
    """Put one unit into a cluster's term with a role, keeping every rule of the term.

    There is no single-membership service: this calls services.cluster_term_save with the term's full member list
    plus this unit, so the same checks apply (leader and deputies are members, one cluster of a kind per unit and
    year, one leader). A new leader replaces the old one, who stays a member. Side effects: those of
    cluster_term_save (the term is created when it does not exist yet).
    """
    term = membership.term
    current = list(term.memberships.select_related("unit")) if term.pk else []
    members = [m.unit for m in current]
    leader = next((m.unit for m in current if m.role == ClusterMembership.Role.LEADER), None)
    deputies = [m.unit for m in current if m.role == ClusterMembership.Role.DEPUTY and m.unit_id != membership.unit_id]
    if membership.unit_id not in {u.pk for u in members}:
        members.append(membership.unit)
    if leader is not None and leader.pk == membership.unit_id:
        leader = None
    if membership.role == ClusterMembership.Role.LEADER:
        leader = membership.unit
    elif membership.role == ClusterMembership.Role.DEPUTY:
        deputies.append(membership.unit)
    services.cluster_term_save(actor=actor, term=term, members=members, leader=leader, deputies=deputies)
    return term.memberships.get(unit_id=membership.unit_id)


class ClusterMembershipResource(BoardResource):
    """Cluster memberships: one row per unit in a cluster's term; adds the unit to the term or changes its role.

    Units that the file does not name stay in the term: removing a member is done on the term's page.
    """

    cluster = Field(
        attribute="term__cluster", column_name="Cụm thi đua", widget=ClusterWidget(required=True), readonly=True
    )
    year = Field(
        attribute="term__year",
        column_name="Năm",
        widget=NumberWidget(gettext_lazy("«%(value)s» không phải là một năm (ví dụ 2016)."), required=True),
        readonly=True,
    )
    unit = Field(attribute="unit", column_name="Đơn vị", widget=UnitWidget(required=True), readonly=True)
    # A blank cell: a new member is a plain member, an existing one keeps its role.
    role = Field(
        attribute="role",
        column_name="Vai trò",
        widget=WordWidget(
            _ROLE_WORDS, _ROLE_LABELS, expected=gettext_lazy("«Thành viên», «Cụm trưởng» hoặc «Cụm phó»")
        ),
        saves_null_values=False,
    )

    required_columns = ("Cụm thi đua", "Năm", "Đơn vị")
    noun = gettext_lazy("đơn vị trong cùng cụm và năm")
    error_columns = {
        "members": "Đơn vị",
        "leader": "Vai trò",
        "deputies": "Vai trò",
        "year": "Năm",
        "cluster": "Cụm thi đua",
    }

    class Meta:
        model = ClusterMembership
        fields = ("cluster", "year", "unit", "role")

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._identity = None
        self._leaders: dict[tuple[int, int], tuple[int, int, str]] = {}

    @classmethod
    def get_display_name(cls):
        return _("Đơn vị thành viên cụm thi đua")

    def get_queryset(self):
        return ClusterMembership.objects.select_related("term__cluster", "unit")

    def find_existing(self, row):
        values, errors = {}, {}
        for name in ("cluster", "year", "unit"):
            field = self.fields[name]
            try:
                values[name] = field.clean(row)
            except ValueError as exc:
                errors[field.column_name] = [self._cell_message(field.column_name, str(exc))]
        if errors:
            raise ValidationError(errors)
        cluster, year, unit = values["cluster"], values["year"], values["unit"]
        term = ClusterTerm.objects.select_related("cluster").filter(cluster=cluster, year=year).first()
        self._identity = (cluster, year, unit, term)
        if term is None:
            return None
        return self.get_queryset().filter(term=term, unit=unit).first()

    def init_instance(self, row=None):
        cluster, year, unit, term = self._identity
        term = term or ClusterTerm(cluster=cluster, year=year, kind=cluster.kind)
        return ClusterMembership(term=term, unit=unit, year=year, kind=cluster.kind)

    def import_instance(self, instance, row, **kwargs):
        super().import_instance(instance, row, **kwargs)
        if instance.role != ClusterMembership.Role.LEADER:
            return
        # Two rows naming two leaders of one term: refused, whichever order they come in. Checked on every row,
        # including unchanged ones, which are not saved.
        key = (instance.term.cluster_id, instance.term.year)
        line, unit_id, unit_name = self._leaders.setdefault(key, (self._line, instance.unit_id, instance.unit.name))
        if unit_id != instance.unit_id:
            column = self.fields["role"].column_name
            message = _("%(cluster)s năm %(year)s đã có Cụm trưởng «%(unit)s» ở dòng %(line)d.") % {
                "cluster": instance.term.cluster,
                "year": instance.term.year,
                "unit": unit_name,
                "line": line,
            }
            raise self._error(column, message)

    def save_through_service(self, instance, *, actor) -> None:
        saved = _membership_put(actor=actor, membership=instance)
        instance.pk, instance.term = saved.pk, saved.term
        instance.year, instance.kind = saved.year, saved.kind
        instance._state.adding = False
