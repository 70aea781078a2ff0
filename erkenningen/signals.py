"""`erkenning_gewijzigd` is sent by `erkenningen.services` inside the transaction of every write
that changes a recognition's status (and when a recognition is first recorded):

    erkenning_gewijzigd.send(sender=Erkenning, erkenning=..., oud_status=..., actor=...)

`oud_status` is the previous status value, or None for a new record; `actor` may be None (the
command-line import). Receivers (in the layers above: stop signing open agreements, tell the
mbo when a recognition is revoked) run in the same transaction, so a failing receiver undoes
the write; they should enqueue e-mail and other follow-up work with `transaction.on_commit`.
"""

from django.dispatch import Signal

erkenning_gewijzigd = Signal()
