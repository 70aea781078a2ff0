"""Writing a batch of the import in bulk: the new and changed records of one model (`Opslag`),
and audit events as `praktijkleren.audit.record` writes them one at a time (`gebeurtenis`).

New records go in with one COPY on PostgreSQL (their keys taken from the table's sequence first,
one query, so later records of the batch can refer to them), with `bulk_create` elsewhere.
`bulk_create` costs about 160 microseconds of Python per participant row in building and
compiling the statement (measured), which alone would keep the import under 5,000 rows a second;
the COPY costs about 25. Either way the database checks every constraint, and what `save()` adds
is added here: the keys of related records saved before (`_prepare_related_fields_for_save`) and
`auto_now`/`auto_now_add`. Bulk writes send no signals: `Registratie.vul_kenmerken` is called
before its rows are written (verklaringen.py), and the monitor figures are marked out of date
once per import (praktijkloket.py)."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import date
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connection, connections, models
from django.utils import timezone

from praktijkleren.models import AuditEvent

# Values of these types go into the COPY as they are for fields of these classes (whose
# `get_db_prep_save` would return them unchanged); any other value or field is prepared by it.
PLAIN_VALUES = {str, int, bool, date, type(None)}
PLAIN_FIELDS = (
    models.CharField, models.TextField, models.IntegerField, models.BooleanField,
    models.ForeignKey,
)  # fmt: skip

# Rows per UPDATE: bulk_update writes a CASE over every row it updates, which costs quadratic
# time in the database for large batches.
UPDATE_BATCH = 250


class Nieuw:
    """A new record of the batch as its field values by attname, `pk` set once it is written.
    Another attribute reads its value (`org.naam`). A value may be another `Nieuw` written
    before it in the batch (a participant's new traject): its key is taken."""

    __slots__ = ("pk", "waarden")

    def __init__(self, waarden: dict[str, Any]) -> None:
        self.pk: int | None = None
        self.waarden = waarden

    def __getattr__(self, name: str) -> Any:
        try:
            return self.waarden[name]
        except KeyError:
            raise AttributeError(name) from None


class Opslag[M: models.Model]:
    """The new and the changed records of one model in the current batch; `bewaar` writes the
    new ones at once and the changed ones in UPDATEs of `UPDATE_BATCH`. Only changed records
    are written, and only their changed fields (a field another record of the group changed is
    written with the value it holds), so `updated_at` stays as it was.

    A new record is added as values (`maak`, the cheapest: no model instance at all) or as a
    model instance (`object`, or `voeg_toe` for one built elsewhere) where its methods are
    needed."""

    def __init__(self, model: type[M]) -> None:
        self.model = model
        self.nieuw: list[M] = []  # new model instances
        self.rijen: list[Nieuw] = []  # new records as values
        self.gewijzigd: list[M] = []
        self.velden: set[str] = set()
        self.fields = model._meta.concrete_fields
        # Per field: a callable default (called for each record: a list must not be shared, a
        # token must differ), else the default itself, worked out once.
        self.defaults: list[tuple[bool, Any]] = [
            (True, f.get_default) if f.has_default() and callable(f.default) else
            (False, f.get_default())
            for f in self.fields
        ]  # fmt: skip

    def maak(self, **waarden: Any) -> Nieuw:
        """A new record from field values by attname (`pilot_id`, not `pilot`); the other
        fields get their defaults when it is written."""
        rij = Nieuw(waarden)
        self.rijen.append(rij)
        return rij

    def object(self, **values: Any) -> M:
        """A new record as a model instance from field values by attname, the other fields
        their defaults. Built as Django builds a row it reads (positional arguments), several
        times faster than from keyword arguments."""
        args = []
        for f, (call, default) in zip(self.fields, self.defaults, strict=True):
            if f.attname in values:
                args.append(values[f.attname])
            else:
                args.append(default() if call else default)
        obj = self.model(*args)
        self.nieuw.append(obj)
        return obj

    def voeg_toe(self, obj: M) -> None:
        self.nieuw.append(obj)

    def wijzig(self, obj: M, velden: list[str]) -> None:
        if velden:
            self.gewijzigd.append(obj)
            self.velden.update(velden)

    def bewaar(self) -> None:
        manager = self.model._default_manager
        if self.nieuw or self.rijen:
            # (isinstance of AutoField holds for BigAutoField too.)
            if connection.vendor == "postgresql" and isinstance(
                self.model._meta.pk, models.AutoField
            ):
                self._kopieer()
            else:
                self._bulk_create()
        if self.gewijzigd:
            manager.bulk_update(self.gewijzigd, sorted(self.velden), batch_size=UPDATE_BATCH)
        self.nieuw, self.rijen, self.gewijzigd, self.velden = [], [], [], set()

    def _bulk_create(self) -> None:
        als_object = [
            self.model(**{k: v.pk if isinstance(v, Nieuw) else v for k, v in rij.waarden.items()})
            for rij in self.rijen
        ]
        self.model._default_manager.bulk_create([*self.nieuw, *als_object])
        for rij, obj in zip(self.rijen, als_object, strict=True):
            rij.pk = obj.pk

    def _kopieer(self) -> None:
        """Insert the batch's new records with one COPY, their keys taken from the sequence
        first (one query)."""
        meta = self.model._meta
        pk = meta.pk
        assert pk is not None
        db = connections[DEFAULT_DB_ALIAS]  # not the proxy: it is asked for each value
        objs, rijen = self.nieuw, self.rijen
        now = timezone.now()
        auto = [
            f
            for f in self.fields
            if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
        ]
        relaties = [f for f in self.fields if isinstance(f, models.ForeignKey)]
        for obj in objs:
            for fk in relaties:
                # A related record saved earlier in the batch (as `save()` would take its key).
                if getattr(obj, fk.attname) is None and fk.is_cached(obj):
                    related = fk.get_cached_value(obj)
                    if related is not None:
                        setattr(obj, fk.attname, related.pk)
            for f in auto:
                setattr(obj, f.attname, now)
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                [meta.db_table, pk.column, len(objs) + len(rijen)],
            )
            keys = [key for (key,) in cursor.fetchall()]
            for obj, key in zip(objs, keys, strict=False):
                obj.pk = key
            for rij, key in zip(rijen, keys[len(objs) :], strict=True):
                rij.pk = key
            columns = ", ".join(connection.ops.quote_name(str(f.column)) for f in self.fields)
            sql = f"COPY {connection.ops.quote_name(meta.db_table)} ({columns}) FROM STDIN"
            start = time.monotonic()
            velden = [(f.attname, f, _plain(f)) for f in self.fields]
            with connection.wrap_database_errors, cursor.cursor.copy(sql) as copy:
                for obj in objs:
                    copy.write_row(_waarden(obj, velden, db))
                for row in self._rijen(db, now):
                    copy.write_row(row)
            if connection.queries_logged:  # counted like any other query (tests, debug)
                connection.queries_log.append(
                    {"sql": f"{sql} ({len(keys)} rows)", "time": f"{time.monotonic() - start:.3f}"}
                )
        for obj in objs:
            obj._state.adding = False
            obj._state.db = connection.alias

    def _rijen(self, db: Any, now: Any) -> Iterator[list[Any]]:
        """The rows of the records added as values: the defaults prepared once for the batch,
        then each record's own values (and callable defaults) prepared as `save()` would."""
        template: list[Any] = []
        per_rij: list[tuple[int, Any]] = []  # callable defaults
        for i, (f, (call, default)) in enumerate(zip(self.fields, self.defaults, strict=True)):
            if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
                template.append(f.get_db_prep_save(now, db))
            elif call:
                template.append(None)
                per_rij.append((i, f))
            else:
                template.append(f.get_db_prep_save(default, db))
        fields = {f.attname: (i, f, _plain(f)) for i, f in enumerate(self.fields)}
        pk_index = fields[self.model._meta.pk.attname][0]  # type: ignore[union-attr]
        for rij in self.rijen:
            row = template.copy()
            for i, f in per_rij:
                row[i] = f.get_db_prep_save(f.get_default(), db)
            for attname, value in rij.waarden.items():
                i, f, plain = fields[attname]
                if isinstance(value, Nieuw):
                    value = value.pk
                if not plain or type(value) not in PLAIN_VALUES:
                    value = f.get_db_prep_save(value, db)
                row[i] = value
            row[pk_index] = rij.pk
            yield row


