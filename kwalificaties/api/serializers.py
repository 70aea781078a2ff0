from rest_framework import serializers

from ..models import Kerntaak, Kwalificatie, Werkproces


class WerkprocesSerializer(serializers.ModelSerializer):
    class Meta:
        model = Werkproces
        fields = ["code", "naam", "omschrijving", "herkomst", "versie", "actief"]


class KerntaakSerializer(serializers.ModelSerializer):
    werkprocessen = WerkprocesSerializer(many=True, read_only=True)

    class Meta:
        model = Kerntaak
        fields = ["code", "naam", "werkprocessen"]


class KwalificatieSerializer(serializers.ModelSerializer):
    dossier: serializers.SlugRelatedField = serializers.SlugRelatedField(
        slug_field="naam", read_only=True
    )

    class Meta:
        model = Kwalificatie
        fields = ["crebo", "naam", "niveau", "domein", "dossier", "geldig_vanaf", "geldig_tot"]


class KwalificatieDetailSerializer(KwalificatieSerializer):
    kerntaken = KerntaakSerializer(many=True, read_only=True)

    class Meta(KwalificatieSerializer.Meta):
        fields = [*KwalificatieSerializer.Meta.fields, "kerntaken"]
