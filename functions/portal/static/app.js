// The API reference: renders both OpenAPI documents and a "try it" for every operation.
// The key is pasted once and kept in localStorage until "Forget key"; its prefix tells the environment.
const KEY_STORAGE = "runa.apiKey";
const ENVIRONMENTS = { wg: "Production", xx: "Playground" };
// The API's base path: the page is served at <base>/docs (e.g. /dev/docs when deployed, /docs locally).
const BASE = location.pathname.replace(/\/docs\/?$/, "");
const APIS = [
  { id: "v2", title: "Payouts API (v2)", document: `${BASE}/v2/openapi.json`, prefix: "/v2" },
  { id: "v1", title: "Agent API (v1)", document: `${BASE}/v1/openapi.json`, prefix: "/v1" },
];

function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue;
    if (name === "text") node.textContent = value;
    else if (name === "class") node.className = value;
    else node.setAttribute(name, value === true ? "" : value);
  }
  for (const child of children.flat()) if (child) node.append(child);
  return node;
}

// ---------------------------------------------------------------- the keys (one slot per API: /v2 and /v1 keys differ)

export function environmentOf(key) {
  if (!key) return null;
  return ENVIRONMENTS[key.slice(0, 2)] ?? "Unknown";
}

function keyStorage(apiId) {
  return `${KEY_STORAGE}.${apiId}`;
}

function storedKey(apiId) {
  return localStorage.getItem(keyStorage(apiId)) ?? "";
}

function showEnvironment(apiId) {
  const badge = document.getElementById(`key-environment-${apiId}`);
  const key = storedKey(apiId);
  const environment = environmentOf(key);
  badge.className = "badge" + (environment ? " " + environment.toLowerCase() : "");
  badge.textContent = !environment
    ? "No key"
    : environment === "Unknown"
      ? "Unknown key prefix (expected xx or wg)"
      : `${environment} key ${key.slice(0, 6)}…`;
  document.getElementById(`api-key-${apiId}`).value = key;
}

function setUpKeyForms() {
  const container = document.getElementById("key-forms");
  for (const api of APIS) {
    // Not a <form>: nothing here may ever be submitted, so a key can never end up in a URL.
    const input = el("input", { id: `api-key-${api.id}`, type: "password", spellcheck: "false", autocomplete: "off",
      placeholder: "xx… or wg…", "aria-describedby": `key-environment-${api.id}` });
    const use = el("button", { type: "button", id: `use-key-${api.id}`, text: "Use key" });
    const forget = el("button", { type: "button", id: `forget-key-${api.id}`, text: "Forget key" });
    container.append(el("div", { class: "key-form", role: "group", "aria-label": `Key for trying the ${api.title}` },
      el("label", { for: input.id, text: `${api.title} key` }), input, use, forget,
      el("span", { id: `key-environment-${api.id}`, class: "badge", role: "status", "aria-live": "polite", text: "No key" })));
    const save = () => {
      const value = input.value.trim();
      if (value) localStorage.setItem(keyStorage(api.id), value);
      else localStorage.removeItem(keyStorage(api.id));
      showEnvironment(api.id);
    };
    use.addEventListener("click", save);
    input.addEventListener("keydown", (event) => { if (event.key === "Enter") save(); });
    forget.addEventListener("click", () => {
      localStorage.removeItem(keyStorage(api.id));
      showEnvironment(api.id);
      input.focus();
    });
    showEnvironment(api.id);
  }
}

// ---------------------------------------------------------------- markdown (descriptions): a safe subset, as DOM

