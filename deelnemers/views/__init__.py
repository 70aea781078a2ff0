"""HTML views of deelnemers, one module per subject: referral and status (`aanmelding`), and
the participant's privacy: personal data, inzage, anonymising, view log (`privacy`). The list
and the dossier page are composed in the top layer (werkvoorraad/dossier.py)."""
