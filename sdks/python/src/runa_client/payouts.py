"""The payouts API's (/v2) models, generated from docs/openapi/payouts-v2.json: `from runa_client.payouts import
NewOrderDetails`."""

from ._generated.payouts.models import *  # noqa: F403
from ._generated.payouts.models import __all__ as __all__
