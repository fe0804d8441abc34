"""Audit helpers: who did it, for writes made outside a request (commands, tasks, services), and the audit trail
of rows written by bulk_create, as auditlog itself would have written it."""

import datetime
from collections.abc import Iterable
from contextlib import contextmanager
from contextvars import ContextVar
from operator import attrgetter

from auditlog import get_logentry_model
from auditlog.cid import get_cid
from auditlog.context import auditlog_disabled, auditlog_value, set_actor
from auditlog.diff import get_field_value, get_mask_function, is_primitive, track_field
from auditlog.registry import auditlog
from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist
from django.db import connections, router, transaction
from django.db.models import DateTimeField, JSONField
from django.db.models.signals import pre_save
from django.utils.encoding import smart_str

# Entries per statement (PostgreSQL) or executemany (elsewhere) of log_bulk_created.
BULK_BATCH = 1000


# The actor of the acting_as block the code runs in, if any.
_acting = ContextVar("thidua_acting_as", default=None)


@contextmanager
def acting_as(actor):
    """Attribute every audit entry written inside the block to `actor` (None: the system). Blocks nest: a service
    that calls another one keeps its actor for what it writes after the inner call."""
    if actor is None or not getattr(actor, "is_authenticated", False):
        yield
        return
    if _acting.get() == actor:
        yield
        return
    # auditlog's set_actor does not nest: it leaves its own context behind when it ends, and the enclosing block's
    # receiver ignores a context not its own, so that block's later entries would lose their actor. Put it back.
    enclosing = auditlog_value.get(None)
    token = _acting.set(actor)
    try:
        with set_actor(actor):
            yield
    finally:
        _acting.reset(token)
        if enclosing is not None:
            auditlog_value.set(enclosing)


def log_bulk_created(objects: Iterable, *, actor, note: str = "") -> int:
    """Write one audit entry per object created by bulk_create, which skips the signals auditlog relies on.

    Each entry holds what auditlog's own create signal writes for the object saved inside `acting_as(actor)`:
    content type, object_pk and object_id, object_repr, action, the changes (every field auditlog tracks for
    the model, from "None" to its value, in auditlog's text form), serialized data, correlation id, actor, actor
    e-mail, remote address and port (set by LogEntry's pre_save receivers, as for auditlog's entries) and the
    timestamp (one for the whole call). additional_data is the one difference, on purpose: it marks the entry
    as bulk, {"bulk": True, "note": note} (merged into the model's get_additional_data(), if it has one), so
    that the board tells imports from single edits. Nothing is written while auditlog is disabled; auditlog's
    own pre_log and post_log signals are not sent. Returns the number of entries written.

    Fast, as an import of 100,000 rows needs: what to do with each field is worked out once per call, and the
    entries go to the database in batches of raw INSERTs built from LogEntry's own fields (_insert), without
    LogEntry instances or per-entry signals; every value is prepared for the database as its field does.
    """
    objects = list(objects)
    if not objects or auditlog_disabled.get():
        return 0
    LogEntry = get_logentry_model()
    model = type(objects[0])
    template = _template(LogEntry, model, actor=actor, note=note)
    return _insert(LogEntry, template, _Entries(LogEntry, model, note=note), objects)


def log_bulk_updated(changed, *, actor, note: str = "") -> int:
    """One "update" entry per (object, {field: [old, new]}) changed by a queryset update() or bulk_update(), which
    send no signals: auditlog would otherwise miss them. Returns the number of entries written."""
    if not changed:
        return 0
    LogEntry = get_logentry_model()
    from django.contrib.contenttypes.models import ContentType

    content_type = ContentType.objects.get_for_model(type(changed[0][0]))
    real_actor = actor if getattr(actor, "is_authenticated", False) else None
    entries = [
        LogEntry(
            content_type=content_type,
            object_pk=str(obj.pk),
            object_id=obj.pk,
            object_repr=str(obj)[:255],
            action=LogEntry.Action.UPDATE,
            changes=changes,
            actor=real_actor,
            additional_data=_bulk_marker(note),
        )
        for obj, changes in changed
    ]
    LogEntry.objects.bulk_create(entries, batch_size=BULK_BATCH)
    return len(entries)


def _bulk_marker(note: str) -> dict:
    return {"bulk": True, "note": note} if note else {"bulk": True}


def _template(LogEntry, model, *, actor, note: str):
    """An unsaved entry with the values shared by every entry of the call, as auditlog's create sets them."""
    from django.contrib.contenttypes.models import ContentType

    template = LogEntry(
        content_type=ContentType.objects.get_for_model(model),
        action=LogEntry.Action.CREATE,
        cid=get_cid(),
        additional_data=_bulk_marker(note),
    )
    # auditlog fills actor, actor_email, remote address and port from its context in a pre_save receiver of
    # LogEntry (set_actor): run the receivers once on the template, as a create inside acting_as(actor) would.
    with acting_as(actor):
        pre_save.send(
            sender=LogEntry,
            instance=template,
            raw=False,
            using=router.db_for_write(LogEntry, instance=template),
            update_fields=None,
        )
    return template


