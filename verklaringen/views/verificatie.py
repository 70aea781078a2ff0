"""The public verification pages: no login. An employer types the code, scans the QR code (which
opens the code page) or uploads the PDF. Rate limited per IP address; never cached or indexed."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from praktijkleren.http import ratelimit_key

from .. import verificatie
from ..ratelimit import ratelimit
from ..verificatie import CODE_RATE, UPLOAD_RATE, te_groot_verzoek


def openbaar(response: HttpResponse) -> HttpResponse:
    """Headers for every public verification answer: personal data, not for caches or robots."""
    response["Cache-Control"] = "no-store"
    response["X-Robots-Tag"] = "noindex"
    return response


def te_vaak(request: HttpRequest) -> HttpResponse:
    return openbaar(render(request, "verklaringen/verificatie_te_vaak.html", status=429))


class CodeForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("Verification code"),
        max_length=40,
        help_text=gettext_lazy("The code printed on the verklaring, e.g. ABCD-EFGH-JKMN."),
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}
        ),
    )

    def clean_code(self) -> str:
        code = verificatie.normaliseer(self.cleaned_data["code"])
        if code is None:
            raise ValidationError(
                _(
                    "This is not a valid verification code. A code has 12 letters and digits "
                    "(no 0, 1, I, L or O)."
                )
            )
        return code


class UploadForm(forms.Form):
    pdf = forms.FileField(
        label=gettext_lazy("PDF of the verklaring"),
        help_text=gettext_lazy("At most 10 MB. The file is checked and not stored."),
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,.pdf"}),
    )

    def clean_pdf(self) -> bytes:
        upload = self.cleaned_data["pdf"]
        if upload.size > verificatie.MAX_PDF_BYTES:
            raise ValidationError(verificatie.TE_GROOT)
        return upload.read()


def _formulierpagina(request: HttpRequest, status: int = 200, **context: Any) -> HttpResponse:
    context.setdefault("code_form", CodeForm())
    context.setdefault("upload_form", UploadForm())
    return openbaar(render(request, "verklaringen/verificatie.html", context, status=status))


@method_decorator(
    ratelimit(
        group="verificatie-upload", key=ratelimit_key, rate=UPLOAD_RATE, method="POST", block=False
    ),
    name="post",
)
class VerificatieView(View):
    """The form: enter a code (goes to the code page) or upload the PDF (checked here)."""

    def get(self, request: HttpRequest) -> HttpResponse:
        if "code" not in request.GET:
            return _formulierpagina(request)
        form = CodeForm(request.GET)
        if not form.is_valid():
            return _formulierpagina(request, status=400, code_form=form)
        return openbaar(redirect("verificatie-code", code=form.cleaned_data["code"]))

    def post(self, request: HttpRequest) -> HttpResponse:
        if getattr(request, "limited", False):
            return te_vaak(request)
        if te_groot_verzoek(request):
            form = UploadForm(data={})
            form.is_valid()
            form.errors["pdf"] = form.error_class([str(verificatie.TE_GROOT)])
            return _formulierpagina(request, status=400, upload_form=form)
        form = UploadForm(request.POST, request.FILES)
        if not form.is_valid():
            return _formulierpagina(request, status=400, upload_form=form)
        try:
            uitslag = verificatie.controleer_pdf(form.cleaned_data["pdf"])
        except ValidationError as exc:
            form.add_error("pdf", exc)
            return _formulierpagina(request, status=400, upload_form=form)
        return _formulierpagina(request, pdf_uitslag=uitslag, upload_form=UploadForm())


@method_decorator(
    ratelimit(group="verificatie-code", key=ratelimit_key, rate=CODE_RATE, block=False), name="get"
)
class VerificatieCodeView(View):
    """What the QR code opens: the register entry of this code, or a clear 'not found' (404)."""

    def get(self, request: HttpRequest, code: str) -> HttpResponse:
        if getattr(request, "limited", False):
            return te_vaak(request)
        registratie = verificatie.zoek(code)
        if registratie is None:
            return openbaar(
                render(
                    request,
                    "verklaringen/verificatie_niet_gevonden.html",
                    {"code": code[:40], "code_form": CodeForm()},
                    status=404,
                )
            )
        return verificatie.toon_uitkomst(request, registratie)
