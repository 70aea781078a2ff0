"""HTML views of trajecten: one module per subject (traject, voortgang, uitstroom)."""
