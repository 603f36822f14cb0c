"""Agent data access: sessions and counters (DynamoDB), tools (DynamoDB), Bedrock, tool calls over safe_http."""
