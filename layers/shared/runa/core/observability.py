"""One logger, tracer and metrics object per process; the service name comes from POWERTOOLS_SERVICE_NAME."""

from __future__ import annotations

from aws_lambda_powertools import Logger, Metrics, Tracer

logger = Logger()
# Only what our code calls: AWS through botocore, and outbound HTTP (knowledge fetches, tools, webhooks) through
# http.client. The default patches every library X-Ray knows and imports the ones it finds (sqlite3, ...) at cold start.
tracer = Tracer(patch_modules=("botocore", "httplib"))
metrics = Metrics()
