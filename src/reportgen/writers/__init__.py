"""The writers: from the semantic HTML to the files on disk, in PDF, DOCX and a web page, with
the check that each file holds the same text as the HTML."""
