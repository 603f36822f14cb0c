/**
 * `Runa`: one client for both APIs. openapi-fetch builds each request from the generated types; the written layer
 * adds the key, retries, idempotency keys, pagination and typed errors.
 */

import createClient from "openapi-fetch";
import {
  type ClientOptions,
  DEFAULT_MAX_RETRIES,
  DEFAULT_TIMEOUT_MS,
  type Fetch,
  Page,
  PagePromise,
  resolveApiKey,
  resolveBaseURL,
  retryingFetch,
  type Sleep,
  defaultSleep,
  uuid4,
} from "./core.js";
import { errorFromResponse, RunaError } from "./errors.js";
import type { components as AgentComponents, operations as AgentOperations, paths as AgentPaths } from "./generated/agent.js";
import type {
  components as PayoutsComponents,
  operations as PayoutsOperations,
  paths as PayoutsPaths,
} from "./generated/payouts.js";

export const VERSION = "0.1.0";
/** The payouts API version these types were generated from; sent on every /v2 request, as Stripe pins its version. */
export const PAYOUTS_API_VERSION = "2024-02-05";

type P = PayoutsComponents["schemas"];
type A = AgentComponents["schemas"];
export type NewOrderDetails = P["NewOrderDetails"];
export type OrderPriceRequest = P["OrderPriceRequest"];
export type Product = P["Product"];
export type ProductList = P["ProductList"];
export type SyncCompletedOrder = P["SyncCompletedOrder"];
export type AsyncAcceptedOrder = P["AsyncAcceptedOrder"];
export type Order = P["CompletedOrderWithFullDetails"] | P["IncompleteOrder"];
export type OrderSummary = P["CompletedOrderWithBasicDetails"] | P["IncompleteOrder"];
export type OrderList = P["OrderList"];
export type Balance = P["Balance"];
export type ChatResponse = A["ChatResponse"];
export type ConversationList = A["ConversationList"];
export type ConversationSummary = A["ConversationSummary"];
export type Conversation = A["Conversation"];
export type ToolCreate = A["ToolCreate"];
export type Source = A["Source"];
export type SourceList = A["SourceList"];
export type ProductQuery = NonNullable<PayoutsOperations["getProducts"]["parameters"]["query"]>;
export type AnalyticsQuery = NonNullable<AgentOperations["getAnalytics"]["parameters"]["query"]>;
export type ExecutionMode = "sync" | "async";

export interface CreateOrderOptions {
  /** "sync": 200 with the whole COMPLETED order (one item); "async" (the API's default): 202 {id, status}. */
  executionMode?: ExecutionMode;
  /** Generated when absent; every retry of this call sends the same one, so at most one order is placed. */
  idempotencyKey?: string;
  sendEmail?: boolean;
  /** Playground only: "insufficient_funds" | "internal_server_error". */
  triggerError?: string;
}

export interface WaitOptions {
  /** Milliseconds (default 120 000). */
  timeout?: number;
  /** Milliseconds between the first polls (default 500, growing to 5 000). */
  pollInterval?: number;
}

/** `orders.wait`: the order was still PROCESSING when the wait ran out; `order` is the last state read. */
export class OrderWaitTimeoutError extends RunaError {
  override name = "OrderWaitTimeoutError";
  constructor(readonly order: Order, waitedMs: number) {
    super(`order ${order.id} still ${order.status} after ${(waitedMs / 1000).toFixed(1)}s`);
  }
}

interface Answer<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

async function unwrap<T>(call: Promise<Answer<T>>): Promise<T> {
  const { data, error, response } = await call;
  if (!response.ok) throw errorFromResponse(response.status, error, response.headers);
  return data as T;
}

export class Runa {
  readonly apiKey: string;
  readonly baseURL: string;
  maxRetries: number;
  timeout: number;
  /** The generated clients (openapi-fetch), for anything the resources below do not cover. */
  readonly payoutsApi;
  readonly agentApi;
  readonly sleep: Sleep;
  private readonly options: ClientOptions;

  readonly balance = {
    /** One currency's balance. */
    retrieve: async (currency: string): Promise<Balance> => {
      const result = await unwrap(this.payoutsApi.GET("/balance", { params: { query: { currency } } }));
      return (Array.isArray(result) ? result[0] : result) as Balance;
    },
    /** Every balance above zero. */
    list: async (): Promise<Balance[]> => {
      const result = await unwrap(this.payoutsApi.GET("/balance", {}));
      return (Array.isArray(result) ? result : [result]) as Balance[];
    },
  };

