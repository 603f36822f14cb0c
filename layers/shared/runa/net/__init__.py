"""Outbound HTTP to URLs that users gave us (knowledge pages, tool endpoints, webhooks): see `safe_http`."""

from runa.net.safe_http import FetchFailed, SafeResponse, UnsafeUrl, check_url, fetch, validate_url

__all__ = ["FetchFailed", "SafeResponse", "UnsafeUrl", "check_url", "fetch", "validate_url"]
