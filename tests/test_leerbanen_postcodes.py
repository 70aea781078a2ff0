"""`import_postcodes FILE`: a table of 4-digit postcode centroids with its source, all or nothing,
idempotent. The coordinates here are fictional, made for these tests."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command

from leerbanen.models import PostcodeCentroid

pytestmark = pytest.mark.django_db

GOED = "# Fictieve testwaarden\npostcode4,lat,lon,bron\n9991,52.000000,5.000000,Fictief\n9992,52.1,5.1,\n"


def _bestand(tmp_path, tekst: str, naam: str = "centroids.csv"):
    pad = tmp_path / naam
    pad.write_text(tekst, encoding="utf-8")
    return str(pad)


def _import(pad: str, *args: str) -> tuple[str, str]:
    from io import StringIO

    out, err = StringIO(), StringIO()
    call_command("import_postcodes", pad, *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_a_table_is_imported_with_its_source_and_a_second_run_changes_nothing(tmp_path):
    pad = _bestand(tmp_path, GOED)
    out, _err = _import(pad, "--bron", "Fictief argument")
    assert out.strip() == "postcodes: 2 nieuw, 0 gewijzigd, 0 ongewijzigd"
    rijen = {c.postcode4: (c.lat, c.lon, c.bron) for c in PostcodeCentroid.objects.all()}
    assert rijen == {
        "9991": (Decimal("52.000000"), Decimal("5.000000"), "Fictief"),
        "9992": (Decimal("52.100000"), Decimal("5.100000"), "Fictief argument"),
    }
    out, _err = _import(pad, "--bron", "Fictief argument")
    assert out.strip() == "postcodes: 0 nieuw, 0 gewijzigd, 2 ongewijzigd"
    pad = _bestand(tmp_path, "postcode4,lat,lon\n9992,52.2,5.1\n", "nieuw.csv")
    out, _err = _import(pad, "--bron", "Fictief argument")
    assert out.strip() == "postcodes: 0 nieuw, 1 gewijzigd, 0 ongewijzigd"
    assert PostcodeCentroid.objects.count() == 2


def test_a_bad_file_names_every_error_and_stores_nothing(tmp_path):
    pad = _bestand(
        tmp_path,
        "postcode4,lat,lon\n"
        "9991,52.0,5.0\n"  # fine, but not stored: the file has errors
        "0123,52.0,5.0\n"
        "9993,5.0,52.0\n"
        "9991,52.0,5.0\n"
        "9994,abc,5.0\n",
    )
    with pytest.raises(CommandError, match=r"5 fout\(en\); er is niets opgeslagen"):
        from io import StringIO

        err = StringIO()
        call_command("import_postcodes", pad, "--bron", "Fictief", stderr=err)
    meldingen = err.getvalue()
    assert (
        "centroids.csv:3: postcode4: '0123' is not the four digits of a Dutch postcode" in meldingen
    )
    assert "centroids.csv:4: lat: '5.0' is not a coordinate in the Netherlands" in meldingen
    assert "centroids.csv:4: lon: '52.0' is not a coordinate in the Netherlands" in meldingen
    assert (
        "centroids.csv:5: postcode4: postcode 9991 appears more than once (also on line 2)"
        in meldingen
    )
    assert "centroids.csv:6: lat: 'abc'" in meldingen
    assert not PostcodeCentroid.objects.exists()


def test_without_a_source_nothing_is_imported(tmp_path):
    pad = _bestand(tmp_path, "postcode4,lat,lon\n9991,52.0,5.0\n")
    with pytest.raises(CommandError):
        _import(pad)
    assert not PostcodeCentroid.objects.exists()


def test_a_missing_column_is_named(tmp_path):
    from io import StringIO

    pad = _bestand(tmp_path, "postcode,lat\n9991,52.0\n")
    err = StringIO()
    with pytest.raises(CommandError):
        call_command("import_postcodes", pad, "--bron", "x", stderr=err)
    assert "lon: required column is missing" in err.getvalue()
    assert "postcode: unknown column" in err.getvalue()