function inline(text) {
  const nodes = [];
  const pattern = /`([^`]+)`|\*\*([^*]+)\*\*|\[([^\]]+)\]\(([^)\s]+)\)/g;
  let last = 0;
  for (const match of text.matchAll(pattern)) {
    if (match.index > last) nodes.push(text.slice(last, match.index));
    if (match[1] !== undefined) nodes.push(el("code", { text: match[1] }));
    else if (match[2] !== undefined) nodes.push(el("strong", { text: match[2] }));
    else {
      const safe = /^(https?:\/\/|\/|#)/.test(match[4]);  // no javascript: or data: links
      nodes.push(safe ? el("a", { href: match[4], text: match[3] }) : match[3]);
    }
    last = match.index + match[0].length;
  }
  if (last < text.length) nodes.push(text.slice(last));
  return nodes;
}

function markdown(text) {
  const blocks = String(text ?? "").trim().split(/\n{2,}/);
  return el("div", { class: "markdown" }, blocks.map((block) => {
    const lines = block.split("\n");
    if (lines.every((line) => /^\s*[-*] /.test(line))) {
      return el("ul", {}, lines.map((line) => el("li", {}, inline(line.replace(/^\s*[-*] /, "")))));
    }
    return el("p", {}, inline(lines.join(" ")));
  }));
}

// ---------------------------------------------------------------- schemas and examples

function resolve(document, node) {
  let current = node;
  for (let depth = 0; current && current.$ref && depth < 20; depth += 1) {
    const path = current.$ref.replace(/^#\//, "").split("/");
    current = path.reduce((value, part) => (value ? value[part] : undefined), document);
  }
  return current ?? {};
}

// A small example body from the schema: examples, defaults and enums first, required fields only.
function example(document, schema, depth = 0) {
  const node = resolve(document, schema);
  if (depth > 6) return null;
  if (node.example !== undefined) return node.example;
  if (Array.isArray(node.examples) && node.examples.length) return node.examples[0];
  if (node.default !== undefined) return node.default;
  if (Array.isArray(node.enum) && node.enum.length) return node.enum[0];
  if (node.const !== undefined) return node.const;
  const choice = node.oneOf || node.anyOf;
  if (choice) {
    const first = choice.find((option) => resolve(document, option).type !== "null") ?? choice[0];
    return example(document, first, depth + 1);
  }
  if (node.allOf) return Object.assign({}, ...node.allOf.map((part) => example(document, part, depth + 1)));
  const type = Array.isArray(node.type) ? node.type.find((t) => t !== "null") : node.type;
  if (type === "object" || node.properties) {
    const result = {};
    const required = new Set(node.required ?? []);
    for (const [name, property] of Object.entries(node.properties ?? {})) {
      if (required.has(name)) result[name] = example(document, property, depth + 1);
    }
    return result;
  }
  if (type === "array") return [example(document, node.items ?? {}, depth + 1)];
  if (type === "integer" || type === "number") return node.minimum ?? 1;
  if (type === "boolean") return false;
  if (type === "string") return node.format === "uri" ? "https://example.com" : "string";
  return null;
}

// ---------------------------------------------------------------- operations

function operations(document) {
  const result = [];
  for (const [path, item] of Object.entries(document.paths ?? {})) {
    for (const method of ["get", "post", "put", "patch", "delete"]) {
      if (item[method]) {
        const parameters = [...(item.parameters ?? []), ...(item[method].parameters ?? [])];
        result.push({ path, method, operation: item[method], parameters });
      }
    }
  }
  return result;
}

function authenticationOf(document) {
  const schemes = Object.values(document.components?.securitySchemes ?? {});
  const apiKey = schemes.find((scheme) => scheme.type === "apiKey" && scheme.in === "header");
  if (apiKey) return (key) => ({ [apiKey.name]: key });
  return (key) => ({ Authorization: `Bearer ${key}` });
}

function fullPath(api, path) {
  return path.startsWith(api.prefix + "/") ? path : api.prefix + path;
}

function slug(text) {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "");
}

function renderOperation(api, document, entry) {
  const { path, method, operation, parameters } = entry;
  const shownPath = fullPath(api, path);
  const id = `${api.id}-${slug(operation.operationId ?? method + " " + path)}`;
  const fields = el("div", { class: "params" });
  const inputs = [];
  for (const raw of parameters) {
    const parameter = resolve(document, raw);
    if (parameter.in === "header" && /^(x-api-key|authorization)$/i.test(parameter.name)) continue;
    const inputId = `${id}-${parameter.in}-${slug(parameter.name)}`;
    const schema = resolve(document, parameter.schema ?? {});
    const label = el("label", { for: inputId, text: `${parameter.name}${parameter.required ? " *" : ""}` });
    let input;
    if (Array.isArray(schema.enum)) {
      input = el("select", { id: inputId }, el("option", { value: "", text: "(none)" }),
        schema.enum.map((value) => el("option", { value: String(value), text: String(value) })));
    } else {
      const documented = parameter.example ?? schema.example ?? schema.examples?.[0];
      input = el("input", { id: inputId, type: "text", required: parameter.required ? true : undefined,
        placeholder: documented ?? "" });
      // A path parameter the document gives an example for starts filled in, so "Try it" sends a whole URL.
      if (parameter.in === "path" && documented !== undefined) input.value = String(documented);
    }
    fields.append(label, input);
    fields.append(el("span", { class: "hint" }, parameter.in,
      parameter.description ? [" · ", ...inline(parameter.description)] : null));
    inputs.push({ parameter, input });
  }
  let body = null;
  const content = resolve(document, operation.requestBody ?? {}).content?.["application/json"];
  if (content) {
    body = el("textarea", { id: `${id}-body`, spellcheck: "false" });
    body.value = JSON.stringify(example(document, content.schema ?? {}), null, 2);
  }
  const bodySchema = content ? resolve(document, content.schema ?? {}) : null;
  const result = el("div", { class: "result", "aria-live": "polite" });
  const button = el("button", { type: "submit", text: "Try it" });
  // novalidate: a missing parameter gets our own message in the result (a browser bubble is easy to miss).
  const form = el("form", { class: "try", novalidate: true, "aria-label": `Try ${method.toUpperCase()} ${shownPath}` },
    inputs.length ? fields : el("p", { class: "muted", text: "No parameters." }),
    body ? [el("label", { for: body.id, text: "Request body (JSON)" }), body] : [],
    el("p", {}, button),
    result);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    tryIt(api, document, { method, path: shownPath, inputs, body, result, button });
  });
  const required = parameters.map((raw) => resolve(document, raw))
    .filter((parameter) => parameter.in === "header" && parameter.required);
  return el("section", { class: "op", id, "aria-labelledby": `${id}-title`,
    "data-search": `${method} ${shownPath} ${operation.summary ?? ""} ${operation.operationId ?? ""}`.toLowerCase() },
    el("h3", { id: `${id}-title` },
      el("span", { class: `method ${method}`, text: method.toUpperCase() }),
      el("code", { text: shownPath }),
      el("span", { text: operation.summary ?? "" })),
    operation.description ? markdown(operation.description) : null,
    required.length ? el("p", { class: "required-headers" }, "Required headers: ",
      required.map((parameter) => el("code", { text: parameter.name }))) : null,
    bodySchema ? fieldTable(document, bodySchema, `${id}-fields`) : null,
    responsesOf(document, operation, id),
    codeSamples(api, document, { method, path: shownPath, parameters, operationId: operation.operationId,
      body: content ? example(document, content.schema ?? {}) : null }),
    form);
}

// The request body's fields: name, type, required, description (one level; nested objects name their type).
function typeOf(document, schema) {
  const node = resolve(document, schema);
  if (schema.$ref) return schema.$ref.split("/").pop();
  const choice = node.oneOf || node.anyOf;
  if (choice) return choice.map((option) => typeOf(document, option)).join(" | ");
  if (node.enum) return node.enum.map((value) => JSON.stringify(value)).join(" | ");
  if (node.type === "array") return `array of ${typeOf(document, node.items ?? {})}`;
  return Array.isArray(node.type) ? node.type.join(" | ") : (node.type ?? "any");
}

function fieldTable(document, schema, id) {
  const options = schema.oneOf ?? [schema];
  return el("div", { class: "fields" }, options.map((option, index) => {
    const node = resolve(document, option);
    const required = new Set(node.required ?? []);
    const rows = Object.entries(node.properties ?? {}).map(([name, property]) => el("tr", {},
      el("td", {}, el("code", { text: name })),
      el("td", { text: typeOf(document, property) }),
      el("td", { text: required.has(name) ? "required" : "optional" }),
      el("td", {}, markdown(resolve(document, property).description ?? ""))));
    if (!rows.length) return null;
    const caption = options.length > 1 ? `Request body, option ${index + 1}: ${typeOf(document, option)}` : "Request body";
    return el("table", { class: "field-table", id: `${id}-${index}` },
      el("caption", { text: caption }),
      el("thead", {}, el("tr", {}, ["Field", "Type", "", "Description"].map((name) => el("th", { scope: "col", text: name })))),
      el("tbody", {}, rows));
  }));
}

// The error types an error answer documents: the document names each one as an example of the status (the API's
// code declares them per operation), so each links to its entry on the errors page.
function errorTypesOf(content) {
  return Object.entries(content?.examples ?? {}).map(([name, named]) => ({
    type: named?.value?.type ?? name, description: named?.description ?? named?.summary ?? "" }));
}

// Every answer the operation documents: status, what it means, the schema's example; each error type links to
// its entry on /docs/errors.
function responsesOf(document, operation, id) {
  const rows = Object.entries(operation.responses ?? {}).map(([status, raw]) => {
    const response = resolve(document, raw);
    const content = response.content?.["application/json"];
    const schema = content?.schema;
    const isError = Number(status) >= 400;
    const types = isError ? errorTypesOf(content) : [];
    return el("li", { class: isError ? "response error-response" : "response", "data-status": status },
      el("span", { class: `resp-status ${isError ? "status-bad" : "status-ok"}`, text: status }), " ",
      response.description ? inline(response.description) : "",
      isError && !types.length ? [" · ", el("a", { href: `${BASE}/docs/errors`, text: "errors" })] : null,
      types.length ? el("ul", { class: "error-types" }, types.map(({ type, description }) => el("li", {},
        el("a", { class: "error-type", href: `${BASE}/docs/errors#${encodeURIComponent(type)}` }, el("code", { text: type })),
        description ? [": ", inline(description)] : null))) : null,
      schema && !isError ? el("details", {}, el("summary", { text: `Example ${status} body (${typeOf(document, schema)})` }),
        el("pre", { text: JSON.stringify(example(document, schema), null, 2) })) : null);
  });
  return el("details", { class: "responses", id: `${id}-responses` },
    el("summary", { text: "Responses and errors" }), el("ul", {}, rows));
}

