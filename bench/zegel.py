"""Seal cost with the signer loaded for every seal against kept loaded (issue 16, item 5).

Run against a demo database (after `make demo`):

    DJANGO_SETTINGS_MODULE=praktijkleren.settings.dev PYTHONPATH=. .venv/bin/python bench/zegel.py

Seven interleaved rounds (A B A B ...) of 20 seals each; medians in ms per seal."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from typing import Any

ROUNDS, PER_ROUND = 7, 20


def _ms_per_call(fn: Callable[[], Any]) -> float:
    start = time.perf_counter()
    for _ in range(PER_ROUND):
        fn()
    return (time.perf_counter() - start) * 1000 / PER_ROUND


def main() -> None:
    import django

    django.setup()
    from weasyprint import HTML

    from pilots.models import Organisatie
    from verklaringen import zegel

    org = Organisatie.objects.filter(soort="mbo_instelling").order_by("pk").first()
    assert org is not None, "no mbo-instelling: run `make demo` first"
    pdf = HTML(string="<p>Verklaring</p>").write_pdf()
    zegel.zegel(pdf, org)  # the test certificate is made once, outside the measurement

    def geladen_per_zegel() -> None:
        zegel._SIGNERS.clear()
        zegel.zegel(pdf, org)

    koud, warm = [], []
    for _ in range(ROUNDS):
        koud.append(_ms_per_call(geladen_per_zegel))
        warm.append(_ms_per_call(lambda: zegel.zegel(pdf, org)))
    print(
        f"seal: signer loaded for each seal {statistics.median(koud):.1f} ms, "
        f"kept loaded {statistics.median(warm):.1f} ms "
        f"(median of {ROUNDS} interleaved rounds of {PER_ROUND})"
    )


if __name__ == "__main__":
    main()