# What auditlog's get_field_value does with a field, by kind, when it can be done here without calling it.
_PLAIN, _FOREIGN_KEY, _DATETIME = "plain", "fk", "datetime"
_NONE_PAIR = ("None", "None")


class _Entries:
    """The values of the entries that differ from object to object, worked out once per model and call."""

    def __init__(self, LogEntry, model, *, note: str):
        self.LogEntry = LogEntry
        self.pk_attname = model._meta.pk.attname
        registered = auditlog.contains(model)
        self.serialize = registered and auditlog.get_serialize_options(model)["serialize_data"]
        self.marker = _bulk_marker(note) if callable(getattr(model, "get_additional_data", None)) else None
        self.use_json = settings.AUDITLOG_STORE_JSON_CHANGES
        self.use_tz = settings.USE_TZ

        # The fields of auditlog.diff.model_instance_diff for a new object (old None).
        fields = [f for f in model._meta.get_fields() if track_field(f)]
        model_fields = auditlog.get_model_fields(model) if registered else None
        if model_fields and (model_fields["include_fields"] or model_fields["exclude_fields"]):
            if model_fields["include_fields"]:
                fields = [f for f in fields if f.name in model_fields["include_fields"]]
            fields = [f for f in fields if f.name not in model_fields["exclude_fields"]]
        masked = set(model_fields["mask_fields"]) if model_fields else set()
        self.mask = get_mask_function(model_fields.get("mask_callable")) if masked else None

        self.fast = []  # (name, kind, field), read together with one attrgetter
        attnames = []
        self.slow = []  # (name, value "from", field, masked): through auditlog's own get_field_value
        for field in fields:
            old = get_field_value(None, field, self.use_json)
            kind = None
            if not self.use_json and old == "None" and field.concrete and field.name not in masked:
                if (
                    not settings.AUDITLOG_USE_FK_STRING_REPRESENTATION
                    and (field.one_to_one or field.many_to_one)
                    and hasattr(field, "rel_class")
                ):
                    kind = _FOREIGN_KEY
                elif isinstance(field, DateTimeField):
                    kind = _DATETIME
                elif not field.is_relation and not isinstance(field, JSONField):
                    kind = _PLAIN
            if kind is None:
                self.slow.append((field.name, old, field, field.name in masked))
            else:
                self.fast.append((field.name, kind, field))
                attnames.append(field.attname)
        read = attrgetter(*attnames) if attnames else (lambda obj: ())
        self.read = read if len(attnames) != 1 else (lambda obj: (read(obj),))
        # The entry's fields whose value differs from object to object: what values() returns.
        self.varying = ["object_pk", "object_id", "object_repr", "changes"]
        if self.serialize:
            self.varying.append("serialized_data")
        if self.marker is not None:
            self.varying.append("additional_data")

    def changes(self, obj) -> dict:
        """auditlog.diff.model_instance_diff(None, obj): {field name: ("None", value)} in its text form."""
        diff = {}
        for (name, kind, field), value in zip(self.fast, self.read(obj), strict=True):
            # auditlog compares the value "from" ("None") with the value it read, before making both strings:
            # an empty foreign key (kept None by strings_only) or date-time differs, an empty plain field not.
            if value is None:
                if kind is not _PLAIN:
                    diff[name] = _NONE_PAIR
                continue
            kind_of_value = type(value)
            if kind is _DATETIME:
                if kind_of_value is datetime.datetime:
                    if self.use_tz and value.utcoffset() is not None:
                        value = value.astimezone(datetime.UTC).replace(tzinfo=None)
                    text = str(value)
                else:  # a date or a text that to_python turns into a date-time: auditlog's own way
                    text = smart_str(get_field_value(obj, field, False))
            elif kind_of_value is str:
                text = value
            elif kind_of_value is int:
                text = str(value)
            else:
                text = smart_str(value)
                if type(text).__name__ == "__proxy__":
                    text = str(text)
            if text != "None":
                diff[name] = ("None", text)
        for name, old, field, masked in self.slow:
            new = get_field_value(obj, field, self.use_json)
            if old != new:
                if masked:
                    diff[name] = (self.mask(smart_str(old)), self.mask(smart_str(new)))
                elif not self.use_json:
                    diff[name] = (smart_str(old), smart_str(new))
                else:
                    diff[name] = (_json_safe(old), _json_safe(new))
        return diff

    def values(self, obj) -> tuple | None:
        """The values of the fields named by `varying`, in that order, or None when auditlog writes no entry."""
        changes = self.changes(obj)
        if not changes:
            return None
        pk = getattr(obj, self.pk_attname)
        try:
            object_repr = smart_str(obj)
        except ObjectDoesNotExist:
            object_repr = _default_object_repr()
        # object_pk as its CharField makes any value but None: str(); object_id, auditlog's rule.
        object_pk = pk if pk is None or type(pk) is str else str(pk)
        values = (object_pk, pk if isinstance(pk, int) else None, object_repr, changes)
        if self.serialize:
            values += (self.LogEntry.objects._get_serialized_data_or_none(obj),)
        if self.marker is not None:
            data = obj.get_additional_data()
            values += ({**data, **self.marker} if isinstance(data, dict) else self.marker,)
        return values


