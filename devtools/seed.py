"""What `make dev` puts in the fresh moto before it serves: a list of steps, each one line in `STEPS`.

A step is a function taking the `SeedContext`. To seed something new (the catalogue, a balance top-up, an agent
key for a product...), write a small function here that calls your domain's own code, and add it to `STEPS`:

    def agent_key(ctx: SeedContext) -> None:
        ctx.add_key("agent", PLAYGROUND, "acme", product_id="prod_demo")

Keys added with `ctx.add_key` are printed at the end as `export <LABEL>_KEY=...` (and written to .local/keys.env),
reach the e2e fixture (`local_api.keys[label]`), and only their hashes are stored. Steps run in order against the
functions' environment (tables from template.yaml).
"""

from __future__ import annotations

import shlex
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from runa.auth import store
from runa.auth.keys import make_key
from runa.core.caller import PLAYGROUND, PRODUCTION
from runa.payouts.data.balances import top_up
from runa.payouts.data.orders import put_template
from runa_ops import accounts
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
    logins: dict[str, dict[str, str]] = field(default_factory=dict)  # label -> {email, password} (shown once)

    def add_key(self, label: str, environment: str, account: str | None = None, product_id: str | None = None) -> str:
        new = make_key(environment, account or self.account, product_id)
        store.put_key(new.stored)
        # The roomier plan: demos and e2e loops over every route must not hit the standard plan's burst.
        assign_plan(f"{new.stored.environment}#{new.stored.account_id}", SEEDED_PLAN)
        self.keys[label] = new.plaintext
        return new.plaintext


Step = Callable[[SeedContext], None]


def customer_account(ctx: SeedContext) -> None:
    """The demo account; keys, balances and webhooks may only belong to an account that exists."""
    accounts.create(ctx.account)


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


CONSOLE_OWNER = "owner@acme.example"


def console_owner(ctx: SeedContext) -> None:
    """A demo account owner for the web console (docs/portal.md), with a fresh random password printed once."""
    pool_id = ctx.env.get("CONSOLE_USER_POOL_ID")
    if not pool_id:
        return  # the template has no user pool
    import boto3

    from devtools.local_api.cognito import create_owner, new_password

    password = new_password()
    create_owner(boto3.client("cognito-idp"), pool_id, CONSOLE_OWNER, ctx.account, password)
    ctx.logins["console"] = {"email": CONSOLE_OWNER, "password": password}
    ctx.notes.append(f"Console (account {ctx.account}): sign in as $CONSOLE_EMAIL / $CONSOLE_PASSWORD (below).")


# One line per step; order matters when a step needs an earlier one's data.
STEPS: list[Step] = [
    customer_account,
    playground_key,
    production_key,
    product_catalogue,
    production_funds,
    agent_key,
    console_owner,
]


def run(ctx: SeedContext, steps: list[Step] | None = None) -> SeedContext:
    for step in STEPS if steps is None else steps:
        step(ctx)
    return ctx


def exports(ctx: SeedContext, base_url: str) -> list[str]:
    """The keys and the console login as `export` lines (what `make dev` prints last and writes to keys.env):
    `BASE`, `<LABEL>_KEY` per key (PLAYGROUND_KEY, PRODUCTION_KEY, AGENT_KEY...), `CONSOLE_EMAIL`, `CONSOLE_PASSWORD`,
    `CONSOLE_URL` and `DOCS_URL`."""
    variables = {"BASE": base_url}
    variables.update({f"{label.upper()}_KEY": key for label, key in ctx.keys.items()})
    if "console" in ctx.logins:
        variables["CONSOLE_EMAIL"] = ctx.logins["console"]["email"]
        variables["CONSOLE_PASSWORD"] = ctx.logins["console"]["password"]
        variables["CONSOLE_URL"] = f"{base_url}/console/"
    variables["DOCS_URL"] = f"{base_url}/docs"
    return [f"export {name}={shlex.quote(value)}" for name, value in variables.items()]
