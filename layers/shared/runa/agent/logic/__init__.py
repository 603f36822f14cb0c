"""Agent rules: chat orchestration, engines, history, tool argument checks, signing, intents. No boto3 here."""
