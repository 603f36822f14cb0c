"""The docker-less local API (`make dev`): moto server, SAM CLI's API Gateway emulator, in-process functions.

Entry point: `python -m devtools.local_api [--port 3000] [--moto-port 4566] [--host 127.0.0.1]`; see
docs/local-development.md. Kept import-free so `-m` can put the shared layer on sys.path first.
"""

import time

# Start-up time is reported from here (the first import of `-m devtools.local_api`), imports included.
STARTED = time.perf_counter()
