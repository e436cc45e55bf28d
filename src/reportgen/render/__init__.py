"""HTML rendering: the Jinja environment and templates that produce the closed semantic HTML
every writer reads, its vocabulary of elements and classes, and the conversion between scripts."""
