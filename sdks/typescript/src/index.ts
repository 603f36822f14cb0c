export { Runa, VERSION, PAYOUTS_API_VERSION, OrderWaitTimeoutError } from "./client.js";
export type * from "./client.js";
export { Page, PagePromise, BASE_URLS, retryDelayMs, type ClientOptions, type Fetch, type Sleep } from "./core.js";
export * from "./errors.js";
export type * as payouts from "./generated/payouts.js";
export type * as agent from "./generated/agent.js";
export { Runa as default } from "./client.js";