// A JSON value as a Python literal.
function py(value) {
  if (value === null) return "None";
  if (value === true) return "True";
  if (value === false) return "False";
  if (Array.isArray(value)) return `[${value.map((item) => py(item)).join(", ")}]`;
  if (typeof value === "object") return `{${Object.entries(value).map(([k, v]) => `${JSON.stringify(k)}: ${py(v)}`).join(", ")}}`;
  return JSON.stringify(value);
}

// curl, Python (requests) and JavaScript (fetch) for the operation with its example body; the key comes from RUNA_KEY.
function codeSamples(api, document, { method, path, parameters, body, operationId }) {
  const url = `${location.origin}${BASE}${path}`;
  const [authName, authValue] = Object.entries(authenticationOf(document)("KEY"))[0];
  const prefix = authValue.slice(0, -"KEY".length);  // "" for X-Api-Key, "Bearer " for Authorization
  const extra = [];
  for (const raw of parameters) {
    const parameter = resolve(document, raw);
    if (parameter.in === "header" && parameter.required) extra.push([parameter.name, "a-unique-key-per-order"]);
  }
  if (body !== null) extra.push(["Content-Type", "application/json"]);
  const json = body !== null ? JSON.stringify(body) : null;
  const curl = [`curl -X ${method.toUpperCase()} "${url}"`, `  -H "${authName}: ${prefix}$RUNA_KEY"`,
    ...extra.map(([name, value]) => `  -H "${name}: ${value}"`), ...(json ? [`  -d '${json}'`] : [])].join(" \\\n");
  const pyHeaders = [`"${authName}": ${prefix ? `"${prefix}" + ` : ""}os.environ["RUNA_KEY"]`,
    ...extra.filter(([name]) => name !== "Content-Type").map(([name, value]) => `"${name}": "${value}"`)].join(", ");
  const python = ["import os", "", "import requests", "",
    `response = requests.${method}(`, `    "${url}",`, `    headers={${pyHeaders}},`,
    ...(json ? [`    json=${py(body)},`] : []), "    timeout=30,", ")", "print(response.status_code, response.json())"].join("\n");
  const jsHeaders = [`"${authName}": \`${prefix}\${process.env.RUNA_KEY}\``,
    ...extra.map(([name, value]) => `"${name}": "${value}"`)].join(", ");
  const javascript = [`const response = await fetch("${url}", {`, `  method: "${method.toUpperCase()}",`,
    `  headers: { ${jsHeaders} },`, ...(json ? [`  body: JSON.stringify(${json}),`] : []), "});",
    "console.log(response.status, await response.json());"].join("\n");
  const samples = [["curl", curl], ["Python", python], ["JavaScript", javascript], ...sdkSamples(operationId, body)];
  return el("details", { class: "samples" }, el("summary", { text: "Code samples (curl, Python, JavaScript, the SDKs)" }),
    samples.map(([language, code]) => el("figure", {},
      el("figcaption", { text: language }),
      el("pre", { class: `sample sample-${language.toLowerCase().replace(/[^a-z]+/g, "-").replace(/^-|-$/g, "")}`, text: code }))));
}

