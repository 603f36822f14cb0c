"""The console's management API: what a signed-in account owner may see and do (keys, audit, reads)."""
