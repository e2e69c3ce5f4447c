"""A read model of the records for counting: facets and the statistics dashboard."""
