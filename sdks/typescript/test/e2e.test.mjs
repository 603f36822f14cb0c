// The TypeScript SDK against the local API. Run by tests/e2e/test_sdk_typescript_e2e.py (make test), which starts
// the local API and passes RUNA_E2E_BASE_URL and fresh keys; skipped when run alone without them.
import assert from "node:assert/strict";
import { test } from "node:test";

import * as sdk from "../dist/index.js";

const BASE = process.env.RUNA_E2E_BASE_URL;
const skip = BASE ? false : "needs RUNA_E2E_BASE_URL (tests/e2e/test_sdk_typescript_e2e.py sets it)";
const ORDER = (faceValue) => ({
  payment_method: { type: "ACCOUNT_BALANCE", currency: "USD" },
  items: [{ face_value: faceValue, distribution_method: { type: "PAYOUT_LINK" }, products: { type: "SINGLE", value: "SKY-US" } }],
});
const client = (apiKey, options = {}) => new sdk.Runa({ apiKey, baseURL: BASE, ...options });
const usd = async (runa) => Number((await runa.balance.retrieve("USD")).balance);

test("ping and products across pages", { skip }, async () => {
  const runa = client(process.env.RUNA_E2E_PLAYGROUND_KEY);
  assert.equal((await runa.ping()).message, "pong");
  const first = await runa.products.list({ limit: 7 });
  assert.equal(first.data.length, 7);
  let pages = 0;
  const codes = [];
  for await (const page of first.iterPages()) {
    pages++;
    codes.push(...page.data.map((p) => p.code));
  }
  assert.ok(pages >= 3);
  assert.equal(new Set(codes).size, codes.length);
  const all = [];
  for await (const p of runa.products.list({ limit: 7 })) all.push(p.code);
  assert.deepEqual(all, codes);
});

test("sync and async orders, and one order through a 503 and a connection reset", { skip }, async () => {
  const runa = client(process.env.RUNA_E2E_PRODUCTION_KEY);
  const before = await usd(runa);
  const done = await runa.orders.create(ORDER(25), { executionMode: "sync" });
  assert.equal(done.status, "COMPLETED");
  const finished = await runa.orders.createAndWait(ORDER(10), { timeout: 60_000 });
  assert.equal(finished.status, "COMPLETED");
  assert.equal((await usd(runa)).toFixed(2), (before - 23.5 - 9.4).toFixed(2));

  // The first two attempts reach the API (the order is placed by the first), then their answers are lost.
  const attempts = [];
  const faulty = async (url, init) => {
    const response = await fetch(url, init);
    if (init.method !== "POST" || !String(url).endsWith("/v2/order")) return response;
    attempts.push({ key: new Headers(init.headers).get("x-idempotency-key"), real: response.status, replayed: response.headers.get("x-idempotent-replayed") });
    if (attempts.length === 1) return new Response(JSON.stringify({ type: "service_unavailable", message: "injected" }), { status: 503 });
    if (attempts.length === 2) throw new TypeError("fetch failed", { cause: new Error("read ECONNRESET (injected)") });
    return response;
  };
  const middle = await usd(runa);
  const order = await client(process.env.RUNA_E2E_PRODUCTION_KEY, { fetch: faulty }).orders.create(ORDER(50), { executionMode: "sync" });
  const after = await usd(runa);
  console.log(`ts retry under fault: ${attempts.length} attempts, real ${attempts.map((a) => a.real)}, replayed ${attempts.map((a) => a.replayed)}, balance ${middle.toFixed(2)} -> ${after.toFixed(2)}`);
  assert.equal(order.status, "COMPLETED");
  assert.equal(attempts.length, 3);
  assert.equal(new Set(attempts.map((a) => a.key)).size, 1);
  assert.equal(attempts[2].replayed, "true");
  assert.equal(after.toFixed(2), (middle - 47).toFixed(2));
  const ids = [];
  for await (const o of runa.orders.list({ limit: 2 })) ids.push(o.id);
  assert.equal(ids.filter((id) => id === order.id).length, 1);
});

test("typed 400/401/403/404/422 errors", { skip }, async () => {
  const prod = client(process.env.RUNA_E2E_PRODUCTION_KEY);
  const play = client(process.env.RUNA_E2E_PLAYGROUND_KEY);
  const agent = client(process.env.RUNA_E2E_AGENT_KEY);
  const expect = async (promise, cls, status) =>
    assert.rejects(promise, (e) => e instanceof cls && e.status === status && e.requestId && e.message.length > 0);
  await expect(play.orders.create(ORDER(25), { triggerError: "insufficient_funds" }), sdk.InsufficientFundsError, 400);
  await expect(client("xx0000000000000000.nope").ping(), sdk.InvalidApiKeyError, 401);
  await expect(agent.balance.list(), sdk.PermissionDeniedError, 403);
  await expect(prod.orders.retrieve("O-unknown"), sdk.NotFoundError, 404);
  await assert.rejects(prod.orders.create(ORDER(0)), (e) => e instanceof sdk.ValidationError && e.status === 422 && e.details.length > 0);
});

test("knowledge, chat sessions and conversations", { skip }, async () => {
  const runa = client(process.env.RUNA_E2E_AGENT_KEY);
  const product = process.env.RUNA_E2E_AGENT_PRODUCT;
  const source = await runa.knowledge.addText({ name: "Returns", content: "# Returns\nReturns are accepted within 30 days." });
  assert.equal((await runa.knowledge.wait(source.id, { timeout: 30_000 })).status, "ready");
  const session = runa.chat.session(product, "ts-ticket-7");
  const first = await session.send("How many days do I have for returns?");
  assert.match(first.reply, /30 days/);
  assert.ok(first.citations.length > 0);
  assert.equal((await session.send("thanks")).sessionId, "ts-ticket-7");
  const ids = [];
  for await (const c of runa.conversations.list({ limit: 1 })) ids.push(c.id);
  assert.ok(ids.includes("ts-ticket-7"));
  assert.equal((await runa.conversations.retrieve("ts-ticket-7")).messages.length, 4);
  assert.ok((await runa.analytics.retrieve()).conversations >= 1);
  assert.equal((await runa.conversations.delete("ts-ticket-7")).deleted, true);
  await assert.rejects(runa.conversations.retrieve("ts-ticket-7"), sdk.NotFoundError);
});