// ---------------------------------------------------------------- code samples with the SDKs (sdks/)

// Each operation's call with runa-client (Python) and @runa/client (TypeScript); `order` and `source` stand for the
// body shown in the form. tests/unit/test_portal_samples.py checks every operation of both documents has one.
export const SDK_SAMPLES = {
  ping: ["client.ping()", "await client.ping()"],
  getBalance: ['client.balance.retrieve("USD")', 'await client.balance.retrieve("USD")'],
  getListOfOrders: ["for order in client.orders.list(limit=10):\n    print(order.id, order.status)",
    "for await (const order of client.orders.list({ limit: 10 })) console.log(order.id, order.status);"],
  createOrder: ['client.orders.create(order, execution_mode="sync")  # one X-Idempotency-Key, reused by retries',
    'await client.orders.create(order, { executionMode: "sync" }); // one X-Idempotency-Key, reused by retries'],
  estimateOrderPrice: ["client.orders.estimate(order)", "await client.orders.estimate(order)"],
  getSingleOrder: ['client.orders.retrieve("O-...")  # client.orders.wait("O-...") polls until it is finished',
    'await client.orders.retrieve("O-..."); // client.orders.wait("O-...") polls until it is finished'],
  getProducts: ['for product in client.products.list(countries_redeemable_in=["US"]):  # every page\n    print(product.code)',
    'for await (const product of client.products.list({ countries_redeemable_in: ["US"] })) console.log(product.code);'],
  listProductsCategories: ["client.products.categories()", "await client.products.categories()"],
  listProductsCountries: ["client.products.countries()", "await client.products.countries()"],
  getSingleProduct: ['client.products.retrieve("SKY-US")', 'await client.products.retrieve("SKY-US");'],
  getAnalytics: ["client.analytics.retrieve()", "await client.analytics.retrieve();"],
  chat: ['client.chat.send(product_id="prod_...", message="Hello, what can you do?", session_id="sess_xyz")',
    'await client.chat.send({ productId: "prod_...", message: "Hello, what can you do?", sessionId: "sess_xyz" });'],
  listConversations: ["for conversation in client.conversations.list():  # every page\n    print(conversation.id)",
    "for await (const conversation of client.conversations.list()) console.log(conversation.id);"],
  getConversation: ['client.conversations.retrieve("sess_xyz")', 'await client.conversations.retrieve("sess_xyz");'],
  deleteConversation: ['client.conversations.delete("sess_xyz")', 'await client.conversations.delete("sess_xyz");'],
  listKnowledgeSources: ["for source in client.knowledge.list():\n    print(source.id, source.status)",
    "for await (const source of client.knowledge.list()) console.log(source.id, source.status);"],
  addKnowledgeSource: ["source = client.knowledge.create(source)\nclient.knowledge.wait(source.id)  # until indexed",
    "const added = await client.knowledge.create(source);\nawait client.knowledge.wait(added.id); // until indexed"],
  getKnowledgeSource: ['client.knowledge.retrieve("ks_...")', 'await client.knowledge.retrieve("ks_...");'],
  deleteKnowledgeSource: ['client.knowledge.delete("ks_...")', 'await client.knowledge.delete("ks_...");'],
  refreshKnowledgeSource: ['client.knowledge.refresh("ks_...")', 'await client.knowledge.refresh("ks_...");'],
  listTools: ["client.tools.list()", "await client.tools.list();"],
  registerTool: ["client.tools.create(tool)  # the answer's secret is shown this once",
    "await client.tools.create(tool); // the answer's secret is shown this once"],
  getTool: ['client.tools.retrieve("tool_...")', 'await client.tools.retrieve("tool_...");'],
  deleteTool: ['client.tools.delete("tool_...")', 'await client.tools.delete("tool_...");'],
};
const BODY_NAMES = { createOrder: "order", estimateOrderPrice: "order", addKnowledgeSource: "source", registerTool: "tool" };

