"""Search and browse: the one search box, the incident browser with facets, saved searches
and the CSV export of a result list (see README.md)."""
