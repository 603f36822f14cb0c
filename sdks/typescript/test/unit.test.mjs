// The SDK's behaviour on a mocked fetch: retries and the idempotency key they reuse, Retry-After, errors by type,
// pagination that stops, key and base URL resolution, timeouts.
import assert from "node:assert/strict";
import { test } from "node:test";

import * as sdk from "../dist/index.js";

const KEY = "xx0123456789abcdef.secret";
const ORDER = {
  payment_method: { type: "ACCOUNT_BALANCE", currency: "USD" },
  items: [{ face_value: 25, distribution_method: { type: "PAYOUT_LINK" }, products: { type: "SINGLE", value: "SKY-US" } }],
};
const json = (status, body, headers = {}) =>
  new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json", ...headers } });

function scripted(...answers) {
  const seen = [];
  const fetch = async (url, init) => {
    seen.push({ url: new URL(url), method: init.method, headers: new Headers(init.headers), body: init.body });
    const answer = answers.shift();
    if (answer instanceof Error) throw answer;
    return typeof answer === "function" ? answer(init) : answer;
  };
  return { fetch, seen };
}

function client(fetch, options = {}) {
  const sleeps = [];
  const runa = new sdk.Runa({ apiKey: KEY, baseURL: "http://api.test", fetch, sleep: async (ms) => void sleeps.push(ms), ...options });
  return { runa, sleeps };
}

const body = (seen) => JSON.parse(new TextDecoder().decode(seen.body));

test("retries of an order send one generated idempotency key", async () => {
  const { fetch, seen } = scripted(
    json(503, { type: "service_unavailable", message: "down" }),
    new TypeError("fetch failed: ECONNRESET"),
    json(202, { id: "O-1", status: "PROCESSING" }),
  );
  const { runa, sleeps } = client(fetch);

  const order = await runa.orders.create(ORDER);

  assert.equal(order.id, "O-1");
  assert.equal(seen.length, 3);
  assert.equal(sleeps.length, 2);
  const keys = new Set(seen.map((s) => s.headers.get("x-idempotency-key")));
  assert.equal(keys.size, 1);
  assert.match([...keys][0], /^runa-ts-/);
  assert.deepEqual(seen.map(body), [ORDER, ORDER, ORDER]);
  assert.equal(seen[0].headers.get("x-api-key"), KEY);
  assert.equal(seen[0].headers.get("x-api-version"), "2024-02-05");
  assert.equal(seen[0].url.href, "http://api.test/v2/order");
});

test("a given idempotency key and execution mode are sent on every attempt", async () => {
  const { fetch, seen } = scripted(json(500, {}), json(200, { id: "O-2", status: "COMPLETED" }));
  const { runa } = client(fetch);
  await runa.orders.create(ORDER, { idempotencyKey: "mine-1", executionMode: "sync" });
  assert.deepEqual(seen.map((s) => s.headers.get("x-idempotency-key")), ["mine-1", "mine-1"]);
  assert.deepEqual(seen.map((s) => s.headers.get("x-execution-mode")), ["sync", "sync"]);
});

test("Retry-After and retry-after-ms are honoured; otherwise exponential backoff with jitter", async () => {
  const { fetch } = scripted(
    json(429, { error: "rate exceeded" }, { "retry-after": "3" }),
    json(503, {}, { "retry-after-ms": "1500" }),
    json(200, { message: "pong" }),
  );
  const { runa, sleeps } = client(fetch);
  assert.equal((await runa.ping()).message, "pong");
  assert.deepEqual(sleeps, [3000, 1500]);

  const delays = [0, 1, 2, 5].map((n) => sdk.retryDelayMs(n));
  assert.ok(delays[0] >= 375 && delays[0] <= 500);
  assert.ok(delays[1] >= 750 && delays[1] <= 1000);
  assert.ok(delays[2] >= 1500 && delays[2] <= 2000);
  assert.ok(delays[3] >= 6000 && delays[3] <= 8000);
  assert.ok(sdk.retryDelayMs(0, new Headers({ "retry-after": "3600" })) <= 500);
});

test("retries stop after maxRetries with the last error; 4xx other than 408/409/429 are not retried", async () => {
  const failing = () => json(500, { type: "internal_server_error", message: "boom" }, { "x-request-id": "req-9" });
  let { fetch, seen } = scripted(failing(), failing(), failing(), failing());
  await assert.rejects(client(fetch).runa.ping(), (e) => e instanceof sdk.InternalServerError && e.requestId === "req-9");
  assert.equal(seen.length, 3);

  ({ fetch, seen } = scripted(json(400, { type: "bad_request", message: "no" })));
  await assert.rejects(client(fetch, { maxRetries: 5 }).runa.ping(), sdk.BadRequestError);
  assert.equal(seen.length, 1);

  for (const status of [408, 409, 429, 502]) {
    ({ fetch, seen } = scripted(json(status, {}), json(200, { message: "pong" })));
    await client(fetch).runa.ping();
    assert.equal(seen.length, 2, `status ${status} is retried`);
  }
});

