"""Import a function's handler in-process by its folder, without the many `app` modules colliding.

Each function folder is imported as `functions.<folder>.app` (functions/ is a namespace package), so the
authorizer's app and the orders' app are different modules in one process.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any

from devtools.infra import ROOT


def module_for(code_uri: str, handler: str) -> tuple[str, str]:
    """('functions/payouts_orders/', 'app.lambda_handler') -> ('functions.payouts_orders.app', 'lambda_handler')."""
    folder = code_uri.strip("/").replace("/", ".")
    module, _, attribute = handler.rpartition(".")
    return f"{folder}.{module}", attribute


def load_handler(code_uri: str, handler: str = "app.lambda_handler") -> Callable[[dict[str, Any], Any], Any]:
    if not (ROOT / code_uri).is_dir():
        raise FileNotFoundError(code_uri)
    module_name, attribute = module_for(code_uri, handler)
    return getattr(importlib.import_module(module_name), attribute)
