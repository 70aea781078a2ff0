from __future__ import annotations

from typing import Any, cast

from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.core.validators import MaxLengthValidator
from django.template import loader

from .mail import queue_email

# Longer passwords are refused before hashing (hashing megabytes costs the server).
PASSWORD_MAX_LENGTH = 4096


class BoundedAuthenticationForm(AuthenticationForm):
    """Django's login form, with its length limits enforced: Django only sets `max_length` on
    the username field after construction, which adds no validator, so a 300-character
    username reached authentication (and django-axes' 255-character column: a 500)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        username = cast(forms.CharField, self.fields["username"])
        username.validators.append(MaxLengthValidator(username.max_length))
        password = cast(forms.CharField, self.fields["password"])
        password.max_length = PASSWORD_MAX_LENGTH
        password.validators.append(MaxLengthValidator(PASSWORD_MAX_LENGTH))


class QueuedPasswordResetForm(PasswordResetForm):
    """Django's password reset, with the e-mail sent by a Celery task."""

    def send_mail(
        self,
        subject_template_name: str,
        email_template_name: str,
        context: dict[str, Any],
        from_email: str | None,
        to_email: str,
        html_email_template_name: str | None = None,
    ) -> None:
        subject = "".join(loader.render_to_string(subject_template_name, context).splitlines())
        body = loader.render_to_string(email_template_name, context)
        html = (
            loader.render_to_string(html_email_template_name, context)
            if html_email_template_name
            else None
        )
        queue_email(subject=subject, body=body, to=[to_email], html=html)
