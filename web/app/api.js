/**
 * The Koe API as the dashboard calls it: same origin (the local server serves both; on AWS CloudFront
 * routes /v1/* to the API), the key as a bearer token, errors as ApiError with the API's message.
 */

const KEY_STORAGE = 'koe.key';

/** An answer other than 2xx: `status` and the API's `{error: {code, message}}`. */
export class ApiError extends Error {
  /** @param {number} status @param {string} code @param {string} message */
  constructor(status, code, message) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
  }
}

/** The signed-in key (sessionStorage: gone when the tab closes). */
export const getKey = () => sessionStorage.getItem(KEY_STORAGE);
/** @param {string} key */
export const setKey = (key) => sessionStorage.setItem(KEY_STORAGE, key);
export const clearKey = () => sessionStorage.removeItem(KEY_STORAGE);

let onUnauthorized = (/** @type {ApiError} */ _error) => {};
/** Called when any call answers 401 (revoked or wrong key): the app signs out. @param {(e: ApiError) => void} fn */
export const setUnauthorizedHandler = (fn) => {
  onUnauthorized = fn;
};

/**
 * Calls the API. `key` overrides the stored key (sign-in checks a key before keeping it).
 * @param {string} path
 * @param {{method?: string, body?: unknown, key?: string, query?: Record<string, string | undefined>}} [options]
 */
export const call = async (path, options = {}) => {
  const key = options.key ?? getKey();
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(options.query ?? {})) if (value) query.set(name, value);
  const qs = query.toString();
  /** @type {Record<string, string>} */
  const headers = { accept: 'application/json' };
  if (key) headers.authorization = `Bearer ${key}`;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  let res;
  try {
    res = await fetch(`${path}${qs ? `?${qs}` : ''}`, {
      method: options.method ?? 'GET',
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      cache: 'no-store',
    });
  } catch {
    throw new ApiError(0, 'NETWORK', '');
  }
  const body = await res.json().catch(() => undefined);
  if (!res.ok) {
    const error = new ApiError(res.status, body?.error?.code ?? 'HTTP', body?.error?.message ?? res.statusText);
    if (res.status === 401 && options.key === undefined) onUnauthorized(error);
    throw error;
  }
  return body;
};
