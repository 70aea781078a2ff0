from rest_framework import serializers

from ..models import Advies, Intake
from ..services import CRITERIA_FIELDS


class IntakeSerializer(serializers.ModelSerializer):
    class Meta:
        model = Intake
        fields = [
            "id", "deelnemer", "gepland_op", "met_verwijzer", "met_kandidaat", "met_leerbedrijf",
            *CRITERIA_FIELDS, "vastgelegd_op",
        ]  # fmt: skip


class AdviesSerializer(serializers.ModelSerializer):
    class Meta:
        model = Advies
        fields = [
            "id", "deelnemer", "intake", "route", "alternatief_soort", "alternatief",
            "onderbouwing", "reden_praktijkverklaring", "volgende_stap", "reactie_kandidaat",
            "gegeven_door", "gegeven_op",
        ]  # fmt: skip
