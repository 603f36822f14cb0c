"""The agent API's (/v1) models, generated from docs/openapi/agent-v1.json: `from runa_client.agent import
ChatResponse`."""

from ._generated.agent.models import *  # noqa: F403
from ._generated.agent.models import __all__ as __all__
