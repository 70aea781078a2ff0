from rest_framework import serializers

from ..models import Deelnemer


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
