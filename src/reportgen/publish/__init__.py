"""Publishing: the provenance of a document (which plan, which data, which program made it),
the stamp that writes it into every file, and its inspection afterwards."""
