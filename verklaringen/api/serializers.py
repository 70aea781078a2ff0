"""The register over the API (scoped readers) and the public verification answers.

The public answers carry only what the verification page shows: never the reason for revoking,
the pilot, the participant or anything else personal beyond the holder's name as printed."""

from __future__ import annotations

from typing import Any, cast

from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from ..constants import RegistratieStatus
from ..models import Registratie
from ..verificatie import REDENEN, code_weergave, gedrukt_werkproces


class VerklaardeKerntaakSerializer(serializers.Serializer):
    code = serializers.CharField()
    naam = serializers.CharField()


class VerklaardWerkprocesSerializer(serializers.Serializer):
    """One werkproces as printed on the verklaring."""

    code = serializers.CharField()
    naam = serializers.CharField()
    kerntaak = VerklaardeKerntaakSerializer()
    crebo = serializers.CharField()
    kwalificatie = serializers.CharField()
    niveau = serializers.CharField()


class RegistratieSerializer(serializers.ModelSerializer):
    pilot: serializers.SlugRelatedField = serializers.SlugRelatedField(
        slug_field="code", read_only=True
    )
    werkprocessen = serializers.SerializerMethodField()
    vervangen_door: serializers.SlugRelatedField = serializers.SlugRelatedField(
        slug_field="nummer", read_only=True, allow_null=True
    )
    verificatie_url = serializers.SerializerMethodField()
    verificatiecode_weergave = serializers.SerializerMethodField(
        help_text="The code as printed and shown everywhere (ABCD-EFGH-JKMN)."
    )

    class Meta:
        model = Registratie
        fields = [
            "id", "nummer", "verificatiecode", "verificatiecode_weergave", "verificatie_url",
            "herkomst", "pilot", "deelnemer", "instelling", "instelling_naam", "uitgegeven_op",
            "houder_naam", "werkprocessen", "pdf_sha256", "status", "ingetrokken_op",
            "intrekking_reden", "vervangen_door",
        ]  # fmt: skip
        read_only_fields = fields

    @extend_schema_field(VerklaardWerkprocesSerializer(many=True))
    def get_werkprocessen(self, obj: Registratie) -> list[dict[str, Any]]:
        return [gedrukt_werkproces(wp) for wp in (obj.werkprocessen or [])]

    def to_representation(self, instance: Registratie) -> dict[str, Any]:
        data = super().to_representation(instance)
        # The reason for revoking is for the examencommissie of the institution only.
        request = self.context.get("request")
        user = getattr(request, "user", None)
        context = cast(dict[str, Any], self.context)
        if "_mag_intrekken" not in context:  # one query per request, not per row
            context["_mag_intrekken"] = set(
                Registratie.objects.for_user(user, "issue").values_list("pk", flat=True)
            )
        if instance.pk not in context["_mag_intrekken"]:
            data["intrekking_reden"] = ""
        return data

    def get_verificatiecode_weergave(self, obj: Registratie) -> str:
        return code_weergave(obj.verificatiecode)

    def get_verificatie_url(self, obj: Registratie) -> str:
        url = reverse("verificatie-code", args=[obj.verificatiecode])
        request = self.context.get("request")
        return request.build_absolute_uri(url) if request is not None else url


class IntrekkenSerializer(serializers.Serializer):
    reden = serializers.CharField(max_length=300, help_text="Why the verklaring is revoked.")


class VerificatieSerializer(serializers.Serializer):
    """The public answer for one register entry (fields of `verificatie.Uitkomst`)."""

    echt = serializers.BooleanField(help_text="The verklaring is in the register.")
    geldig = serializers.BooleanField(help_text="Genuine and neither superseded nor revoked.")
    status = serializers.ChoiceField(choices=RegistratieStatus.choices)
    nummer = serializers.CharField()
    verificatiecode = serializers.CharField()
    instelling = serializers.CharField(help_text="The issuing mbo-instelling.")
    uitgegeven_op = serializers.DateField()
    houder_naam = serializers.CharField(help_text="The holder's name as printed.")
    werkprocessen = VerklaardWerkprocesSerializer(many=True)
    ingetrokken_op = serializers.DateTimeField(allow_null=True)
    vervangen_door = serializers.CharField(
        source="vervangen_door_code",
        allow_null=True,
        help_text="Verification code of the verklaring that supersedes this one.",
    )


class PdfUploadSerializer(serializers.Serializer):
    pdf = serializers.FileField(help_text="The PDF of the verklaring (at most 10 MB).")


class PdfVerificatieSerializer(serializers.Serializer):
    echt = serializers.BooleanField(
        help_text="Sealed, seal intact, sealed by a trusted institution and in the register."
    )
    reden = serializers.ChoiceField(
        choices=[(r, r) for r in REDENEN],
        allow_null=True,
        help_text="Why the PDF is not genuine; null when it is.",
    )
    melding = serializers.CharField()
    sha256 = serializers.CharField()
    verklaring = VerificatieSerializer(
        source="uitkomst", allow_null=True, help_text="The register entry, when genuine."
    )
