"""Batch: the set of documents a plan calls for, built in parallel by warmed-up workers, with a
manifest of what was built from what, its report, and the watch that rebuilds on change."""
