import { type FieldIssue, ValidationError } from '../errors.js';
import type { TranscriptInput } from '../transcripts/model.js';

/** What a tool's payload maps to: a conversation (or its new messages), or nothing Koe keeps. */
export type MappedPayload = { kind: 'transcript'; input: TranscriptInput } | { kind: 'ignored'; reason: string };

/** Reads fields of an untyped payload by path and collects every missing one, for one 400 naming them all. */
export class PayloadReader {
  readonly issues: FieldIssue[] = [];
  constructor(private readonly tool: string) {}

  /** The value at `path` (dot and [i] syntax) under `root`, or undefined. */
  at(root: unknown, path: string): unknown {
    let value: unknown = root;
    for (const part of path.split(/\.|\[(\d+)\]/).filter(Boolean)) {
      if (value === null || typeof value !== 'object') return undefined;
      value = (value as Record<string, unknown>)[part];
    }
    return value;
  }

  /** A string (numbers as their decimal form) at `path`, or an issue if absent. */
  string(root: unknown, path: string, prefix = ''): string | undefined {
    const value = this.at(root, path);
    if (typeof value === 'string' && value.trim() !== '') return value;
    if (typeof value === 'number' && Number.isFinite(value)) return String(value);
    this.issues.push({ path: prefix + path, message: `is required in a ${this.tool} payload` });
    return undefined;
  }

  /** An optional string at `path`. */
  optional(root: unknown, path: string): string | undefined {
    const value = this.at(root, path);
    if (typeof value === 'string' && value.trim() !== '') return value;
    if (typeof value === 'number' && Number.isFinite(value)) return String(value);
    return undefined;
  }

  /** Throws one ValidationError naming every missing field. */
  done(): void {
    if (this.issues.length > 0)
      throw new ValidationError(
        `Not a ${this.tool} payload Koe can read: ${this.issues.map((i) => i.path).join(', ')} missing`,
        this.issues,
      );
  }
}

/** Plain text of an HTML message body (Intercom parts, Zendesk html bodies): tags dropped, entities decoded. */
export const htmlToText = (html: string): string =>
  html
    .replace(/<\s*br\s*\/?>/gi, '\n')
    .replace(/<\/\s*(p|div|li|h[1-6])\s*>/gi, '\n')
    .replace(/<[^>]*>/g, '')
    .replace(/&nbsp;/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;|&apos;/g, "'")
    .replace(/&#(\d+);/g, (_, n: string) => String.fromCodePoint(Number(n)))
    .replace(/&amp;/g, '&')
    .replace(/\n{3,}/g, '\n\n')
    .trim();

/** An ISO instant from unix seconds or an ISO string; undefined when neither. */
export const toIso = (value: unknown): string | undefined => {
  if (typeof value === 'number' && Number.isFinite(value)) return new Date(value * 1000).toISOString();
  if (typeof value === 'string' && /^\d+$/.test(value)) return new Date(Number(value) * 1000).toISOString();
  if (typeof value === 'string' && !Number.isNaN(Date.parse(value))) return new Date(value).toISOString();
  return undefined;
};
