"""Raw OOXML for what python-docx does not cover: building elements, the order of children a
schema requires, and the package parts of a document."""
