"""Platform-wide models: the user account and the audit trail."""

from __future__ import annotations

from typing import Any, ClassVar

from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.utils.translation import gettext_lazy as _

from . import access


class EmailUserManager(UserManager["User"]):
    """Users log in with their e-mail address; `username` mirrors it."""

    def create_user(  # type: ignore[override]
        self, email: str, password: str | None = None, **extra: Any
    ) -> User:
        extra.pop("username", None)
        return super().create_user(email, email, password, **extra)

    def create_superuser(  # type: ignore[override]
        self, email: str, password: str | None = None, **extra: Any
    ) -> User:
        extra.pop("username", None)
        return super().create_superuser(email, email, password, **extra)


class User(AbstractUser):
    email = models.EmailField(_("e-mail address"), unique=True)
    phone = models.CharField(_("phone number"), max_length=30, blank=True)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = []
    objects: ClassVar[EmailUserManager] = EmailUserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["last_name", "first_name", "email"]

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.email = self.email.strip().lower()
        self.username = self.email
        super().save(*args, **kwargs)

    def __str__(self) -> str:
        return self.get_full_name() or self.email


class AuditEventQuerySet(models.QuerySet["AuditEvent"]):
    def for_user(self, user: Any, action: str = "view") -> AuditEventQuerySet:
        """Platform beheerders see every event; the projectleider (privacy log) those of their
        pilot. Nobody changes an audit event."""
        rules = access.rules()
        if action != "view" or not (user is not None and user.is_authenticated):
            return self.none()
        if rules.has_national(user, access.EVERYTHING):
            return self.all()
        return self.filter(pilot_id__in=rules.pilot_ids_with(user, access.PRIVACY_LOG))


class AuditEvent(models.Model):
    """Who did what to which object, and when. Written by services, never edited."""

    at = models.DateTimeField(_("at"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        null=True,
        blank=True,
        # Evidence of who did it: a user with audit events is deactivated, never deleted.
        on_delete=models.PROTECT,
        related_name="+",
    )
    action = models.CharField(_("action"), max_length=60)
    object_type = models.CharField(_("object type"), max_length=60)
    object_id = models.CharField(_("object id"), max_length=40)
    # The pilot's id, not a foreign key: the kernel sits below the pilots app, and an audit
    # trail outlives what it describes.
    pilot_id = models.BigIntegerField(_("pilot"), null=True, blank=True, db_index=True)
    changes = models.JSONField(_("changes"), default=dict, blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        ordering = ["-at"]
        indexes = [models.Index(fields=["object_type", "object_id"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.object_type}#{self.object_id}"


class OutboxBericht(models.Model):
    """An e-mail or follow-up task written in the transaction of the change that causes it and
    performed after commit, exactly once (praktijkleren.outbox). The broker message carries only
    this row's id, so the content (personal data) of an e-mail never reaches Redis."""

    class Soort(models.TextChoices):
        EMAIL = "email", _("e-mail")
        TAAK = "taak", _("task")

    soort = models.CharField(_("kind"), max_length=10, choices=Soort.choices)
    # The dotted name of the Celery task for a task; empty for an e-mail.
    taak = models.CharField(_("task name"), max_length=200, blank=True)
    # An e-mail: subject, body, to and html as rendered; a task: its positional arguments.
    argumenten = models.JSONField(_("arguments"), default=dict, blank=True)
    aangemaakt_op = models.DateTimeField(_("created at"), auto_now_add=True)
    # The last time its id was handed to the broker (null: never, e.g. the broker was down).
    aangeboden_op = models.DateTimeField(_("offered to the broker at"), null=True, blank=True)
    verzonden_op = models.DateTimeField(_("sent at"), null=True, blank=True, db_index=True)
    pogingen = models.PositiveIntegerField(_("attempts"), default=0)
    laatste_fout = models.TextField(_("last error"), blank=True)

    class Meta:
        verbose_name = _("outbox message")
        verbose_name_plural = _("outbox messages")
        ordering = ["aangemaakt_op"]
        indexes = [
            models.Index(
                fields=["aangemaakt_op"],
                condition=models.Q(verzonden_op__isnull=True),
                name="outbox_wachtend_idx",
            )
        ]

    def __str__(self) -> str:
        wat = self.taak or self.Soort(self.soort).label
        return f"{wat} #{self.pk} ({'verzonden' if self.verzonden_op else 'wachtend'})"
