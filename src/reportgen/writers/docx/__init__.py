"""The DOCX writer: the semantic HTML turned into a Word document with python-docx, its
styles, tables, headers and footers, and the provenance written into its properties."""
