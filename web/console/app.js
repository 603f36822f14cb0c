// The Runa console: sign in with the owners' Cognito user pool, then manage the account (keys, reads, audit).
// No SDK: Cognito's InitiateAuth is one JSON call. Tokens live in sessionStorage (gone with the tab).
const TOKEN_STORAGE = "runa.console.idToken";
const state = { config: null, me: null };

function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue;
    if (name === "text") node.textContent = value;
    else if (name === "class") node.className = value;
    else node.setAttribute(name, value === true ? "" : value);
  }
  for (const child of children.flat()) if (child !== null && child !== undefined && child !== false) node.append(child);
  return node;
}

function flash(message) {
  const node = document.getElementById("flash");
  node.textContent = message;
  clearTimeout(flash.timer);
  flash.timer = setTimeout(() => { node.textContent = ""; }, 4000);
}

function show(...nodes) {
  const main = document.getElementById("main");
  main.replaceChildren(...nodes);
}

// Dates and times in the viewer's locale and time zone (the API sends ISO 8601 in UTC).
function time(value) {
  if (!value) return "never";
  const moment = new Date(value);
  return Number.isNaN(moment.getTime()) ? value : moment.toLocaleString();
}

// A UTC day (YYYY-MM-DD: the analytics' days) in the viewer's locale.
function day(value) {
  const moment = new Date(`${value}T00:00:00Z`);
  return Number.isNaN(moment.getTime()) ? value : moment.toLocaleDateString(undefined, { timeZone: "UTC" });
}

function plural(count, one, many = `${one}s`) {
  return `${count} ${count === 1 ? one : many}`;
}

// "#/orders/O-1?environment=production" -> { path: "#/orders/O-1", params: URLSearchParams }
function hashParts(hash) {
  const [path, query = ""] = hash.split("?", 2);
  return { path, params: new URLSearchParams(query) };
}

// The console's lists page with the API's cursors (`?cursor=`, `nextCursor`, newest first): the first page, then a
// "More …" button that appends the next page's rows, until the last page (no nextCursor) takes the button away.
function morePages({ id, text, cursor, nextPage, addRows, container }) {
  if (!cursor) return null;
  const more = el("button", { type: "button", class: "secondary", id, text });
  const nav = el("nav", { class: "actions pager", "aria-label": text }, more);
  more.addEventListener("click", async () => {
    more.disabled = true;  // one request per click, even when clicked twice
    try {
      const page = await nextPage(cursor);
      addRows(page);
      cursor = page.nextCursor;
      if (cursor) more.disabled = false;
      else nav.remove();
    } catch (failure) {
      handle(failure, container);
    }
  });
  return nav;
}

function withCursor(path, cursor) {
  return `${path}${path.includes("?") ? "&" : "?"}cursor=${encodeURIComponent(cursor)}`;
}

// ---------------------------------------------------------------- sign-in (Cognito)

function token() {
  const value = sessionStorage.getItem(TOKEN_STORAGE);
  if (!value) return null;
  try {
    const claims = JSON.parse(atob(value.split(".")[1].replace(/-/g, "+").replace(/_/g, "/")));
    if (claims.exp * 1000 < Date.now() + 30_000) return null;  // expired or about to
  } catch {
    return null;
  }
  return value;
}

async function cognito(target, body) {
  const response = await fetch(state.config.cognitoEndpoint, {
    method: "POST",
    headers: {
      "Content-Type": "application/x-amz-json-1.1",
      "X-Amz-Target": `AWSCognitoIdentityProviderService.${target}`,
    },
    body: JSON.stringify(body),
  });
  const answer = await response.json().catch(() => ({}));
  if (!response.ok) {
    const kind = String(answer.__type ?? "").split("#").pop();
    const message = kind === "NotAuthorizedException" || kind === "UserNotFoundException"
      ? "Wrong email or password."
      : answer.message ?? `Sign-in failed (${response.status}).`;
    throw new Error(message);
  }
  return answer;
}

function signInPage(message = "") {
  setSignedIn(false);
  const error = el("p", { class: "error", id: "sign-in-error", role: "alert", text: message });
  const form = el("form", { class: "form", "aria-labelledby": "sign-in-title", novalidate: true },
    el("label", { for: "email", text: "Email" }),
    el("input", { id: "email", name: "email", type: "email", autocomplete: "username", required: true }),
    el("label", { for: "password", text: "Password" }),
    el("input", { id: "password", name: "password", type: "password", autocomplete: "current-password", required: true }),
    el("div", { class: "full" }, el("button", { type: "submit", text: "Sign in" })));
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    error.textContent = "";
    const button = form.querySelector("button");
    button.disabled = true;
    try {
      const email = form.email.value.trim();
      const answer = await cognito("InitiateAuth", {
        AuthFlow: "USER_PASSWORD_AUTH",
        ClientId: state.config.clientId,
        AuthParameters: { USERNAME: email, PASSWORD: form.password.value },
      });
      if (answer.ChallengeName === "NEW_PASSWORD_REQUIRED") return newPasswordPage(email, answer.Session);
      signedIn(answer.AuthenticationResult.IdToken);
    } catch (failure) {
      error.textContent = failure.message;
    } finally {
      button.disabled = false;
    }
  });
  show(el("h1", { id: "sign-in-title", text: "Sign in" }),
    el("p", { class: "muted", text: "Account owners sign in with the email their operator invited." }),
    form, error);
  form.email.focus();
}