test("errors are classes by type carrying status, message, help, details and the request id", async () => {
  const cases = [
    [400, "insufficient_funds", sdk.InsufficientFundsError],
    [400, "idempotency_validation_error", sdk.IdempotencyError],
    [401, "unauthorized", sdk.AuthenticationError],
    [401, "invalid_api_key", sdk.InvalidApiKeyError],
    [403, "forbidden", sdk.PermissionDeniedError],
    [404, "not_found", sdk.NotFoundError],
    [422, "validation_error", sdk.ValidationError],
  ];
  for (const [status, type, cls] of cases) {
    const details = [{ type: "missing", message: "Field required", location: ["body", "items"] }];
    const { fetch } = scripted(json(status, { type, message: `${type} happened`, help: "https://docs", details }, { "x-request-id": "req-1" }));
    await assert.rejects(client(fetch).runa.orders.create(ORDER), (e) => {
      assert.ok(e instanceof cls, `${type} -> ${cls.name}, got ${e.name}`);
      assert.ok(e instanceof sdk.APIStatusError && e instanceof sdk.RunaError);
      assert.equal(e.status, status);
      assert.equal(e.type, type);
      assert.equal(e.help, "https://docs");
      assert.equal(e.requestId, "req-1");
      assert.deepEqual(e.details, details);
      assert.match(e.message, /happened/);
      return true;
    });
  }
});

test("connection errors and timeouts are retried, then raised as such", async () => {
  let { fetch, seen } = scripted(new TypeError("fetch failed"), new TypeError("fetch failed"), new TypeError("fetch failed"));
  await assert.rejects(client(fetch).runa.ping(), sdk.APIConnectionError);
  assert.equal(seen.length, 3);

  const hang = (init) =>
    new Promise((_, reject) => init.signal.addEventListener("abort", () => reject(new DOMException("aborted", "AbortError"))));
  ({ fetch, seen } = scripted(hang, hang));
  await assert.rejects(client(fetch, { timeout: 20, maxRetries: 1 }).runa.ping(), sdk.APITimeoutError);
  assert.equal(seen.length, 2);
});

const product = (code) => ({ code, name: code, currency: "USD", state: "LIVE", is_orderable: true });
const productsPage = (codes, after) =>
  json(200, { catalog: codes.map(product), pagination: { cursors: after ? { after } : {}, page: { limit: 2 } } });

test("iterating products follows the cursors and stops on the last page", async () => {
  const { fetch, seen } = scripted(productsPage(["A", "B"], "c1"), productsPage(["C", "D"], "c2"), productsPage(["E"]));
  const { runa } = client(fetch);
  const codes = [];
  for await (const p of runa.products.list({ limit: 2, countries_redeemable_in: ["US", "GB"] })) codes.push(p.code);
  assert.deepEqual(codes, ["A", "B", "C", "D", "E"]);
  assert.deepEqual(seen.map((s) => s.url.searchParams.get("after")), [null, "c1", "c2"]);
  assert.deepEqual(seen[0].url.searchParams.getAll("countries_redeemable_in"), ["US", "GB"]);

  const first = await client(scripted(productsPage(["A"], "c1")).fetch).runa.products.list();
  assert.equal(first.data.length, 1);
  assert.ok(first.hasNextPage());
  const empty = scripted(productsPage([], "c1"));
  for await (const _ of client(empty.fetch).runa.products.list()) assert.fail("no items");
  assert.equal(empty.seen.length, 1);
});

test("conversations follow nextCursor with a bearer key", async () => {
  const page = (ids, nextCursor) =>
    json(200, { conversations: ids.map((id) => ({ id, startedAt: "2026-01-01T00:00:00Z", messageCount: 2 })), total: 3, nextCursor });
  const { fetch, seen } = scripted(page(["s1", "s2"], "n1"), page(["s3"], null));
  const ids = [];
  for await (const c of client(fetch).runa.conversations.list({ limit: 2 })) ids.push(c.id);
  assert.deepEqual(ids, ["s1", "s2", "s3"]);
  assert.equal(seen[1].url.searchParams.get("cursor"), "n1");
  assert.equal(seen[0].headers.get("authorization"), `Bearer ${KEY}`);
  assert.equal(seen[0].headers.get("x-api-key"), null);
});

test("the key comes from RUNA_API_KEY and the base URL from its prefix", () => {
  const saved = { ...process.env };
  try {
    delete process.env.RUNA_BASE_URL;
    process.env.RUNA_API_KEY = "wg0123456789abcdef.s";
    assert.equal(new sdk.Runa().baseURL, "https://api.runa.io");
    assert.equal(new sdk.Runa({ apiKey: "xx0123456789abcdef.s" }).baseURL, "https://playground.runa.io");
    assert.equal(new sdk.Runa({ baseURL: "http://127.0.0.1:3000/" }).baseURL, "http://127.0.0.1:3000");
    delete process.env.RUNA_API_KEY;
    assert.throws(() => new sdk.Runa(), /RUNA_API_KEY/);
    assert.throws(() => new sdk.Runa({ apiKey: "sk_other" }), /xx/);
  } finally {
    process.env = saved;
  }
});

test("wait polls until the order is finished", async () => {
  const { fetch, seen } = scripted(
    json(202, { id: "O-1", status: "PROCESSING" }),
    json(200, { id: "O-1", status: "PROCESSING", message: "on its way" }),
    json(200, { id: "O-1", status: "COMPLETED", items: [] }),
  );
  const { runa, sleeps } = client(fetch);
  const order = await runa.orders.createAndWait(ORDER);
  assert.equal(order.status, "COMPLETED");
  assert.equal(seen[0].headers.get("x-execution-mode"), "async");
  assert.deepEqual(sleeps, [500]);
});
