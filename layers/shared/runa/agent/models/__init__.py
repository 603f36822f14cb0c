"""Agent API (/v1) schemas, one module per resource group (chat, conversations, tools, analytics), so each
function builds only the pydantic models of the routes it serves."""