// The operation's call with runa-client (Python) and @runa/client (TypeScript), its example body named first.
function sdkSamples(operationId, body) {
  const [python, typescript] = SDK_SAMPLES[operationId] ?? [null, null];
  const bodyName = BODY_NAMES[operationId];
  const pythonBody = bodyName && body !== null ? `${bodyName} = ${py(body)}\n` : "";
  const tsBody = bodyName && body !== null ? `const ${bodyName} = ${JSON.stringify(body, null, 2)};\n` : "";
  const samples = [];
  if (python) samples.push(["Python SDK (runa-client)", `from runa_client import Runa\n\nclient = Runa()  # RUNA_API_KEY\n${pythonBody}${python}`]);
  if (typescript) samples.push(["TypeScript SDK (@runa/client)", `import { Runa } from "@runa/client";\n\nconst client = new Runa(); // RUNA_API_KEY\n${tsBody}${typescript}`]);
  return samples;
}

async function tryIt(api, document, { method, path, inputs, body, result, button }) {
  const key = storedKey(api.id);
  result.replaceChildren();
  // A required parameter left empty would send `{id}` itself or drop the segment: say which one is missing instead.
  const missing = inputs.filter(({ parameter, input }) => parameter.required && !input.value.trim());
  if (missing.length) {
    result.append(el("p", { class: "status status-bad missing-parameters", role: "alert",
      text: `Fill in the required ${missing.length > 1 ? "parameters" : "parameter"} ` +
        `${missing.map(({ parameter }) => parameter.name).join(", ")} before trying it.` }));
    missing[0].input.focus();
    return;
  }
  let url = BASE + path;
  const query = new URLSearchParams();
  const headers = { Accept: "application/json" };
  if (key) Object.assign(headers, authenticationOf(document)(key));
  for (const { parameter, input } of inputs) {
    const value = input.value.trim();
    if (!value) continue;
    if (parameter.in === "path") url = url.replace(`{${parameter.name}}`, encodeURIComponent(value));
    else if (parameter.in === "query") query.append(parameter.name, value);
    else if (parameter.in === "header") headers[parameter.name] = value;
  }
  if ([...query].length) url += `?${query}`;
  const init = { method: method.toUpperCase(), headers };
  if (body) {
    headers["Content-Type"] = "application/json";
    init.body = body.value;
  }
  button.disabled = true;
  const started = performance.now();
  try {
    const response = await fetch(url, init);
    const text = await response.text();
    const milliseconds = Math.round(performance.now() - started);
    let shown = text;
    try { shown = JSON.stringify(JSON.parse(text), null, 2); } catch { /* not JSON: show as is */ }
    const statusClass = response.ok ? "status-ok" : "status-bad";
    const requestId = response.headers.get("X-Request-Id");
    const headerLines = [...response.headers.entries()].map(([name, value]) => `${name}: ${value}`).join("\n");
    result.append(
      el("p", {},
        el("span", { class: `status ${statusClass}`, text: `${response.status} ${response.statusText}` }),
        el("span", { class: "muted", text: ` · ${milliseconds} ms · ${method.toUpperCase()} ${url}` })),
      el("p", { class: "request-id" }, "X-Request-Id: ", el("code", { text: requestId ?? "(none)" })),
      el("details", {}, el("summary", { text: "Response headers" }), el("pre", { class: "headers", text: headerLines })),
      el("pre", { class: "body", tabindex: "0", "aria-label": "Response body", text: shown }));
  } catch (error) {
    result.append(el("p", { class: "status status-bad", text: `The request failed: ${error.message}` }));
  } finally {
    button.disabled = false;
  }
}

