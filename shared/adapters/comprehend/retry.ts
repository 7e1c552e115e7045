import { DependencyError } from '../../errors.js';

/** Bounded exponential backoff with full jitter. */
export interface RetryPolicy {
  /** Attempts in all, the first included. */
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

/** Five attempts, 100 ms doubling to at most 5 s: about 1.5 s of waiting on average before giving up. */
export const DEFAULT_RETRY: RetryPolicy = { maxAttempts: 5, baseDelayMs: 100, maxDelayMs: 5_000 };

const TRANSIENT_NAMES = new Set([
  'ThrottlingException',
  'TooManyRequestsException',
  'ProvisionedThroughputExceededException',
  'RequestLimitExceeded',
  'InternalServerException',
  'ServiceUnavailableException',
  'ServiceUnavailable',
  'TimeoutError',
  'RequestTimeout',
  'RequestTimeoutException',
]);

const TRANSIENT_CODES = new Set(['ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ECONNREFUSED', 'EAI_AGAIN']);

interface SdkErrorShape {
  name?: string;
  code?: string;
  $retryable?: unknown;
  $metadata?: { httpStatusCode?: number };
}

/** True for errors worth another attempt: throttling, 5xx, timeouts and dropped connections. */
export const isTransient = (error: unknown): boolean => {
  const e = (error ?? {}) as SdkErrorShape;
  if (e.name && TRANSIENT_NAMES.has(e.name)) return true;
  if (e.code && TRANSIENT_CODES.has(e.code)) return true;
  if (e.$retryable) return true;
  const status = e.$metadata?.httpStatusCode;
  return status === 429 || (status !== undefined && status >= 500);
};

/** Waits `ms` milliseconds; replaceable so that tests never sleep for real. */
export type Sleep = (ms: number) => Promise<void>;

/** The real timer. */
export const sleep: Sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Runs `call`, retrying transient failures with full-jitter backoff; when the attempts run out
 * it throws DependencyError(`dependency`) with the last error as cause. Other errors pass through.
 */
export const withRetry = async <T>(
  call: () => Promise<T>,
  dependency: string,
  policy: RetryPolicy,
  wait: Sleep = sleep,
  random: () => number = Math.random,
): Promise<T> => {
  for (let attempt = 1; ; attempt++) {
    try {
      return await call();
    } catch (error) {
      if (!isTransient(error)) throw error;
      if (attempt >= policy.maxAttempts) throw new DependencyError(dependency, { cause: error });
      const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
      await wait(Math.floor(random() * ceiling));
    }
  }
};