function newPasswordPage(email, session) {
  const error = el("p", { class: "error", role: "alert" });
  const form = el("form", { class: "form", "aria-labelledby": "new-password-title" },
    el("label", { for: "new-password", text: "New password" }),
    el("input", { id: "new-password", type: "password", autocomplete: "new-password", required: true, minlength: "12",
      "aria-describedby": "new-password-rules" }),
    el("p", { id: "new-password-rules", class: "full muted", text: "At least 12 characters, with upper and lower case letters and a digit." }),
    el("div", { class: "full" }, el("button", { type: "submit", text: "Set password and sign in" })));
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    try {
      const answer = await cognito("RespondToAuthChallenge", {
        ChallengeName: "NEW_PASSWORD_REQUIRED", ClientId: state.config.clientId, Session: session,
        ChallengeResponses: { USERNAME: email, NEW_PASSWORD: form.querySelector("input").value },
      });
      signedIn(answer.AuthenticationResult.IdToken);
    } catch (failure) {
      error.textContent = failure.message;
    }
  });
  show(el("h1", { id: "new-password-title", text: "Choose your password" }), form, error);
  form.querySelector("input").focus();
}

function signedIn(idToken) {
  sessionStorage.setItem(TOKEN_STORAGE, idToken);
  if (!location.hash || location.hash === "#/") {
    location.hash = "#/keys";  // the hashchange routes: rendering here too would load every page twice
    return;
  }
  route();
}

function signOut(message = "") {
  sessionStorage.removeItem(TOKEN_STORAGE);
  state.me = null;
  signInPage(message);
}

function setSignedIn(yes) {
  for (const id of ["nav", "who", "sign-out"]) document.getElementById(id).hidden = !yes;
}

// ---------------------------------------------------------------- the management API

class ApiError extends Error {
  constructor(status, body) {
    super(body?.message ?? `The console API answered ${status}.`);
    this.status = status;
    this.body = body;
  }
}

