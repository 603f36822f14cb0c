"""Knowledge stores (DynamoDB via runa.core.aws), the indexing queue sender and the page fetcher."""
