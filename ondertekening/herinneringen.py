"""The reminder for pending signatures (run daily by Celery beat; each signature gets one)."""

from __future__ import annotations

import operator
from datetime import timedelta
from functools import reduce

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from .adapters import adapters
from .constants import HERINNERING_NA_DAGEN, GebeurtenisSoort
from .models import Ondertekening
from .services import stuur_link


def stuur_herinneringen() -> int:
    """Signatures pending for 5 days on a document still out for signing (of any kind) get one
    reminder with a fresh link; the expiry date stays. Returns the number of reminders sent."""
    open_documenten = [
        Q(
            document_type=ContentType.objects.get_for_model(adapter.model),
            document_id__in=adapter.open_ids(),
        )
        for adapter in adapters()
    ]
    if not open_documenten:
        return 0
    nu = timezone.now()
    open_ = (
        Ondertekening.objects.filter(
            reduce(operator.or_, open_documenten),
            getekend_op__isnull=True,
            vervallen_op__isnull=True,
            verstuurd_op__lte=nu - timedelta(days=HERINNERING_NA_DAGEN),
            link_verloopt_op__gt=nu,
        )
        .exclude(gebeurtenissen__soort=GebeurtenisSoort.HERINNERING)
        .values_list("pk", flat=True)
    )
    verzonden = 0
    for pk in list(open_):
        with transaction.atomic():
            o = Ondertekening.objects.select_for_update().get(pk=pk)
            if o.gebeurtenissen.filter(soort=GebeurtenisSoort.HERINNERING).exists():
                continue
            stuur_link(o, GebeurtenisSoort.HERINNERING, verleng=False)
            verzonden += 1
    return verzonden