  readonly products = {
    /** A page of the catalogue; `for await` over it (or over `list()` itself) for every product. */
    list: (query: ProductQuery = {}): PagePromise<Product, ProductList> => {
      const fetchPage = async (q: ProductQuery): Promise<Page<Product, ProductList>> => {
        const raw = await unwrap(this.payoutsApi.GET("/product", { params: { query: q } }));
        const after = raw.pagination.cursors.after;
        const next = after && raw.catalog.length ? () => fetchPage({ ...q, after, before: undefined }) : undefined;
        return new Page(raw, raw.catalog, next);
      };
      return new PagePromise(() => fetchPage(query));
    },
    retrieve: (productCode: string) =>
      unwrap(this.payoutsApi.GET("/product/{product_code}", { params: { path: { product_code: productCode } } })),
    categories: () => unwrap(this.payoutsApi.GET("/product/categories", {})),
    countries: () => unwrap(this.payoutsApi.GET("/product/countries", {})),
  };

  readonly orders = {
    /** Place an order; see CreateOrderOptions. */
    create: (order: NewOrderDetails, options: CreateOrderOptions = {}): Promise<SyncCompletedOrder | AsyncAcceptedOrder> => {
      const header: { "x-idempotency-key": string } & Record<string, string> = {
        "x-idempotency-key": options.idempotencyKey ?? `runa-ts-${uuid4()}`,
      };
      if (options.executionMode) header["x-execution-mode"] = options.executionMode;
      if (options.sendEmail !== undefined) header["x-send-email"] = String(options.sendEmail);
      if (options.triggerError) header["x-trigger-error"] = options.triggerError;
      return unwrap(this.payoutsApi.POST("/order", { params: { header }, body: order }));
    },
    retrieve: (orderId: string): Promise<Order> =>
      unwrap(this.payoutsApi.GET("/order/{id}", { params: { path: { id: orderId } } })),
    /** Your orders, oldest first; `for await` for all of them. */
    list: (query: { limit?: number; after?: string; before?: string } = {}): PagePromise<OrderSummary, OrderList> => {
      const fetchPage = async (q: typeof query): Promise<Page<OrderSummary, OrderList>> => {
        const params = { ...q, limit: q.limit === undefined ? undefined : String(q.limit) };
        const raw = await unwrap(this.payoutsApi.GET("/order", { params: { query: params } }));
        const after = raw.pagination.cursors.after;
        const next = after && raw.items.length ? () => fetchPage({ ...q, after, before: undefined }) : undefined;
        return new Page(raw, raw.items, next);
      };
      return new PagePromise(() => fetchPage(query));
    },
    estimate: (order: OrderPriceRequest) => unwrap(this.payoutsApi.POST("/order/estimate", { body: order })),
    /** Poll until the order is COMPLETED or FAILED; OrderWaitTimeoutError after `timeout` ms. */
    wait: async (orderId: string, options: WaitOptions = {}): Promise<Order> => {
      const started = Date.now();
      const deadline = started + (options.timeout ?? 120_000);
      let interval = options.pollInterval ?? 500;
      for (;;) {
        const order = await this.orders.retrieve(orderId);
        if (order.status === "COMPLETED" || order.status === "FAILED") return order;
        if (Date.now() + interval > deadline) throw new OrderWaitTimeoutError(order, Date.now() - started);
        await this.sleep(interval);
        interval = Math.min(interval * 1.5, 5_000);
      }
    },
    /** Place an async order and wait until it is finished. */
    createAndWait: async (order: NewOrderDetails, options: WaitOptions & { idempotencyKey?: string } = {}) => {
      const accepted = await this.orders.create(order, { executionMode: "async", idempotencyKey: options.idempotencyKey });
      return this.orders.wait(accepted.id, options);
    },
  };

  readonly chat = {
    /** One turn. Without sessionId it starts a conversation (the answer's sessionId names it); with one it
     * continues that conversation, or starts one with exactly that id. */
    send: (request: { productId: string; message: string; sessionId?: string }): Promise<ChatResponse> =>
      unwrap(this.agentApi.POST("/v1/chat", { body: request })),
    /** A conversation: each send() continues it. */
    session: (productId: string, sessionId?: string) => {
      const session = {
        productId,
        sessionId,
        send: async (message: string): Promise<ChatResponse> => {
          const answer = await this.chat.send({ productId, message, ...(session.sessionId ? { sessionId: session.sessionId } : {}) });
          session.sessionId = answer.sessionId;
          return answer;
        },
      };
      return session;
    },
  };

  readonly conversations = {
    /** Newest first; `for await` for all of them. */
    list: (query: { limit?: number } = {}): PagePromise<ConversationSummary, ConversationList> => {
      const fetchPage = async (cursor?: string): Promise<Page<ConversationSummary, ConversationList>> => {
        const raw = await unwrap(this.agentApi.GET("/v1/conversations", { params: { query: { ...query, cursor } } }));
        const nextCursor = raw.nextCursor;
        return new Page(raw, raw.conversations, nextCursor ? () => fetchPage(nextCursor) : undefined);
      };
      return new PagePromise(() => fetchPage());
    },
    retrieve: (conversationId: string, query: { limit?: number; cursor?: string } = {}): Promise<Conversation> =>
      unwrap(
        this.agentApi.GET("/v1/conversations/{conversation_id}", {
          params: { path: { conversation_id: conversationId }, query },
        }),
      ),
    delete: (conversationId: string) =>
      unwrap(this.agentApi.DELETE("/v1/conversations/{conversation_id}", { params: { path: { conversation_id: conversationId } } })),
  };

