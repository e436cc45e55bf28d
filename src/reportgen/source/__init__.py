"""Reading the YAML of a plan folder: files parsed with the line and column of every value, so a
bad value is reported where it stands."""
