"""The portal's pages, one module per subject: logging in, the dossier, signing and documents,
progress, sharing a verklaring, and the participant's data and consent."""
