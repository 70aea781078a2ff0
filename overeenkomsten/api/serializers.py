"""Agreement status over the API. Never the signing secrets (link token, code), nor the e-mail
address, IP address and browser of a signer: those stay on the audit page of the signed PDF."""

from __future__ import annotations

from rest_framework import serializers

from ondertekening.models import Ondertekening

from ..models import Overeenkomst, OvereenkomstVersie


class OndertekeningSerializer(serializers.ModelSerializer):
    organisatie: serializers.StringRelatedField = serializers.StringRelatedField(allow_null=True)

    class Meta:
        model = Ondertekening
        fields = [
            "rol", "organisatie", "naam", "verstuurd_op", "link_verloopt_op",
            "getekend_op", "vervallen_op", "document_sha256",
        ]  # fmt: skip


class VersieSerializer(serializers.ModelSerializer):
    ondertekeningen = OndertekeningSerializer(many=True, read_only=True)

    class Meta:
        model = OvereenkomstVersie
        fields = [
            "nummer", "status", "startdatum", "einddatum", "pdf_status", "pdf_sha256",
            "definitief_sha256", "verzonden_op", "ondertekend_op", "vervallen_op", "created_at",
            "ondertekeningen",
        ]  # fmt: skip


class OvereenkomstSerializer(serializers.ModelSerializer):
    versies = VersieSerializer(many=True, read_only=True)

    class Meta:
        model = Overeenkomst
        fields = ["id", "traject", "soort", "created_at", "versies"]