// ---------------------------------------------------------------- the page

async function load(api) {
  const response = await fetch(api.document, { headers: { Accept: "application/json" } });
  if (!response.ok) throw new Error(`${api.document} answered ${response.status}`);
  return response.json();
}

function setUpSearch() {
  const input = document.getElementById("search");
  // Next to the box (the header stays on screen) and announced, so an empty result is not taken for a broken page.
  const none = el("span", { id: "no-match", class: "muted", role: "status", "aria-live": "polite", hidden: true });
  input.insertAdjacentElement("afterend", none);
  input.addEventListener("input", () => {
    const words = input.value.toLowerCase().split(/\s+/).filter(Boolean);
    let count = 0;
    for (const section of document.querySelectorAll("section.op")) {
      const shown = words.every((word) => section.dataset.search.includes(word));
      section.hidden = !shown;
      if (shown) count += 1;
      const link = document.querySelector(`#nav a[href="#${section.id}"]`);
      if (link) link.parentElement.hidden = !shown;
    }
    none.hidden = count > 0;
    none.textContent = count > 0 ? "" : `No operations match “${input.value.trim()}”.`;
  });
}

async function main() {
  setUpKeyForms();
  setUpSearch();
  const mainElement = document.getElementById("main");
  const nav = document.getElementById("nav");
  const loaded = await Promise.all(APIS.map(async (api) => {
    try { return { api, document: await load(api) }; } catch (error) { return { api, error }; }
  }));
  document.getElementById("loading").remove();
  for (const { api, document: spec, error } of loaded) {
    const section = el("section", { class: "api", id: api.id, "aria-labelledby": `${api.id}-heading` },
      el("h2", { id: `${api.id}-heading`, text: spec?.info?.title ? `${api.title}: ${spec.info.title} ${spec.info.version ?? ""}` : api.title }),
      el("p", {}, "OpenAPI document: ", el("a", { href: api.document, text: api.document })));
    const links = el("ul");
    nav.append(el("h2", { text: api.title }), links);
    if (error) {
      section.append(el("p", { class: "status-bad", text: `Could not load the document: ${error.message}` }));
    } else {
      for (const entry of operations(spec)) {
        const node = renderOperation(api, spec, entry);
        section.append(node);
        links.append(el("li", {}, el("a", { href: `#${node.id}`, text: `${entry.method.toUpperCase()} ${fullPath(api, entry.path)}` })));
      }
    }
    mainElement.append(section);
  }
  document.body.dataset.ready = "true";
}

main();