def _default_object_repr() -> str:
    from auditlog.models import DEFAULT_OBJECT_REPR  # a models module: not importable before the apps are ready

    return DEFAULT_OBJECT_REPR


def _json_safe(value):
    return value if is_primitive(value) else smart_str(value)


def _insert(LogEntry, template, entries: _Entries, objects: list) -> int:
    """INSERT the entries in one transaction, BULK_BATCH at a time; returns how many were written.

    The values are prepared for the database as Django's INSERT compiler prepares them (pre_save, then the
    field's get_db_prep_save; a str or an int for a text or integer column is kept as it is, which is what
    that amounts to): the shared ones once, the others once per entry. On PostgreSQL each batch is one
    INSERT … SELECT of the shared values and the UNNEST of one array per varying column (bulk_create also
    inserts through UNNEST there: less to send and to plan than rows of 15 values). Elsewhere, executemany
    of a one-row INSERT, which the drivers run well (SQLite: one prepared statement; MySQL: multi-row VALUES).
    """
    alias = router.db_for_write(LogEntry, instance=template)
    connection = connections[alias]
    opts = LogEntry._meta
    fields = [f for f in opts.concrete_fields if f is not opts.auto_field and not f.generated]
    by_attname = {f.attname: f for f in fields}
    varying = [by_attname[attname] for attname in entries.varying]
    shared = {f: f.get_db_prep_save(f.pre_save(template, True), connection) for f in fields if f not in varying}
    prepare = [_preparer(field, connection) for field in varying]
    quote = connection.ops.quote_name
    head = f"INSERT INTO {quote(opts.db_table)} ({', '.join(quote(f.column) for f in fields)}) "
    unnest = connection.vendor == "postgresql"
    if unnest:
        # Each column: the shared value cast to the column's type, or the element of its array.
        columns = ", ".join(
            f"u.{quote(f.column)}" if f in varying else f"CAST(%s AS {_base_type(f, connection)})" for f in fields
        )
        arrays = ", ".join(f"CAST(%s AS {_base_type(f, connection)}[])" for f in varying)
        names = ", ".join(quote(f.column) for f in varying)
        sql = f"{head}SELECT {columns} FROM UNNEST({arrays}) AS u({names})"
        shared_params = [shared[f] for f in fields if f not in varying]
    else:
        sql = head + connection.ops.bulk_insert_sql(fields, [["%s"] * len(fields)])
        positions = [fields.index(f) for f in varying]
        template_row = [shared.get(f) for f in fields]
    written = 0
    with transaction.atomic(using=alias, savepoint=False), connection.cursor() as cursor:
        for start in range(0, len(objects), BULK_BATCH):
            rows = []
            for obj in objects[start : start + BULK_BATCH]:
                values = entries.values(obj)
                if values is not None:
                    rows.append([prep(value) for prep, value in zip(prepare, values, strict=True)])
            if not rows:
                continue
            if unnest:
                cursor.execute(sql, shared_params + [list(column) for column in zip(*rows, strict=True)])
            else:
                params = []
                for values in rows:
                    row = template_row.copy()
                    for position, value in zip(positions, values, strict=True):
                        row[position] = value
                    params.append(row)
                cursor.executemany(sql, params)
            written += len(rows)
    return written


def _base_type(field, connection) -> str:
    # Without its parameters, as Django's UNNEST insert does: varchar[], not varchar(255)[].
    return field.db_type(connection).split("(")[0]


def _preparer(field, connection):
    """function(value) → the value as field.get_db_prep_save(value, connection) makes it."""
    internal = field.get_internal_type()
    identity = {
        "CharField": (str,),
        "TextField": (str,),
        "BigIntegerField": (int,),
        "IntegerField": (int,),
        "PositiveIntegerField": (int,),
        "PositiveSmallIntegerField": (int,),
    }.get(internal)

    def prepare(value):
        if value is None or (identity is not None and type(value) in identity):
            return value
        return field.get_db_prep_save(value, connection)

    return prepare
