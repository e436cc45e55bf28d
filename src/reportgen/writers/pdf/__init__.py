"""The PDF writer: the stylesheet drawn from the layout profile, the layout and writing by
WeasyPrint, tagging for accessibility, compression and the PDF/A archive variant."""