  readonly tools = {
    /** Register an HTTP tool; the answer's `secret` is shown this once. */
    create: (tool: ToolCreate) => unwrap(this.agentApi.POST("/v1/tools", { body: tool })),
    list: () => unwrap(this.agentApi.GET("/v1/tools", {})),
    retrieve: (toolId: string) => unwrap(this.agentApi.GET("/v1/tools/{tool_id}", { params: { path: { tool_id: toolId } } })),
    delete: (toolId: string) => unwrap(this.agentApi.DELETE("/v1/tools/{tool_id}", { params: { path: { tool_id: toolId } } })),
  };

  readonly knowledge = {
    /** Add a source ({type: "text", name, content} or {type: "url", url}); it is indexed asynchronously. */
    create: (source: A["CreateTextSource"] | A["CreateUrlSource"]): Promise<Source> =>
      unwrap(this.agentApi.POST("/v1/knowledge", { body: source })),
    addText: (source: Omit<A["CreateTextSource"], "type">) => this.knowledge.create({ ...source, type: "text" }),
    addUrl: (source: Omit<A["CreateUrlSource"], "type">) => this.knowledge.create({ ...source, type: "url" }),
    list: (query: { limit?: number } = {}): PagePromise<Source, SourceList> => {
      const fetchPage = async (cursor?: string): Promise<Page<Source, SourceList>> => {
        const raw = await unwrap(this.agentApi.GET("/v1/knowledge", { params: { query: { ...query, cursor } } }));
        const nextCursor = raw.nextCursor;
        return new Page(raw, raw.sources, nextCursor ? () => fetchPage(nextCursor) : undefined);
      };
      return new PagePromise(() => fetchPage());
    },
    retrieve: (sourceId: string): Promise<Source> =>
      unwrap(this.agentApi.GET("/v1/knowledge/{source_id}", { params: { path: { source_id: sourceId } } })),
    delete: (sourceId: string) =>
      unwrap(this.agentApi.DELETE("/v1/knowledge/{source_id}", { params: { path: { source_id: sourceId } } })),
    refresh: (sourceId: string): Promise<Source> =>
      unwrap(this.agentApi.POST("/v1/knowledge/{source_id}/refresh", { params: { path: { source_id: sourceId } } })),
    /** Poll until the source is no longer "indexing" (ready or failed). */
    wait: async (sourceId: string, options: WaitOptions = {}): Promise<Source> => {
      const deadline = Date.now() + (options.timeout ?? 60_000);
      for (;;) {
        const source = await this.knowledge.retrieve(sourceId);
        if (source.status !== "indexing" || Date.now() > deadline) return source;
        await this.sleep(options.pollInterval ?? 500);
      }
    },
  };

  readonly analytics = {
    retrieve: (query: AnalyticsQuery = {}) => unwrap(this.agentApi.GET("/v1/analytics", { params: { query } })),
  };

  constructor(options: ClientOptions = {}) {
    this.options = options;
    this.apiKey = resolveApiKey(options.apiKey);
    this.baseURL = resolveBaseURL(this.apiKey, options.baseURL);
    this.maxRetries = options.maxRetries ?? DEFAULT_MAX_RETRIES;
    this.timeout = options.timeout ?? DEFAULT_TIMEOUT_MS;
    if (this.maxRetries < 0) throw new RunaError("maxRetries must be 0 or more");
    this.sleep = options.sleep ?? defaultSleep;
    const base: Fetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
    const fetch = retryingFetch({
      fetch: base,
      maxRetries: () => this.maxRetries,
      timeout: () => this.timeout,
      sleep: this.sleep,
    });
    const headers = { Accept: "application/json", ...options.defaultHeaders };
    // Each document's own scheme: X-Api-Key for /v2 (ApiKeyAuth), a bearer token for /v1 (BearerAuth).
    this.payoutsApi = createClient<PayoutsPaths>({
      baseUrl: `${this.baseURL}/v2`,
      fetch,
      headers: { ...headers, "X-Api-Key": this.apiKey, "X-Api-Version": PAYOUTS_API_VERSION },
    });
    this.agentApi = createClient<AgentPaths>({
      baseUrl: this.baseURL,
      fetch,
      headers: { ...headers, Authorization: `Bearer ${this.apiKey}` },
    });
  }

  ping() {
    return unwrap(this.payoutsApi.GET("/ping", {}));
  }

  /** A copy with other defaults: `client.withOptions({ maxRetries: 5 })`. */
  withOptions(options: Partial<ClientOptions>): Runa {
    return new Runa({ ...this.options, apiKey: this.apiKey, baseURL: this.baseURL, ...options });
  }
}
