"""Pure knowledge logic: HTML to text, chunking, the BM25 index, grounding. No boto3, no network."""
