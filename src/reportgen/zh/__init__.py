"""Chinese text conventions: numerals, the width of a line of mixed text, and how a target reads
in a sentence."""
