"""Write operations on the register of issued verklaringen (issuing lives in services.py)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from praktijkleren import audit
from praktijkleren.models import User

from .constants import RegistratieStatus
from .models import Registratie

MAX_REDEN = 300


@transaction.atomic
def trek_in(*, actor: User | None, registratie: Registratie, reden: str) -> Registratie:
    """Revoke an issued verklaring. Only the examencommissie of the issuing institution in that
    pilot may; the reason is required and stays internal (public verification shows only that it
    was revoked, and when). A revoked verklaring cannot be revoked again."""
    reg = (
        Registratie.objects.filter(pk=registratie.pk)
        .for_user(actor, "issue")
        .select_for_update()
        .first()
    )
    if reg is None:
        raise PermissionDenied(
            _("Only the examencommissie of the issuing institution can revoke a verklaring.")
        )
    reden = (reden or "").strip()
    if not reden:
        raise ValidationError(
            {"reden": _("Give the reason for revoking this verklaring (it is kept internally).")}
        )
    if len(reden) > MAX_REDEN:
        raise ValidationError(
            {"reden": _("Keep the reason under %(max)d characters.") % {"max": MAX_REDEN}}
        )
    if reg.status == RegistratieStatus.INGETROKKEN:
        datum = timezone.localtime(reg.ingetrokken_op) if reg.ingetrokken_op else None
        raise ValidationError(
            _("This verklaring was already revoked on %(datum)s.")
            % {"datum": date_format(datum, "d-m-Y") if datum else "?"}
        )
    oud = reg.status
    reg.status = RegistratieStatus.INGETROKKEN
    reg.ingetrokken_op = timezone.now()
    reg.intrekking_reden = reden
    reg.save(update_fields=["status", "ingetrokken_op", "intrekking_reden"])
    audit.record(
        actor=actor,
        action="registratie.intrekken",
        obj=reg,
        pilot_id=reg.pilot_id,
        changes={"status": [oud, reg.status], "reden": [None, reden]},
    )
    return reg