def _waarden(obj: models.Model, velden: list[tuple[str, Any, bool]], db: Any) -> list[Any]:
    """The row of a model instance, each value prepared as `save()` would."""
    values = []
    for attname, f, plain in velden:
        value = getattr(obj, attname)
        if not plain or type(value) not in PLAIN_VALUES:
            value = f.get_db_prep_save(value, db)
        values.append(value)
    return values


def _plain(field: models.Field[Any, Any]) -> bool:
    # A DateTimeField is a DateField: a date passes only for a DateField proper.
    return isinstance(field, PLAIN_FIELDS) or type(field) is models.DateField


def gebeurtenis(
    *,
    actor: Any,
    action: str,
    model: type[models.Model],
    pk: Any,
    pilot_id: int | None = None,
    changes: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """The fields of an audit event as `audit.record` stores it for the record `pk` of `model`
    (for `Opslag.maak`)."""
    return {
        "actor_id": actor.pk if getattr(actor, "pk", None) else None,
        "action": action,
        "object_type": model._meta.label_lower,
        "object_id": str(pk),
        "pilot_id": pilot_id,
        "changes": changes or {},
    }


def bewaar_gebeurtenissen(events: list[dict[str, Any]]) -> None:
    opslag: Opslag[AuditEvent] = Opslag(AuditEvent)
    for event in events:
        opslag.maak(**event)
    opslag.bewaar()
