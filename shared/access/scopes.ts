import { ValidationError } from '../errors.js';

/** API key scopes; `admin` implies every other. */
export const SCOPES = ['ingest', 'read', 'triage', 'admin'] as const;
/** One scope. */
export type Scope = (typeof SCOPES)[number];

/** Whether a key with `granted` may use a route that needs `required`. */
export const hasScope = (granted: readonly Scope[], required: Scope): boolean =>
  granted.includes('admin') || granted.includes(required);

/** Parses `read,triage` (or an array); throws ValidationError naming unknown scopes. */
export const parseScopes = (raw: string | readonly string[], path = 'scopes'): Scope[] => {
  const list = (typeof raw === 'string' ? raw.split(',') : [...raw]).map((s) => s.trim()).filter(Boolean);
  const bad = list.filter((s) => !(SCOPES as readonly string[]).includes(s));
  if (bad.length || list.length === 0)
    throw new ValidationError('Invalid scopes', [
      {
        path,
        message: bad.length ? `unknown scope ${bad.join(', ')}; use ${SCOPES.join(', ')}` : 'give at least one scope',
      },
    ]);
  return [...new Set(list)] as Scope[];
};
