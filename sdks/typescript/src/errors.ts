/**
 * Errors: one class per failure, chosen by the answer's `type` (else its status), like Stripe's and OpenAI's SDKs.
 * Every error the API answers is `{type, message, help}` (422 adds `details`).
 */

export interface ErrorDetail {
  type: string;
  message: string;
  location: Array<string | number>;
}

export class RunaError extends Error {
  override name = "RunaError";
}

/** The request never got an answer (refused, reset, DNS, TLS); raised after the retries. */
export class APIConnectionError extends RunaError {
  override name = "APIConnectionError";
  constructor(message = "Connection error.", options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** The request timed out; raised after the retries. */
export class APITimeoutError extends APIConnectionError {
  override name = "APITimeoutError";
  constructor(message = "Request timed out.", options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** The API answered 4xx or 5xx. */
export class APIStatusError extends RunaError {
  override name = "APIStatusError";
  readonly status: number;
  readonly type: string | undefined;
  readonly help: string | undefined;
  readonly details: ErrorDetail[];
  readonly requestId: string | undefined;
  readonly headers: Headers;
  readonly body: unknown;

  constructor(status: number, body: unknown, headers: Headers) {
    const fields = (body && typeof body === "object" ? body : {}) as Record<string, unknown>;
    // API Gateway's own answers (429 throttling) are {"error": "..."}.
    const message = String(fields.message ?? fields.error ?? `HTTP ${status}`);
    super(message);
    this.status = status;
    this.type = typeof fields.type === "string" ? fields.type : undefined;
    this.help = typeof fields.help === "string" ? fields.help : undefined;
    this.details = Array.isArray(fields.details) ? (fields.details as ErrorDetail[]) : [];
    this.requestId = headers.get("x-request-id") ?? undefined;
    this.headers = headers;
    this.body = body;
    this.message = `${status} ${this.type ?? "error"}: ${message}` + (this.requestId ? ` [request id ${this.requestId}]` : "");
  }
}

export class BadRequestError extends APIStatusError { override name = "BadRequestError"; }
/** 400 `insufficient_funds`: the balance does not cover the order. */
export class InsufficientFundsError extends BadRequestError { override name = "InsufficientFundsError"; }
/** 400 `payment_method_unavailable`: no balance in that currency. */
export class PaymentMethodUnavailableError extends BadRequestError { override name = "PaymentMethodUnavailableError"; }
/** 400 `product_validation_error` or `currency_mismatch`. */
export class ProductValidationError extends BadRequestError { override name = "ProductValidationError"; }
/** 400 `idempotency_validation_error`: the key was used with another body or mode. */
export class IdempotencyError extends BadRequestError { override name = "IdempotencyError"; }
/** 400 `pagination_error`. */
export class PaginationError extends BadRequestError { override name = "PaginationError"; }
/** 413: the body is over 256 KB. */
export class PayloadTooLargeError extends BadRequestError { override name = "PayloadTooLargeError"; }
/** 401 `unauthorized`: no key was sent. */
export class AuthenticationError extends APIStatusError { override name = "AuthenticationError"; }
/** 401 `invalid_api_key`: unknown, malformed, wrong or revoked key. */
export class InvalidApiKeyError extends AuthenticationError { override name = "InvalidApiKeyError"; }
/** 403 `forbidden`: the key's scope or product does not allow it. */
export class PermissionDeniedError extends APIStatusError { override name = "PermissionDeniedError"; }
export class NotFoundError extends APIStatusError { override name = "NotFoundError"; }
export class ConflictError extends APIStatusError { override name = "ConflictError"; }
/** 422 `validation_error`; `details` lists each problem. */
export class ValidationError extends APIStatusError { override name = "ValidationError"; }
/** 429: throttled, or `token_cap_reached`. */
export class RateLimitError extends APIStatusError { override name = "RateLimitError"; }
export class InternalServerError extends APIStatusError { override name = "InternalServerError"; }
export class ServiceUnavailableError extends InternalServerError { override name = "ServiceUnavailableError"; }

type StatusErrorClass = new (status: number, body: unknown, headers: Headers) => APIStatusError;

const BY_TYPE: Record<string, StatusErrorClass> = {
  insufficient_funds: InsufficientFundsError,
  payment_method_unavailable: PaymentMethodUnavailableError,
  product_validation_error: ProductValidationError,
  currency_mismatch: ProductValidationError,
  idempotency_validation_error: IdempotencyError,
  pagination_error: PaginationError,
  unauthorized: AuthenticationError,
  invalid_api_key: InvalidApiKeyError,
  forbidden: PermissionDeniedError,
  not_found: NotFoundError,
  conflict: ConflictError,
  validation_error: ValidationError,
  rate_exceeded: RateLimitError,
  token_cap_reached: RateLimitError,
  service_unavailable: ServiceUnavailableError,
};

const BY_STATUS: Record<number, StatusErrorClass> = {
  400: BadRequestError,
  401: AuthenticationError,
  403: PermissionDeniedError,
  404: NotFoundError,
  409: ConflictError,
  413: PayloadTooLargeError,
  422: ValidationError,
  429: RateLimitError,
  503: ServiceUnavailableError,
};

export function errorFromResponse(status: number, body: unknown, headers: Headers): APIStatusError {
  const type = body && typeof body === "object" ? (body as Record<string, unknown>).type : undefined;
  const cls =
    (typeof type === "string" ? BY_TYPE[type] : undefined) ??
    BY_STATUS[status] ??
    (status >= 500 ? InternalServerError : APIStatusError);
  return new cls(status, body, headers);
}
