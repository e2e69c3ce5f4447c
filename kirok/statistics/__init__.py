"""Statistics: the dashboard of counts, charts and the schematic map (see README.md)."""
