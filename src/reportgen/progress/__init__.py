"""Progress and the status engine: the reports of each year read from a plan's progress files,
and the state each task and unit is in, worked out from them."""
