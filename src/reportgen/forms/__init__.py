"""The yearly reporting loop: a spreadsheet form per responsible unit, the filled forms read
back into the year's progress file, and a view of who has still to report.

`duties` says what each unit answers for in a year; `build` writes the forms; `safezip`,
`read` and `intake` take filled forms back; `merge` writes them into progress/YEAR.yaml;
`owed` and `statusview` list what is still missing.
"""
