"""Every error `type` the two APIs answer, what it means and how to fix it: the errors page (/docs/errors) and the
target of every error's `help` link (<DOCS_BASE_URL>/errors#<type>). tests/unit/test_error_catalog.py keeps it
complete: every DomainError's type and every type of the template's gateway responses is here."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ErrorDoc:
    type: str
    status: int
    apis: str  # "/v2", "/v1", "both", "/manage"
    meaning: str
    fix: str


ERRORS: tuple[ErrorDoc, ...] = (
    ErrorDoc(
        "bad_request",
        400,
        "both",
        "The request cannot be processed as sent: a body that is not JSON, a "
        "body over the size limit, a query parameter of the wrong form, or a rule of the operation broken.",
        "Read `message`: it names what to change. Send JSON with `Content-Type: application/json`.",
    ),
    ErrorDoc(
        "insufficient_funds",
        400,
        "/v2",
        "The account's balance in the order's currency does not cover the order's total.",
        "Check `GET /v2/balance`; ask your operator to top the balance up, or order less. "
        "In the playground, `X-Trigger-Error: insufficient_funds` provokes it.",
    ),
    ErrorDoc(
        "currency_mismatch",
        400,
        "/v2",
        "A product's currency differs from the payment method's currency.",
        "Use the products' currency in `payment_method.currency` (see `GET /v2/product`).",
    ),
    ErrorDoc(
        "product_validation_error",
        400,
        "/v2",
        "A product in the order does not exist, cannot be ordered, or the face value is outside its range.",
        "Pick products and face values from `GET /v2/product`.",
    ),
    ErrorDoc(
        "payment_method_unavailable",
        400,
        "/v2",
        "The account cannot pay that way (no balance in that currency).",
        "Pay from a currency the account holds (`GET /v2/balance`).",
    ),
    ErrorDoc(
        "invalid_execution_mode",
        400,
        "/v2",
        "`X-Execution-Mode` is neither `sync` nor `async`, or a sync order holds more than one item.",
        "Send `sync` (one item) or `async` (up to 200 items).",
    ),
    ErrorDoc(
        "invalid_version",
        400,
        "/v2",
        "The `X-Api-Version` header names a version this API does not serve.",
        "Leave it out, or send the version of the OpenAPI document (`GET /v2/openapi.json`).",
    ),
    ErrorDoc(
        "idempotency_validation_error",
        400,
        "/v2",
        "This `X-Idempotency-Key` was used before with another body.",
        "Use a new key for a new order; repeat a key only with exactly the same body.",
    ),
    ErrorDoc(
        "idempotency_in_progress",
        400,
        "/v2",
        "The first request with this `X-Idempotency-Key` is still being processed.",
        "Retry after a moment with the same key and body: you get the first answer.",
    ),
    ErrorDoc(
        "pagination_error",
        400,
        "/v2, /v1, /manage",
        "A list's cursor is not valid (/v1 and /manage: `cursor`; /v2: `before`, `after` or `limit`): not one the "
        "list gave, a cursor of another list, both /v2 cursors at once, a /v2 limit out of range.",
        "Pass back a cursor exactly as the previous page "
        "gave it, one at a time, with `limit` within the documented range.",
    ),
    ErrorDoc(
        "unsafe_url",
        400,
        "both",
        "A URL you registered (a tool, a knowledge source, a webhook) points to a "
        "private, loopback or metadata address, uses another scheme, or carries credentials.",
        "Register a public https address (knowledge sources may use http).",
    ),
    ErrorDoc(
        "unauthorized",
        401,
        "both",
        "No credentials: no API key on /v1 or /v2, no console sign-in on /manage.",
        "Send the key as `X-Api-Key: <key>` or `Authorization: Bearer <key>`; the console signs you in again.",
    ),
    ErrorDoc(
        "invalid_api_key",
        401,
        "both",
        "The key is unknown, malformed, wrong or revoked.",
        "Copy the whole key (`wg…`/`xx…`, id and secret); make a new one in the console if it was revoked.",
    ),
    ErrorDoc(
        "forbidden",
        403,
        "both",
        "The key may not do this: it is outside the key's scope (a payouts key on "
        "/v1, an agent key on /v2 or for another product), or the account has no usage plan yet.",
        "Use a key of the right scope and product (the console shows each key's scopes), or ask the "
        "operator to assign a plan.",
    ),
    ErrorDoc(
        "ordering_restricted", 403, "/v2", "The account may not place orders at the moment.", "Contact your operator."
    ),
    ErrorDoc(
        "not_found",
        404,
        "both",
        "No such route, or no such resource for this key (another account's or "
        "environment's resources are answered the same way).",
        "Check the path and the id, and that the key is of the environment (and product) that made it.",
    ),
    ErrorDoc(
        "conflict",
        409,
        "/v1",
        "Two first turns of one new `sessionId` arrived at once; the other one started the conversation.",
        "Retry: the turn continues the conversation.",
    ),
    ErrorDoc(
        "validation_error",
        422,
        "both",
        "The body or a parameter breaks the schema; `details` lists each problem with its `location`.",
        "Fix each field named in `details[].location` (the reference shows "
        "every field, its type and whether it is required).",
    ),
    ErrorDoc(
        "rate_exceeded",
        429,
        "/v1",
        "The agent's model asked us to slow down.",
        "Retry after a pause, with jittered backoff. (The gateway's own limits answer 429 "
        '`{"error": "rate exceeded"}`, without a type: retry those the same way.)',
    ),
    ErrorDoc(
        "token_cap_reached",
        429,
        "/v1",
        "The product used its daily model tokens (`ChatDailyTokenCap`).",
        "Wait for the next UTC day, or ask the operator to raise the cap.",
    ),
    ErrorDoc(
        "internal_server_error",
        500,
        "both",
        "Something failed on our side; nothing was stored for an idempotent request.",
        "Retry with the same idempotency key; quote `X-Request-Id` if it persists.",
    ),
    ErrorDoc(
        "fetch_failed",
        502,
        "/v1",
        "A knowledge source's page could not be fetched.",
        "Read `message` (or the source's `error`): fix the page or its address, then refresh the source.",
    ),
    ErrorDoc("model_error", 502, "/v1", "The agent's model failed to answer.", "Retry the turn."),
    ErrorDoc(
        "webhook_delivery_failed",
        502,
        "/manage",
        "A webhook delivery failed.",
        "Check that the endpoint "
        "answers 2xx within the time limit; deliveries are retried on Standard Webhooks' schedule.",
    ),
    ErrorDoc("service_unavailable", 503, "both", "A dependency is unavailable for a moment.", "Retry with backoff."),
    ErrorDoc(
        "timeout",
        504,
        "both",
        "The request took longer than the gateway allows.",
        "Retry (with the same idempotency key for an order); a sync order may be placed async instead.",
    ),
)

BY_TYPE = {error.type: error for error in ERRORS}
