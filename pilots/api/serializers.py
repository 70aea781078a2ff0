from rest_framework import serializers

from ..constants import Financieringsbron
from ..models import Organisatie, Partner, Pilot, Subregio


class OrganisatieSerializer(serializers.ModelSerializer):
    class Meta:
        model = Organisatie
        fields = [
            "id", "naam", "soort", "adres", "postcode", "plaats", "brin", "bekostigd",
            "leerbedrijf_id", "email",
        ]  # fmt: skip


class PartnerSerializer(serializers.ModelSerializer):
    organisatie = OrganisatieSerializer(read_only=True)
    subregio: serializers.SlugRelatedField = serializers.SlugRelatedField(
        slug_field="naam", read_only=True, allow_null=True
    )

    class Meta:
        model = Partner
        fields = ["id", "organisatie", "rol", "subregio", "sinds", "toelichting"]


class SubregioSerializer(serializers.ModelSerializer):
    class Meta:
        model = Subregio
        fields = ["id", "naam"]


class PilotSerializer(serializers.ModelSerializer):
    financieringsbronnen = serializers.ListField(
        child=serializers.ChoiceField(choices=Financieringsbron.choices), required=False
    )
    subregios = SubregioSerializer(many=True, read_only=True)

    class Meta:
        model = Pilot
        fields = [
            "code", "naam", "soort", "tranche", "arbeidsmarktregio", "doelgroep", "startdatum",
            "streefaantal", "financieringsbronnen", "subregios",
        ]  # fmt: skip
        read_only_fields = ["code"]


class PilotDetailSerializer(PilotSerializer):
    partners = PartnerSerializer(many=True, read_only=True)

    class Meta(PilotSerializer.Meta):
        fields = [*PilotSerializer.Meta.fields, "partners"]
