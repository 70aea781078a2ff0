from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import serializers

from deelnemers.constants import Doelgroep, Situatie, ToestemmingDoel, Uitkering
from deelnemers.models import Deelnemer
from deelnemers.validators import normaliseer_doelgroepen


class DeelnemerSerializer(serializers.ModelSerializer):
    pilot: serializers.SlugRelatedField = serializers.SlugRelatedField(
        slug_field="code", read_only=True
    )

    class Meta:
        model = Deelnemer
        fields = [
            "id", "pilot", "referentie", "voornaam", "achternaam", "geboortedatum", "geslacht",
            "status", "aangemeld_op", "verwijzer_organisatie", "mbo_instelling",
        ]  # fmt: skip


class AanmeldingSerializer(serializers.Serializer):
    """A referral over the API: the same fields and rules as the referral form."""

    pilot = serializers.SlugField(help_text="Code of a pilot in which the caller may refer.")
    voornaam = serializers.CharField(max_length=100)
    achternaam = serializers.CharField(max_length=150)
    geboortedatum = serializers.DateField()
    email = serializers.EmailField(required=False, allow_blank=True, default="")
    telefoon = serializers.CharField(max_length=30, required=False, allow_blank=True, default="")
    situatie = serializers.ChoiceField(choices=Situatie.choices)
    uitkering = serializers.ChoiceField(choices=Uitkering.choices, default=Uitkering.GEEN)
    doelgroepen = serializers.ListField(
        child=serializers.CharField(),
        required=False,
        default=list,
        help_text="Codes of the target groups the candidate belongs to (several allowed): "
        + ", ".join(Doelgroep.values)
        + ".",
    )
    wens = serializers.CharField(required=False, allow_blank=True, default="")
    voorkeur_sector = serializers.CharField(
        max_length=200, required=False, allow_blank=True, default=""
    )
    voorkeur_leerbedrijf = serializers.CharField(
        max_length=200, required=False, allow_blank=True, default=""
    )
    toestemming = serializers.BooleanField(
        help_text="The candidate's consent to share their data with the pilot partners."
    )
    toestemming_doelen = serializers.ListField(
        child=serializers.ChoiceField(choices=ToestemmingDoel.choices), required=False, default=list
    )

    def validate_doelgroepen(self, value: list[str]) -> list[str]:
        """The same check and message as the referral form: unknown codes are named."""
        try:
            return normaliseer_doelgroepen(value)
        except DjangoValidationError as exc:
            raise serializers.ValidationError(exc.messages, code="invalid_choice") from exc


class DeelnemerDetailSerializer(DeelnemerSerializer):
    doelgroepen = serializers.ListField(
        child=serializers.ChoiceField(choices=Doelgroep.choices), read_only=True
    )
    advies = serializers.SerializerMethodField()

    class Meta(DeelnemerSerializer.Meta):
        fields = [*DeelnemerSerializer.Meta.fields, "situatie", "doelgroepen", "advies"]

    def get_advies(self, obj: Deelnemer) -> dict | None:
        """The current advice: route and next step (the reasoning stays with the mbo)."""
        advies = (
            next(iter(obj.zichtbare_adviezen), None) if hasattr(obj, "zichtbare_adviezen") else None
        )
        if advies is None:
            return None
        return {
            "route": advies.route,
            "alternatief_soort": advies.alternatief_soort,
            "volgende_stap": advies.volgende_stap,
            "gegeven_op": advies.gegeven_op,
        }
