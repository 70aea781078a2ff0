"""The audit trail is append-only, enforced by the database (issue 13).

On PostgreSQL a trigger refuses every DELETE of an audit row, and every UPDATE except one that
only removes keys from `changes` (the privacy services erase old values of personal data from
the trail when a participant is anonymised: `changes = {}` or a subset of the keys, with the
same values). Everything else about an event (who, what, when, which object) never changes.
SQLite (`make run`) has no trigger: the ORM and the admin are the guard there.

An actor with audit events is protected (not set to NULL): a user is deactivated, not deleted."""


import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

FUNCTION = "praktijkleren_auditevent_append_only"

CREATE = f"""
CREATE OR REPLACE FUNCTION {FUNCTION}() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        RAISE EXCEPTION 'audit event % is append-only: DELETE refused', OLD.id
            USING ERRCODE = 'restrict_violation';
    END IF;
    -- Only `changes` may change ...
    IF (to_jsonb(NEW) - 'changes') IS DISTINCT FROM (to_jsonb(OLD) - 'changes') THEN
        RAISE EXCEPTION 'audit event % is append-only: UPDATE refused', OLD.id
            USING ERRCODE = 'restrict_violation';
    END IF;
    -- ... and only by removing keys: every key left keeps its old value.
    IF NEW.changes IS DISTINCT FROM OLD.changes AND NOT (
        jsonb_typeof(NEW.changes) = 'object'
        AND jsonb_typeof(OLD.changes) = 'object'
        AND NOT EXISTS (
            SELECT 1 FROM jsonb_each(NEW.changes) AS kept(key, value)
            WHERE NOT (OLD.changes ? kept.key)
                OR OLD.changes -> kept.key IS DISTINCT FROM kept.value
        )
    ) THEN
        RAISE EXCEPTION 'audit event % is append-only: changes may only lose keys', OLD.id
            USING ERRCODE = 'restrict_violation';
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;

DROP TRIGGER IF EXISTS {FUNCTION} ON praktijkleren_auditevent;
CREATE TRIGGER {FUNCTION}
    BEFORE UPDATE OR DELETE ON praktijkleren_auditevent
    FOR EACH ROW EXECUTE FUNCTION {FUNCTION}();
"""

DROP = f"""
DROP TRIGGER IF EXISTS {FUNCTION} ON praktijkleren_auditevent;
DROP FUNCTION IF EXISTS {FUNCTION}();
"""


def _on_postgresql(sql: str):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql, params=None)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("praktijkleren", "0001_initial"),
    ]
    operations = [
        migrations.AlterField(
            model_name="auditevent",
            name="actor",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="actor",
            ),
        ),
        migrations.RunPython(_on_postgresql(CREATE), _on_postgresql(DROP), elidable=False),
    ]
