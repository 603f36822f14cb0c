"""Wiring of knowledge sources: the real stores, queue and fetcher behind the rules' ports; the API function
(sources) and the indexing consumer (indexing) each import only their own module."""
