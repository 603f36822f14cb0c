"""Knowledge sources of a product: registration, fetching and indexing, and BM25 retrieval for the agent."""