async function api(method, path, body) {
  const idToken = token();
  if (!idToken) throw new ApiError(401, { message: "Your session has ended; sign in again." });
  const response = await fetch(state.config.apiBase + path, {
    method,
    headers: { Authorization: idToken, Accept: "application/json", ...(body ? { "Content-Type": "application/json" } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const answer = await response.json().catch(() => null);
  if (!response.ok) throw new ApiError(response.status, answer);
  return answer;
}

// ---------------------------------------------------------------- pages

async function keysPage() {
  const heading = el("h1", { id: "page-title", text: "API keys" });
  const secret = el("div", { id: "new-key" });
  const form = el("form", { class: "form", "aria-labelledby": "create-title" },
    el("h2", { id: "create-title", class: "full", text: "Create a key" }),
    el("label", { for: "key-environment", text: "Environment" }),
    el("select", { id: "key-environment", name: "environment" },
      el("option", { value: "playground", text: "Playground (xx…): test data, no money moves" }),
      el("option", { value: "production", text: "Production (wg…): real orders" })),
    el("label", { for: "key-product", text: "Agent product (optional)" }),
    el("input", { id: "key-product", name: "product", placeholder: "prod_…", pattern: "prod_[A-Za-z0-9_\\-]{1,64}",
      "aria-describedby": "key-product-hint" }),
    el("p", { id: "key-product-hint", class: "full muted", text: "Set a product id for an agent key (/v1); leave empty for a payouts key (/v2)." }),
    el("div", { class: "full" }, el("button", { type: "submit", text: "Create key" })));
  const list = el("div", { id: "key-list" }, el("p", { text: "Loading keys…" }));
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const request = { environment: form.environment.value };
    if (form.product.value.trim()) request.product_id = form.product.value.trim();
    try {
      const created = await api("POST", "/manage/keys", request);
      secret.replaceChildren(secretPanel(created));
      form.reset();
      await renderKeys(list);
      secret.querySelector("code").focus();
    } catch (failure) {
      handle(failure, secret);
    }
  });
  show(heading, secret, form, el("h2", { text: "Your keys" }), list);
  await renderKeys(list);
}

function secretPanel(created) {
  const code = el("code", { id: "new-key-value", tabindex: "0", text: created.key });
  const copy = el("button", { type: "button", text: "Copy key" });
  copy.addEventListener("click", async () => {
    try {
      await navigator.clipboard.writeText(created.key);
      flash("Key copied to the clipboard.");
    } catch {
      const range = document.createRange();
      range.selectNodeContents(code);
      getSelection().removeAllRanges();
      getSelection().addRange(range);
      flash("Select-all done: press Ctrl+C to copy.");
    }
  });
  const done = el("button", { type: "button", class: "secondary", text: "I have saved it" });
  const panel = el("section", { class: "secret", role: "alert", "aria-labelledby": "new-key-title" },
    el("h2", { id: "new-key-title", text: `New ${created.environment} key ${created.product_id ? "for " + created.product_id : ""}` }),
    el("p", { text: "Copy it now: this is the only time it is shown. Only a hash of it is stored." }),
    code, el("div", { class: "actions" }, copy, done));
  done.addEventListener("click", () => panel.remove());
  return panel;
}

function keyRow(key, container) {
  const revoke = key.status === "active"
    ? el("button", { type: "button", class: "danger", "aria-label": `Revoke key ${key.hint}`, text: "Revoke" })
    : el("span", { class: "muted", text: `revoked ${time(key.revoked_at)}` });
  if (key.status === "active") revoke.addEventListener("click", () => confirmRevoke(key, container));
  return el("tr", { "data-key-id": key.key_id },
    el("td", {}, el("code", { text: `${key.hint}…` })),
    el("td", { text: key.environment }),
    el("td", { text: (key.scopes ?? []).map((scope) => scope === "agent" ? "agent (/v1)" : "payouts (/v2)").join(", ") }),
    el("td", { text: key.product_id ?? "—" }),
    el("td", { class: `status-${key.status}`, text: key.status }),
    el("td", { text: time(key.created_at) }),
    el("td", { text: time(key.last_used_at) }),
    el("td", {}, revoke));
}

async function renderKeys(container) {
  try {
    const page = await api("GET", "/manage/keys");
    if (!page.keys.length) {
      container.replaceChildren(el("p", { class: "muted", text: "No keys yet. Create one above." }));
      return;
    }
    const body = el("tbody", {}, page.keys.map((key) => keyRow(key, container)));
    container.replaceChildren(el("table", {},
      el("caption", { class: "muted", text: "Newest first, revoked ones included; last use is accurate to five minutes." }),
      el("thead", {}, el("tr", {}, ["Key", "Environment", "Scopes", "Product", "Status", "Created", "Last used", "Action"]
        .map((name) => el("th", { scope: "col", text: name })))),
      body),
    morePages({ id: "keys-more", text: "More keys", cursor: page.nextCursor, container,
      nextPage: (cursor) => api("GET", withCursor("/manage/keys", cursor)),
      addRows: (next) => body.append(...next.keys.map((key) => keyRow(key, container))) }) ?? "");
  } catch (failure) {
    handle(failure, container);
  }
}

function confirmRevoke(key, container) {
  const dialog = document.getElementById("confirm");
  document.getElementById("confirm-title").textContent = `Revoke key ${key.hint}…?`;
  document.getElementById("confirm-text").textContent =
    "Requests with this key are refused from the next one on. This cannot be undone.";
  document.getElementById("confirm-ok").textContent = "Revoke";
  dialog.returnValue = "";
  dialog.addEventListener("close", async () => {
    if (dialog.returnValue !== "confirm") return;
    try {
      const revoked = await api("DELETE", `/manage/keys/${encodeURIComponent(key.key_id)}`);
      flash(`Key ${key.hint}… revoked.`);
      // In place: the owner keeps the pages they opened.
      container.querySelector(`tr[data-key-id="${key.key_id}"]`)?.replaceWith(keyRow(revoked, container));
    } catch (failure) {
      handle(failure, container);
    }
  }, { once: true });
  dialog.showModal();
}

function auditRow(entry) {
  return el("tr", { "data-at": entry.at, "data-action": entry.action, "data-target": entry.target },
    el("td", { text: time(entry.at) }),
    el("td", { text: entry.actor_email }),
    el("td", {}, el("code", { text: entry.action })),
    el("td", {}, el("code", { text: entry.target })),
    el("td", { text: Object.entries(entry.detail).map(([k, v]) => `${k}: ${v}`).join(", ") }));
}

async function auditPage() {
  show(el("h1", { id: "page-title", text: "Audit log" }), el("p", { text: "Loading…" }));
  const main = document.getElementById("main");
  try {
    const page = await api("GET", "/manage/audit");
    const body = el("tbody", {}, page.entries.map(auditRow));
    const list = page.entries.length
      ? el("table", { id: "audit-log" },
        el("caption", { class: "muted", text: "Actions on this account, newest first, 50 at a time." }),
        el("thead", {}, el("tr", {}, ["When", "Who", "Action", "Target", "Details"].map((name) => el("th", { scope: "col", text: name })))),
        body)
      : el("p", { class: "muted", text: "Nothing yet." });
    show(el("h1", { id: "page-title", text: "Audit log" }), list,
      morePages({ id: "audit-more", text: "More actions", cursor: page.nextCursor, container: main,
        nextPage: (cursor) => api("GET", withCursor("/manage/audit", cursor)),
        addRows: (next) => body.append(...next.entries.map(auditRow)) }) ?? "");
  } catch (failure) {
    handle(failure, main);
  }
}

// ---------------------------------------------------------------- payouts pages (per environment)

// The payouts pages (balances, orders, webhooks) share one environment choice; the agent pages keep their own
// (AGENT_ENV_STORAGE, below), so picking one never changes the other.
const ENV_STORAGE = "runa.console.environment";

function environment() {
  return sessionStorage.getItem(ENV_STORAGE) ?? "production";
}

// A select of the environment, showing `current()`; a pick is saved under `storage` (the page's own choice).
function environmentPicker(onChange, { storage = ENV_STORAGE, current = environment } = {}) {
  const select = el("select", { id: "environment" },
    el("option", { value: "production", text: "Production (wg keys)" }),
    el("option", { value: "playground", text: "Playground (xx keys)" }));
  select.value = current();
  select.addEventListener("change", () => {
    sessionStorage.setItem(storage, select.value);
    onChange();
  });
  return el("p", {}, el("label", { for: "environment", text: "Environment " }), select);
}

function table(caption, headings, rows) {
  return el("table", {},
    el("caption", { class: "muted", text: caption }),
    el("thead", {}, el("tr", {}, headings.map((name) => el("th", { scope: "col", text: name })))),
    el("tbody", {}, rows));
}

async function balancesPage() {
  const body = el("div", {}, el("p", { text: "Loading…" }));
  const load = async () => {
    try {
      const data = await api("GET", `/manage/balances?environment=${environment()}`);
      body.replaceChildren(
        el("h2", { text: "Balances" }),
        data.balances.length
          ? table("What the account holds, per currency.", ["Currency", "Balance"],
            data.balances.map((b) => el("tr", {}, el("td", { text: b.currency }), el("td", { class: "num", text: b.balance }))))
          : el("p", { class: "muted", text: "No balance in this environment. Balances are topped up by your operator." }),
        el("h2", { text: "Ledger" }),
        pagedList("ledger", data, "movements", movementRow(data.environment),
          `/manage/balances?environment=${data.environment}`, "More movements",
          () => table("Every movement, newest first, 50 at a time.", ["When", "Kind", "Currency", "Amount", "Order"], []),
          el("p", { class: "muted", text: "No movements yet." })));
    } catch (failure) {
      handle(failure, body);
    }
  };
  show(el("h1", { id: "page-title", text: "Balances" }), environmentPicker(load), body);
  await load();
}

function movementRow(env) {
  return (m) => el("tr", { "data-currency": m.currency, "data-amount": m.amount, "data-at": m.created_at },
    el("td", { text: time(m.created_at) }), el("td", { text: m.kind.replace("_", " ") }),
    el("td", { text: m.currency }), el("td", { class: "num", text: m.amount }),
    el("td", {}, m.order_id ? el("a", { href: `#/orders/${m.order_id}?environment=${env}`, text: m.order_id }) : "—"));
}

const ORDERS_PAGE = 100;

async function ordersPage() {
  const body = el("div", {}, el("p", { text: "Loading…" }));
  const status = el("select", { id: "order-status" },
    ["", "PROCESSING", "COMPLETED", "FAILED"].map((value) => el("option", { value, text: value || "Any status" })));
  // Newest first; "Older" follows the page's `before` cursor, "Newer" its `after` cursor (the API's own cursors).
  let cursor = {};
  const load = async () => {
    try {
      const query = new URLSearchParams({ environment: environment(), limit: String(ORDERS_PAGE), ...cursor });
      if (status.value) query.set("status", status.value);
      const data = await api("GET", `/manage/orders?${query}`);
      const { before, after } = data.pagination?.cursors ?? {};
      const newer = el("button", { type: "button", class: "secondary", id: "orders-newer", text: "← Newer", disabled: !after });
      const older = el("button", { type: "button", class: "secondary", id: "orders-older", text: "Older →", disabled: !before });
      newer.addEventListener("click", () => { cursor = { after }; load(); });
      older.addEventListener("click", () => { cursor = { before }; load(); });
      body.replaceChildren(data.items.length
        ? table(`${status.value ? `${status.value} orders` : "Orders"} of this environment, newest first, ${ORDERS_PAGE} to a page.`,
          ["Order", "Status", "Created", "Total"],
          data.items.map((o) => el("tr", { "data-order-id": o.id },
            el("td", {}, el("a", { href: `#/orders/${o.id}?environment=${environment()}`, text: o.id })),
            el("td", { text: o.status }), el("td", { text: time(o.created_at) }),
            el("td", { class: "num", text: o.total_price !== undefined ? `${o.total_price} ${o.currency ?? ""}` : "—" }))))
        : el("p", { class: "muted", id: "no-orders", text: before
          ? "None here: this page read as many orders as one request may. Older orders follow."
          : "No orders match." }),
        el("nav", { class: "actions pager", "aria-label": "Order pages" }, newer, older));
    } catch (failure) {
      handle(failure, body);
    }
  };
  status.addEventListener("change", () => { cursor = {}; load(); });
  show(el("h1", { id: "page-title", text: "Orders" }), environmentPicker(() => { cursor = {}; load(); }),
    el("p", {}, el("label", { for: "order-status", text: "Status " }), status), body);
  await load();
}

async function orderPage(orderId, params) {
  const env = params.get("environment") ?? environment();
  show(el("h1", { id: "page-title", text: `Order ${orderId}` }), el("p", { text: "Loading…" }));
  try {
    const order = await api("GET", `/manage/orders/${encodeURIComponent(orderId)}?environment=${encodeURIComponent(env)}`);
    show(el("h1", { id: "page-title", text: `Order ${orderId}` }),
      el("p", {}, el("a", { href: "#/orders", text: "← All orders" }), ` · ${env}`),
      el("dl", {}, ["status", "created_at", "completed_at", "currency", "total_price", "total_discount"]
        .filter((name) => order[name] !== undefined)
        .flatMap((name) => [el("dt", { text: name.replace("_", " ") }),
          el("dd", { text: name.endsWith("_at") ? time(order[name]) : String(order[name]) })])),
      el("h2", { text: "Whole order" }),
      el("pre", { tabindex: "0", "aria-label": "The order as GET /v2/order/{id} answers it", text: JSON.stringify(order, null, 2) }));
  } catch (failure) {
    handle(failure, document.getElementById("main"));
  }
}

async function webhooksPage() {
  const body = el("div", {}, el("p", { text: "Loading…" }));
  const secret = el("div");
  const load = async () => {
    try {
      const [hook, deliveries] = await Promise.all([
        api("GET", `/manage/webhook?environment=${environment()}`),
        api("GET", `/manage/webhooks/deliveries?environment=${environment()}`),
      ]);
      const url = el("input", { id: "webhook-url", type: "url", required: true, placeholder: "https://…", value: hook.url ?? "" });
      const form = el("form", { class: "form", "aria-labelledby": "webhook-title" },
        el("label", { for: "webhook-url", text: "Endpoint URL" }), url,
        el("p", { class: "full muted", text: "order.completion events are POSTed here, signed with the secret (webhook-signature)." }),
        el("div", { class: "full" }, el("button", { type: "submit", text: hook.url ? "Save and rotate the secret" : "Register" })));
      form.addEventListener("submit", async (event) => {
        event.preventDefault();
        try {
          const created = await api("PUT", "/manage/webhook", { environment: environment(), url: url.value.trim() });
          secret.replaceChildren(el("section", { class: "secret", role: "alert" },
            el("h2", { text: "Signing secret" }),
            el("p", { text: "Shown once. Registering again replaces it (that is how you rotate it)." }),
            el("code", { id: "webhook-secret", tabindex: "0", text: created.secret })));
          await load();
        } catch (failure) {
          handle(failure, secret);
        }
      });
      body.replaceChildren(
        el("p", { text: hook.url ? `Registered ${time(hook.created_at)}.` : "No endpoint registered in this environment." }),
        el("h2", { id: "webhook-title", text: hook.url ? "Change the endpoint" : "Register an endpoint" }), form,
        deliveriesSection(deliveries));
    } catch (failure) {
      handle(failure, body);
    }
  };
  show(el("h1", { id: "page-title", text: "Webhooks" }), environmentPicker(load), secret, body);
  await load();
}

function deliveryRow(a) {
  return el("tr", { class: a.ok ? "" : "failed", "data-webhook-id": a.webhook_id, "data-attempt": String(a.attempt) },
    el("td", { text: time(a.at) }),
    el("td", {}, el("code", { text: a.webhook_id })),
    el("td", { text: String(a.attempt) }),
    el("td", { text: a.ok ? "OK" : "Failed" }),
    el("td", { text: a.detail }),
    el("td", { text: a.next_retry_at ? time(a.next_retry_at) : (a.ok ? "—" : "no more retries") }));
}

function deliveriesSection(page) {
  const title = el("h2", { id: "deliveries-title", text: "Recent deliveries" });
  if (page.attempts.length === 0) {
    return el("section", { "aria-labelledby": "deliveries-title" }, title,
      el("p", { id: "no-deliveries", text: "No deliveries in this environment yet (attempts are kept for 30 days)." }));
  }
  const list = table("Delivery attempts, newest first, 50 at a time; failed ones are retried, then reach the dead-letter queue your operator watches.",
    ["When", "Event (webhook-id)", "Attempt", "Result", "Detail", "Next retry"], page.attempts.map(deliveryRow));
  list.id = "deliveries";
  list.setAttribute("aria-labelledby", "deliveries-title");
  const section = el("section", { "aria-labelledby": "deliveries-title" }, title, list);
  const more = morePages({ id: "deliveries-more", text: "More deliveries", cursor: page.nextCursor, container: section,
    nextPage: (cursor) => api("GET", withCursor(`/manage/webhooks/deliveries?environment=${page.environment}`, cursor)),
    addRows: (next) => list.querySelector("tbody").append(...next.attempts.map(deliveryRow)) });
  if (more) section.append(more);
  return section;
}

function handle(failure, container) {
  if (failure instanceof ApiError && failure.status === 401) {
    signOut("Your session has ended; sign in again.");
    return;
  }
  container.replaceChildren(el("p", { class: "error", role: "alert", text: failure.message }));
}

// ---------------------------------------------------------------- agent pages (one product at a time)

// The agent page's own product and environment, saved only when the owner picks them: until then it opens where the
// account's agent data is (the demo product's key, else the first agent key), whatever the payouts pages show.
const PRODUCT_STORAGE = "runa.console.agent.product";
const AGENT_ENV_STORAGE = "runa.console.agent.environment";
const agentChoice = { environment: null };

function agentEnvironment() {
  return sessionStorage.getItem(AGENT_ENV_STORAGE) ?? agentChoice.environment ?? state.config.agentEnvironment ?? "production";
}
const SVG = "http://www.w3.org/2000/svg";

function svg(tag, attributes = {}, ...children) {
  const node = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, String(value));
  for (const child of children.flat()) if (child) node.append(child);
  return node;
}

// Bars per day; the numbers are also in the table below it (screen readers, exact values).
function dayChart(days, field, label) {
  const width = 720, height = 160, pad = 24;
  const peak = Math.max(1, ...days.map((d) => d[field]));
  const step = (width - pad) / days.length;
  const total = days.reduce((sum, d) => sum + d[field], 0);
  if (total === 0) {  // no axis to scale: say so rather than draw an empty chart up to "1"
    return el("figure", { class: "chart-empty" },
      el("p", { class: "muted", text: `No ${label.toLowerCase()} in these ${days.length} days.` }),
      el("figcaption", { text: `${label} per day (UTC)` }));
  }
  const bars = days.map((d, i) => {
    const h = Math.round((d[field] / peak) * (height - pad * 2));
    return svg("rect", { x: pad + i * step + 1, y: height - pad - h, width: Math.max(1, step - 2), height: h, class: "bar" },
      svg("title", {}, `${d.day}: ${d[field]} ${label}`));
  });
  return el("figure", {},
    svg("svg", { viewBox: `0 0 ${width} ${height}`, role: "img", class: "chart",
      "aria-label": `${label} per day, ${days[0].day} to ${days[days.length - 1].day}: ${total} in all, at most ${peak} a day` },
      svg("line", { x1: pad, y1: height - pad, x2: width, y2: height - pad, class: "axis" }),
      svg("text", { x: 0, y: pad, class: "tick" }, String(peak)),
      svg("text", { x: pad, y: height - 6, class: "tick" }, day(days[0].day)),
      svg("text", { x: width - 70, y: height - 6, class: "tick" }, day(days[days.length - 1].day)),
      bars),
    el("figcaption", { text: `${label} per day (UTC)` }));
}

async function agentPage() {
  const body = el("div", {}, el("p", { text: "Loading…" }));
  const product = el("input", { id: "agent-product", list: "agent-products", pattern: "prod_[A-Za-z0-9_\\-]{1,64}",
    value: sessionStorage.getItem(PRODUCT_STORAGE) ?? "", placeholder: "prod_…" });
  const known = el("datalist", { id: "agent-products" });
  const load = async () => {
    const id = product.value.trim();
    if (!/^prod_[A-Za-z0-9_-]{1,64}$/.test(id)) {
      body.replaceChildren(el("p", { class: "muted", text: "Choose a product: the ones your agent keys belong to are suggested." }));
      return;
    }
    const query = `environment=${agentEnvironment()}&product_id=${encodeURIComponent(id)}`;
    try {
      const { analytics, conversations, knowledge, tools } = await api("GET", `/manage/agent/overview?${query}`);
      const s = analytics.summary;
      const sourceRow = (source) => {
        const refresh = el("button", { type: "button", class: "secondary", text: "Refresh", "aria-label": `Refresh ${source.name}` });
        const remove = el("button", { type: "button", class: "danger", text: "Delete", "aria-label": `Delete ${source.name}` });
        refresh.addEventListener("click", async () => {
          try {
            await api("POST", `/manage/agent/knowledge/${encodeURIComponent(source.id)}/refresh?${query}`);
            flash(`${source.name}: indexing again.`);
            await load();
          } catch (failure) { handle(failure, body); }
        });
        remove.addEventListener("click", () => confirmThen(`Delete ${source.name}?`,
          "The agent stops using it at once. This cannot be undone.", "Delete", async () => {
            await api("DELETE", `/manage/agent/knowledge/${encodeURIComponent(source.id)}?${query}`);
            flash(`${source.name} deleted.`);
            await load();
          }, body));
        return el("tr", { "data-source-id": source.id },
          el("td", { text: source.name }), el("td", { text: source.type }),
          el("td", { class: source.status === "failed" ? "status-revoked" : "", text: source.status }),
          el("td", { text: source.error ?? (source.stats ? plural(source.stats.chunks ?? 0, "chunk") : "") }),
          el("td", { text: time(source.lastIndexedAt) }),
          el("td", {}, el("div", { class: "actions" }, refresh, remove)));
      };
      const toolRow = (tool) => el("tr", { "data-tool-id": tool.id },
        el("td", {}, el("code", { text: tool.name })), el("td", { text: tool.method }),
        el("td", {}, el("code", { text: tool.endpoint })), el("td", { text: tool.description }));
      const sourceList = pagedList("knowledge", knowledge, "sources", sourceRow, `/manage/agent/knowledge?${query}`, "More sources",
        () => table("Newest first, 20 at a time. Status, and why the last indexing failed.",
          ["Name", "Type", "Status", "Failure / stats", "Indexed", "Actions"], []),
        el("p", { class: "muted", text: "No knowledge sources. Add them with POST /v1/knowledge." }));
      const toolList = pagedList("tools", tools, "tools", toolRow, `/manage/agent/tools?${query}`, "More tools",
        () => table("HTTP tools the agent may call, newest first, 10 at a time.", ["Name", "Method", "Endpoint", "Description"], []),
        el("p", { class: "muted", text: "No tools registered. Register them with POST /v1/tools." }));
      body.replaceChildren(
        el("h2", { text: "Analytics (last 30 days)" }),
        el("p", { id: "agent-summary", text: `${plural(s.conversations, "conversation")}, ${plural(s.messagesTotal, "message")}, ${s.avgSessionLength} messages per conversation. Top intents: ${s.topIntents.join(", ") || "none yet"}.` }),
        dayChart(analytics.days, "conversations", "Conversations"),
        dayChart(analytics.days, "messages", "Messages"),
        el("details", {}, el("summary", { text: "The numbers by day" }),
          table("Per day (UTC days).", ["Day", "Conversations", "Messages"], analytics.days.map((d) => el("tr", {},
            el("td", { text: day(d.day) }), el("td", { class: "num", text: String(d.conversations) }), el("td", { class: "num", text: String(d.messages) }))))),
        el("h2", { text: "Conversations" }),
        conversationList(conversations, query, id),
        el("h2", { text: "Knowledge sources" }),
        sourceList,
        el("h2", { text: "Tools" }),
        toolList);
    } catch (failure) {
      handle(failure, body);
    }
  };
  product.addEventListener("change", () => {
    if (/^prod_[A-Za-z0-9_-]{1,64}$/.test(product.value.trim())) sessionStorage.setItem(PRODUCT_STORAGE, product.value.trim());
    load();
  });
  try {
    // Suggestions from the newest 100 keys (the largest page): enough to offer the products in use.
    const { keys } = await api("GET", "/manage/keys?limit=100");
    const agentKeys = keys.filter((key) => key.product_id && key.status === "active");
    for (const id of new Set(agentKeys.map((key) => key.product_id))) known.append(el("option", { value: id }));
    // Until the owner picks: the deployment's demo product when the account has a key for it (locally prod_demo in
    // the playground, which make dev seeds), else the product of the account's first agent key; and the environment
    // of that product's key. Nothing is saved: the payouts pages' environment is not the agent page's.
    const preferred = (key) => key.product_id === state.config.agentProduct
      && key.environment === (state.config.agentEnvironment ?? key.environment);
    const demo = product.value
      ? agentKeys.find((key) => key.product_id === product.value && preferred(key))
        ?? agentKeys.find((key) => key.product_id === product.value)
      : agentKeys.find(preferred) ?? agentKeys[agentKeys.length - 1];
    if (demo) {
      if (!product.value) product.value = demo.product_id;
      agentChoice.environment = demo.environment;
    }
  } catch { /* suggestions only */ }
  show(el("h1", { id: "page-title", text: "Agent" }),
    environmentPicker(load, { storage: AGENT_ENV_STORAGE, current: agentEnvironment }),
    el("p", {}, el("label", { for: "agent-product", text: "Product " }), product, known), body);
  await load();
}

// A section with a list's first page in a table (or `empty`), and "More …" appending the next pages' rows.
function pagedList(id, page, field, row, path, moreText, emptyTable, empty) {
  const section = el("section", { id });
  if (!page[field].length) {
    section.append(empty);
    return section;
  }
  const list = emptyTable();
  const body = list.querySelector("tbody");
  body.append(...page[field].map(row));
  section.append(list);
  const more = morePages({ id: `${id}-more`, text: moreText, cursor: page.nextCursor, container: section,
    nextPage: (cursor) => api("GET", withCursor(path, cursor)),
    addRows: (next) => body.append(...next[field].map(row)) });
  if (more) section.append(more);
  return section;
}

function conversationList(page, query, productId) {
  const section = el("section", { id: "conversations" });
  const render = (data, append) => {
    const rows = data.conversations.map((c) => el("tr", { "data-conversation-id": c.id },
      el("td", {}, el("a", { href: `#/agent/conversations/${c.id}?${query}`, text: c.id })),
      el("td", { text: time(c.startedAt) }), el("td", { class: "num", text: String(c.messageCount) })));
    const existing = section.querySelector("tbody");
    if (append && existing) existing.append(...rows);
    else section.replaceChildren(rows.length
      ? table(`${data.total} in all, newest first.`, ["Conversation", "Started", "Messages"], rows)
      : el("p", { class: "muted", text: "No conversations yet." }));
    section.querySelector("#conversations-more")?.remove();
    if (data.nextCursor) {
      const more = el("button", { type: "button", class: "secondary", id: "conversations-more", text: "More conversations" });
      more.addEventListener("click", async () => {
        try {
          render(await api("GET", `/manage/agent/conversations?${query}&cursor=${encodeURIComponent(data.nextCursor)}`), true);
        } catch (failure) { handle(failure, section); }
      });
      section.append(more);
    }
  };
  render(page, false);
  section.dataset.product = productId;
  return section;
}

function toolCallList(calls) {
  return el("ul", { class: "tool-calls", "aria-label": "Tool calls" }, calls.map((call) => el("li", {},
    el("code", { text: call.name }), ` ${call.status}`,
    el("details", {}, el("summary", { text: "arguments and result" }),
      el("pre", { text: JSON.stringify({ arguments: call.arguments, result: call.result ?? null, error: call.error ?? undefined }, null, 2) })))));
}

async function agentConversationPage(conversationId, params) {
  const id = params.get("product_id") ?? sessionStorage.getItem(PRODUCT_STORAGE) ?? "";
  const env = params.get("environment") ?? agentEnvironment();
  show(el("h1", { id: "page-title", text: "Conversation" }), el("p", { text: "Loading…" }));
  try {
    const query = `environment=${encodeURIComponent(env)}&product_id=${encodeURIComponent(id)}`;
    const conversation = await api("GET", `/manage/agent/conversations/${encodeURIComponent(conversationId)}?${query}`);
    show(el("h1", { id: "page-title", text: "Conversation" }),
      el("p", {}, el("a", { href: "#/agent", text: "← Agent" }), ` · ${id} (${env}) · started ${time(conversation.startedAt)}`),
      el("ol", { class: "messages" }, conversation.messages.map((m) => el("li", { class: `message ${m.role}` },
        el("strong", { text: m.role === "user" ? "User" : "Agent" }), ` · ${time(m.timestamp)}`,
        el("p", { text: m.content }),
        m.toolCalls?.length ? toolCallList(m.toolCalls) : null))));
  } catch (failure) {
    handle(failure, document.getElementById("main"));
  }
}

function confirmThen(title, text, verb, action, container) {
  const dialog = document.getElementById("confirm");
  document.getElementById("confirm-title").textContent = title;
  document.getElementById("confirm-text").textContent = text;
  document.getElementById("confirm-ok").textContent = verb;
  dialog.returnValue = "";
  dialog.addEventListener("close", async () => {
    if (dialog.returnValue !== "confirm") return;
    try { await action(); } catch (failure) { handle(failure, container); }
  }, { once: true });
  dialog.showModal();
}

const PAGES = {
  "#/keys": keysPage,
  "#/balances": balancesPage,
  "#/orders": ordersPage,
  "#/webhooks": webhooksPage,
  "#/agent": agentPage,
  "#/audit": auditPage,
};

function pageFor(hash) {
  const { path, params } = hashParts(hash);
  const order = path.match(/^#\/orders\/([A-Za-z0-9_-]+)$/);
  if (order) return { page: () => orderPage(order[1], params), nav: "#/orders" };
  const conversation = path.match(/^#\/agent\/conversations\/([A-Za-z0-9_.:-]+)$/);
  if (conversation) return { page: () => agentConversationPage(conversation[1], params), nav: "#/agent" };
  return PAGES[path] ? { page: PAGES[path], nav: path } : { page: keysPage, nav: "#/keys" };
}

async function route() {
  if (!token()) return signInPage();
  setSignedIn(true);
  if (!state.me) {
    try {
      state.me = await api("GET", "/manage/me");
    } catch (failure) {
      if (failure instanceof ApiError && failure.status === 403) return signOut(failure.message);
      return handle(failure, document.getElementById("main"));
    }
    document.getElementById("who").textContent = `${state.me.email} · account ${state.me.account_id}`;
  }
  const { page, nav } = pageFor(location.hash);
  for (const link of document.querySelectorAll("#nav a")) {
    if (link.getAttribute("href") === nav) link.setAttribute("aria-current", "page");
    else link.removeAttribute("aria-current");
  }
  await page();
  document.getElementById("main").focus({ preventScroll: true });
  document.body.dataset.page = location.hash || "#/keys";
}

async function main() {
  const response = await fetch("config.json");
  state.config = await response.json();
  document.getElementById("docs-link").href = state.config.docsUrl;
  document.getElementById("sign-out").addEventListener("click", () => signOut("Signed out."));
  window.addEventListener("hashchange", route);
  document.getElementById("loading")?.remove();
  await route();
}

main();
