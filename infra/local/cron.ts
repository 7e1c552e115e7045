// The parser moved to shared/scheduling/cron.ts: e-mail digest subscriptions validate and evaluate the same
// expressions. This re-export keeps the local scheduler's imports working.
export * from '../../shared/scheduling/cron.js';
