"""Agent rules: chat orchestration, engines, history, tool argument checks, intents. No boto3 here."""
