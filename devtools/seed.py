"""What `make dev` puts in the fresh moto before it serves: a list of steps, each one line in `STEPS`.

A step is a function taking the `SeedContext`. To seed something new (the catalogue, a balance top-up, an agent
key for a product...), write a small function here that calls your domain's own code, and add it to `STEPS`:

    def agent_key(ctx: SeedContext) -> None:
        ctx.add_key("agent", PLAYGROUND, "acme", product_id="prod_demo")

Keys added with `ctx.add_key` are printed at the end, reach the e2e fixture (`local_api.keys[label]`), and only
their hashes are stored. Steps run in order against the functions' environment (tables from template.yaml).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from runa.auth import store
from runa.auth.keys import make_key
from runa.core.api import PLAYGROUND, PRODUCTION
from runa.payouts.data.balances import top_up
from runa.payouts.data.orders import put_template
from runa_ops.admin.catalogue import seed as seed_catalogue
from runa_ops.admin.limits import assign as assign_plan

ACCOUNT = "acme"
SEEDED_PLAN = "scale"


@dataclass
class SeedContext:
    """Shared by the steps: the functions' environment, and the keys and notes to print."""

    env: dict[str, str]
    account: str = ACCOUNT
    keys: dict[str, str] = field(default_factory=dict)  # label -> plaintext key (shown once)
    notes: list[str] = field(default_factory=list)  # extra lines to print after the keys

    def add_key(self, label: str, environment: str, account: str | None = None, product_id: str | None = None) -> str:
        new = make_key(environment, account or self.account, product_id)
        store.put_key(new.stored)
        # The roomier plan: demos and e2e loops over every route must not hit the standard plan's burst.
        assign_plan(f"{new.stored.environment}#{new.stored.account_id}", SEEDED_PLAN)
        self.keys[label] = new.plaintext
        return new.plaintext


Step = Callable[[SeedContext], None]


def playground_key(ctx: SeedContext) -> None:
    ctx.add_key("playground", PLAYGROUND)


def production_key(ctx: SeedContext) -> None:
    ctx.add_key("production", PRODUCTION)


def product_catalogue(ctx: SeedContext) -> None:
    result = seed_catalogue()  # the same code as the deploy-time `python -m runa_ops.admin catalogue seed`
    ctx.notes.append(f"Catalogue {result['version']}: {result['products']} products (GET /v2/product).")


AGENT_PRODUCT = "prod_demo"


def agent_key(ctx: SeedContext) -> None:
    """A playground agent key for the demo product: chat, tools, conversations and analytics (docs/agent.md)."""
    ctx.add_key("agent", PLAYGROUND, product_id=AGENT_PRODUCT)
    ctx.notes.append(f'The "agent" key belongs to {AGENT_PRODUCT}: try /v1/chat with it (docs/agent.md).')


DEMO_FUNDS = {"USD": "1000.00", "EUR": "1000.00"}
DEMO_TEMPLATE = "PT-01HPSF51G0ZWHJ3JTNWRH0WDYK"


def production_funds(ctx: SeedContext) -> None:
    """Top up the production account (recorded in the ledger, as `balance top-up` does) and give it a payout
    selection template, so a new user can order in production mode too (docs/payouts.md)."""
    scope = f"{PRODUCTION}#{ctx.account}"
    for currency, amount in DEMO_FUNDS.items():
        top_up(scope, currency, Decimal(amount))
    put_template(scope, DEMO_TEMPLATE, ["SKY-US", "HBC-US", "CMN-US"])
    put_template(f"{PLAYGROUND}#{ctx.account}", DEMO_TEMPLATE, ["SKY-US", "HBC-US", "CMN-US"])
    funds = " and ".join(f"{currency} {amount}" for currency, amount in DEMO_FUNDS.items())
    ctx.notes.append(f"Production balance: {funds} (GET /v2/balance); template {DEMO_TEMPLATE} (docs/payouts.md).")


# One line per step; order matters when a step needs an earlier one's data.
STEPS: list[Step] = [
    playground_key,
    production_key,
    product_catalogue,
    production_funds,
    agent_key,
]


def run(ctx: SeedContext, steps: list[Step] | None = None) -> SeedContext:
    for step in STEPS if steps is None else steps:
        step(ctx)
    return ctx


def summary(ctx: SeedContext, base_url: str) -> str:
    """The human part of the start-up banner: the keys, curl lines to try them, the steps' notes."""
    lines = ["", "Seeded API keys (shown once; only their hashes are stored):"]
    width = max((len(label) for label in ctx.keys), default=0)
    lines += [f"  {label:<{width}}  {key}" for label, key in ctx.keys.items()]
    if "playground" in ctx.keys:
        key = ctx.keys["playground"]
        lines += [
            "",
            "Try:",
            f'  curl -H "X-Api-Key: {key}" {base_url}/v2/ping',
            f'  curl -H "Authorization: Bearer {key}" {base_url}/v2/ping',
            f"  curl -i {base_url}/v2/ping            # 401 unauthorized",
        ]
    lines += ctx.notes
    return "\n".join(lines)
