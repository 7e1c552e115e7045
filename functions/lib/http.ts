import type middy from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import {
  type FieldIssue,
  KoeError,
  PayloadTooLargeError,
  UnsupportedMediaTypeError,
  ValidationError,
} from '../../shared/errors.js';
import { logger } from './powertools.js';

/** Largest request body Koe accepts, in bytes. */
export const MAX_BODY_BYTES = 1024 * 1024;

const CODES: Record<number, string> = {
  400: 'INVALID_REQUEST',
  401: 'UNAUTHORIZED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  409: 'CONFLICT',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  503: 'UNAVAILABLE',
};

/** A JSON response with the headers every Koe answer carries. */
export const json = (
  statusCode: number,
  body: unknown,
  headers: Record<string, string> = {},
): APIGatewayProxyStructuredResultV2 => ({
  statusCode,
  headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', ...headers },
  body: JSON.stringify(body),
});

/** The error body: `{error: {code, message, issues?, requestId}}`. */
export const errorBody = (status: number, message: string, requestId?: string, issues?: FieldIssue[]) => ({
  error: {
    code: CODES[status] ?? 'INTERNAL',
    message,
    ...(issues?.length ? { issues } : {}),
    ...(requestId ? { requestId } : {}),
  },
});

/**
 * Maps Koe's error hierarchy to HTTP, once, for every API handler. Below 500 the message is
 * shown; anything unexpected is a 500 that leaks nothing but the request id.
 */
export const httpErrors = (): middy.MiddlewareObj<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2> => ({
  onError: async (request) => {
    const { error } = request;
    const requestId = request.event?.requestContext?.requestId;
    if (error instanceof KoeError && error.status !== 500) {
      if (error.status > 500)
        logger.warn('dependency failure', {
          error: error.name,
          cause: String((error as Error).cause ?? '').slice(0, 200),
        });
      const issues = error instanceof ValidationError ? error.issues : undefined;
      request.response = json(
        error.status,
        errorBody(error.status, error.message, requestId, issues),
        error.status === 503 ? { 'retry-after': '5' } : {},
      );
      return;
    }
    // Koe's bug (or a request the store refused that validation should have caught): logged with its cause, never retried.
    const cause = error instanceof KoeError ? (error.cause as Error | undefined) : undefined;
    logger.error('unhandled error', {
      error: error?.name,
      message: error?.message?.slice(0, 200),
      ...(cause ? { cause: `${cause.name}: ${String(cause.message).slice(0, 200)}` } : {}),
    });
    request.response = json(500, { error: { code: 'INTERNAL', message: 'internal error', requestId } });
  },
});

const header = (event: APIGatewayProxyEventV2, name: string) =>
  event.headers?.[name] ?? event.headers?.[name.toLowerCase()];

/**
 * Reads a JSON request body: 415 unless the content type is JSON in UTF-8, 413 over `maxBytes`,
 * 400 naming the parse problem for malformed JSON.
 */
export const readJsonBody = (event: APIGatewayProxyEventV2, maxBytes = MAX_BODY_BYTES): unknown => {
  const contentType = (header(event, 'content-type') ?? '').toLowerCase();
  const mediaType = contentType.split(';')[0]?.trim() ?? '';
  if (!(mediaType === 'application/json' || mediaType.endsWith('+json'))) {
    throw new UnsupportedMediaTypeError(`Content-Type must be application/json, got '${mediaType || 'none'}'`);
  }
  // JSON is UTF-8 (RFC 8259): a body declared in another charset would be stored as mojibake (issue 12).
  const charset = /;\s*charset\s*=\s*"?([^";\s]+)/.exec(contentType)?.[1];
  if (charset !== undefined && charset !== 'utf-8' && charset !== 'utf8') {
    throw new UnsupportedMediaTypeError(`Content-Type charset must be utf-8, got '${charset}'`);
  }
  const raw = event.body ?? '';
  const bytes = event.isBase64Encoded ? Buffer.from(raw, 'base64') : Buffer.from(raw, 'utf8');
  if (bytes.byteLength > maxBytes) {
    throw new PayloadTooLargeError(`Body is ${bytes.byteLength} bytes; the limit is ${maxBytes} bytes`);
  }
  const text = bytes.toString('utf8');
  if (text.trim() === '')
    throw new ValidationError('Body is empty; send a JSON object', [{ path: '(body)', message: 'is empty' }]);
  try {
    return JSON.parse(text);
  } catch (error) {
    const detail = error instanceof SyntaxError ? error.message : 'unparseable';
    throw new ValidationError(`Malformed JSON: ${detail}`, [{ path: '(body)', message: `malformed JSON: ${detail}` }]);
  }
};

/** A query-string parameter, or undefined. */
export const queryParam = (event: APIGatewayProxyEventV2, name: string): string | undefined =>
  event.queryStringParameters?.[name];
