"""The portal's forms. Labels and messages in plain words (B1): the reader is the participant."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from praktijkleren.validators import InvoerControle


class EmailForm(InvoerControle, forms.Form):
    email = forms.EmailField(
        label=_("Your e-mail address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True}),
        error_messages={
            "required": _("Fill in your e-mail address."),
            "invalid": _("Fill in an e-mail address like name@example.nl."),
        },
    )


class ReflectieForm(InvoerControle, forms.Form):
    """STARR: situation, task, action, result, reflection; in the participant's words."""

    datum = forms.DateField(
        label=_("Date"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"required": _("Enter the date."), "invalid": _("Enter a valid date.")},
    )
    situatie = forms.CharField(
        label=_("Situation: where were you, what was going on?"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    taak = forms.CharField(
        label=_("Task: what did you have to do?"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    actie = forms.CharField(
        label=_("Action: what did you do?"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    resultaat = forms.CharField(
        label=_("Result: how did it go?"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    reflectie = forms.CharField(
        label=_("Reflection: what did you learn? What would you do differently next time?"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for naam in ("situatie", "actie", "reflectie"):
            self.fields[naam].widget.attrs["aria-required"] = "true"


class DeellinkForm(InvoerControle, forms.Form):
    registratie = forms.TypedChoiceField(
        label=_("Which verklaring do you want to share?"),
        coerce=int,
        error_messages={
            "required": _("Choose a verklaring."),
            "invalid_choice": _("Choose a verklaring."),
        },
    )
    verloopt_op = forms.DateField(
        label=_("The link works until"),
        help_text=_("At most one year from today."),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={
            "required": _("Enter the date until which the link works."),
            "invalid": _("Enter a valid date."),
        },
    )
    omschrijving = forms.CharField(
        label=_("Who do you share it with? (only for yourself)"),
        help_text=_("For example the name of the employer. Optional."),
        max_length=100,
        required=False,
    )

    def __init__(self, *args: Any, keuzes: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["registratie"].choices = keuzes  # type: ignore[attr-defined]


class IntrekkenForm(InvoerControle, forms.Form):
    bevestig = forms.BooleanField(
        label=_("Yes, I withdraw my consent. I understand that my route stops."),
        error_messages={"required": _("Tick the box to confirm that you withdraw your consent.")},
    )
