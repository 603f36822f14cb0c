/**
 * What every request goes through: the key and base URL, timeouts, retries with exponential backoff and jitter that
 * honour `retry-after-ms` / `Retry-After`, and pages that fetch the next one themselves. The requests themselves
 * are built by openapi-fetch from the generated types (src/generated/).
 */

import { APIConnectionError, APITimeoutError, RunaError } from "./errors.js";

/** A key is `<prefix><id>.<secret>`: `xx` playground, `wg` production; one API per environment serves both. */
export const BASE_URLS: Record<string, string> = {
  xx: "https://playground.runa.io",
  wg: "https://api.runa.io",
};
export const DEFAULT_TIMEOUT_MS = 60_000;
export const DEFAULT_MAX_RETRIES = 2;
const INITIAL_RETRY_DELAY_MS = 500;
const MAX_RETRY_DELAY_MS = 8_000;
const MAX_RETRY_AFTER_MS = 60_000;
const RETRYABLE = new Set([408, 409, 429]);

export type Fetch = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;
export type Sleep = (ms: number) => Promise<void>;

export interface ClientOptions {
  /** Defaults to the RUNA_API_KEY environment variable (Node). */
  apiKey?: string;
  /** Defaults to RUNA_BASE_URL, else the key's environment: e.g. "http://127.0.0.1:3000" for the local API. */
  baseURL?: string;
  /** Per attempt, in milliseconds (default 60 000). */
  timeout?: number;
  /** Retries after the first attempt (default 2). */
  maxRetries?: number;
  /** A fetch of your own (default: the global fetch). */
  fetch?: Fetch;
  defaultHeaders?: Record<string, string>;
  /** How to wait between attempts (tests). */
  sleep?: Sleep;
}

function env(name: string): string | undefined {
  const proc = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process;
  return proc?.env?.[name];
}

export function resolveApiKey(apiKey: string | undefined): string {
  const key = apiKey ?? env("RUNA_API_KEY");
  if (!key) throw new RunaError("No API key: pass { apiKey } or set RUNA_API_KEY.");
  return key;
}

export function resolveBaseURL(apiKey: string, baseURL: string | undefined): string {
  const url = baseURL ?? env("RUNA_BASE_URL");
  if (url) return url.replace(/\/+$/, "");
  const base = BASE_URLS[apiKey.slice(0, 2)];
  if (!base) throw new RunaError("The API key should start with 'xx' (playground) or 'wg' (production); pass { baseURL }.");
  return base;
}

export function shouldRetry(response: Response): boolean {
  const explicit = response.headers.get("x-should-retry");
  if (explicit === "true" || explicit === "false") return explicit === "true";
  return RETRYABLE.has(response.status) || response.status >= 500;
}

/** Milliseconds the server asked us to wait, if it did. */
export function retryAfterMs(headers: Headers | undefined): number | undefined {
  if (!headers) return undefined;
  const ms = Number.parseFloat(headers.get("retry-after-ms") ?? "");
  if (!Number.isNaN(ms)) return ms;
  const value = headers.get("retry-after");
  if (value === null) return undefined;
  const seconds = Number.parseFloat(value);
  if (!Number.isNaN(seconds)) return seconds * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : date - Date.now();
}

export function retryDelayMs(retriesTaken: number, headers?: Headers): number {
  const asked = retryAfterMs(headers);
  if (asked !== undefined && asked >= 0 && asked <= MAX_RETRY_AFTER_MS) return asked;
  const delay = Math.min(INITIAL_RETRY_DELAY_MS * 2 ** retriesTaken, MAX_RETRY_DELAY_MS);
  return delay * (1 - 0.25 * Math.random());
}

export function uuid4(): string {
  const c = (globalThis as { crypto?: { randomUUID?: () => string } }).crypto;
  if (c?.randomUUID) return c.randomUUID();
  return "xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx".replace(/[xy]/g, (ch) => {
    const r = (Math.random() * 16) | 0;
    return (ch === "x" ? r : (r & 0x3) | 0x8).toString(16);
  });
}

const defaultSleep: Sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A fetch for openapi-fetch that sends one request up to 1 + maxRetries times: on a connection error, a timeout,
 * 408, 409, 429 or 5xx. Every attempt sends the same headers, so the same X-Idempotency-Key.
 */
export function retryingFetch(options: {
  fetch: Fetch;
  maxRetries: () => number;
  timeout: () => number;
  sleep: Sleep;
}): (request: Request) => Promise<Response> {
  return async (request: Request): Promise<Response> => {
    const body = request.body ? await request.arrayBuffer() : undefined;
    const maxRetries = options.maxRetries();
    for (let retriesTaken = 0; ; retriesTaken++) {
      const controller = new AbortController();
      const onAbort = () => controller.abort(request.signal.reason);
      request.signal?.addEventListener("abort", onAbort);
      let timedOut = false;
      const timer = setTimeout(() => {
        timedOut = true;
        controller.abort();
      }, options.timeout());
      let response: Response;
      try {
        response = await options.fetch(request.url, {
          method: request.method,
          headers: request.headers,
          body,
          signal: controller.signal,
        });
      } catch (error) {
        if (request.signal?.aborted) throw error; // the caller cancelled: never retried
        if (retriesTaken < maxRetries) {
          await options.sleep(retryDelayMs(retriesTaken));
          continue;
        }
        if (timedOut) throw new APITimeoutError(undefined, { cause: error });
        throw new APIConnectionError(`Connection error: ${String((error as Error)?.message ?? error)}`, { cause: error });
      } finally {
        clearTimeout(timer);
        request.signal?.removeEventListener("abort", onAbort);
      }
      if (response.ok || retriesTaken >= maxRetries || !shouldRetry(response)) return response;
      await response.body?.cancel();
      await options.sleep(retryDelayMs(retriesTaken, response.headers));
    }
  };
}

export { defaultSleep };

/** One page of a list: `data` is its items; `for await` over a page yields its items and every page's after it. */
export class Page<T, R = unknown> implements AsyncIterable<T> {
  constructor(
    readonly raw: R,
    readonly data: T[],
    private readonly following: (() => Promise<Page<T, R>>) | undefined,
  ) {}

  hasNextPage(): boolean {
    return this.following !== undefined;
  }

  async nextPage(): Promise<Page<T, R> | undefined> {
    return this.following ? this.following() : undefined;
  }

  async *iterPages(): AsyncGenerator<Page<T, R>> {
    let page: Page<T, R> | undefined = this;
    while (page) {
      yield page;
      page = await page.nextPage();
    }
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<T> {
    for await (const page of this.iterPages()) yield* page.data;
  }
}

/** What a `list()` returns: `await` it for the first page, or `for await` over every item of every page. */
export class PagePromise<T, R = unknown> implements PromiseLike<Page<T, R>>, AsyncIterable<T> {
  private promise: Promise<Page<T, R>> | undefined;

  constructor(private readonly first: () => Promise<Page<T, R>>) {}

  private page(): Promise<Page<T, R>> {
    this.promise ??= this.first();
    return this.promise;
  }

  then<A = Page<T, R>, B = never>(
    onfulfilled?: ((value: Page<T, R>) => A | PromiseLike<A>) | null,
    onrejected?: ((reason: unknown) => B | PromiseLike<B>) | null,
  ): Promise<A | B> {
    return this.page().then(onfulfilled, onrejected);
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<T> {
    yield* await this.page();
  }
}
