"""Pure knowledge logic: HTML to text, chunking, the BM25 index. No boto3, no network."""
