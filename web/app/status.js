/**
 * GET /v1/status, polled while signed in: the analysis backlog (the banner), the range of dates that
 * hold data (the metrics view opens there) and the key's scopes (actions shown only when allowed).
 */
import { call } from './api.js';

const POLL_MS = 5000;

/**
 * @typedef {{queued: number, inFlight: number, oldestQueuedAt: string | null}} Backlog
 * @typedef {{backlog: Backlog, dataRange: {first: string, last: string} | null, key: {name: string, scopes: string[]} | null}} Status
 */

/** @type {Status | undefined} */
let latest;
/** @type {Promise<Status | undefined> | undefined} */
let inFlight;
/** @type {Set<(status: Status) => void>} */
const listeners = new Set();
/** @type {ReturnType<typeof setTimeout> | undefined} */
let timer;

/** Reads the status now (one call at a time); undefined when the route fails (older servers have none). */
export const refreshStatus = () => {
  inFlight ??= call('/v1/status')
    .then(
      (status) => {
        latest = status;
        for (const listener of listeners) listener(status);
        return status;
      },
      () => undefined,
    )
    .finally(() => {
      inFlight = undefined;
    });
  return inFlight;
};

/** The last status read, or a fresh one. */
export const currentStatus = async () => latest ?? (await refreshStatus());

/** Calls `listener` on every status read. @param {(status: Status) => void} listener @returns {() => void} */
export const onStatus = (listener) => {
  listeners.add(listener);
  return () => listeners.delete(listener);
};

/** Polls every few seconds until `stopStatus`. */
export const startStatus = () => {
  stopStatus();
  const tick = async () => {
    await refreshStatus();
    timer = setTimeout(tick, POLL_MS);
  };
  tick();
};

/** Stops polling and forgets the last answer (sign-out). */
export const stopStatus = () => {
  clearTimeout(timer);
  timer = undefined;
  latest = undefined;
};

/** Whether the signed-in key may use routes that need `scope`. @param {Status | undefined} status @param {string} scope */
export const allows = (status, scope) => Boolean(status?.key?.scopes.includes(scope));
