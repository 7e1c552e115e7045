import { Logger } from '@aws-lambda-powertools/logger';

/** What the local runtime's parts log through: ids, counts, timings — never bodies or events. */
export interface LocalLog {
  info(message: string, attributes?: Record<string, unknown>): void;
  warn(message: string, attributes?: Record<string, unknown>): void;
  error(message: string, attributes?: Record<string, unknown>): void;
}

// The same structured JSON as the handlers' Powertools logger (and POWERTOOLS_LOG_LEVEL), under its own name.
const powertools = new Logger({ serviceName: 'koe-local' });

/** The default log of the local runtime: Powertools JSON lines on stdout. */
export const localLog: LocalLog = {
  info: (message, attributes) => powertools.info(message, attributes ?? {}),
  warn: (message, attributes) => powertools.warn(message, attributes ?? {}),
  error: (message, attributes) => powertools.error(message, attributes ?? {}),
};
