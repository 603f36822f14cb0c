"""The agent (/v1): chat with memory, HTTP tools the agent calls, conversations and analytics of a product."""
