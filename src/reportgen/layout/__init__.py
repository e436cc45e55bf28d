"""The page layout shared by the writers: the layout profile (page, margins, fonts, sizes per
role), the style of each element, and how a table's columns are fitted to the page."""
