"""The kinds of document: for each, the builder that turns a plan and its progress into the
context its template renders, and the titles and their line breaks."""
