"""Fonts: the catalogue of faces found on the machine, the choice of a face for each role of a
document, the check that every character can be set, and the names office software knows them by."""
