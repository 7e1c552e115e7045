import { describe, expect, it } from 'vitest';
import { authorize } from '../../../shared/access/authorize.js';
import { generateKey, hashKey, keyIdFromHash } from '../../../shared/access/keys.js';
import { createApiKey, parseCreateKey, revokeApiKey } from '../../../shared/access/manage-keys.js';
import type { ApiKeyRecord, KeyStore } from '../../../shared/access/ports.js';
import { hasScope, parseScopes } from '../../../shared/access/scopes.js';
import { ValidationError } from '../../../shared/errors.js';

/** An in-memory KeyStore: the port's behaviour, no storage. */
class MemoryKeyStore implements KeyStore {
  readonly records = new Map<string, ApiKeyRecord>();
  async create(record: ApiKeyRecord) {
    this.records.set(record.id, record);
  }
  async findById(id: string) {
    return this.records.get(id);
  }
  async list() {
    return [...this.records.values()];
  }
  async revoke(id: string, at: string) {
    const record = this.records.get(id);
    if (!record) return undefined;
    record.revokedAt ??= at;
    return record;
  }
}

const now = () => new Date('2026-11-22T09:00:00.000Z');
const BOOTSTRAP = 'local-bootstrap-key-0123456789';

const setup = async (scopes = 'read') => {
  const keys = new MemoryKeyStore();
  const created = await createApiKey(parseCreateKey({ name: 'dash', scopes }), { keys, now });
  return { keys, created, deps: { keys, bootstrapKey: BOOTSTRAP } };
};

describe('API keys', () => {
  it('are koe_ + 32 random bytes, stored only as their SHA-256 with an id derived from it', async () => {
    // Act
    const { keys, created } = await setup();
    // Assess
    expect(created.key).toMatch(/^koe_[A-Za-z0-9_-]{43}$/);
    const stored = keys.records.get(created.id);
    expect(stored?.hash).toBe(hashKey(created.key));
    expect(created.id).toBe(keyIdFromHash(stored?.hash ?? ''));
    expect(JSON.stringify(stored)).not.toContain(created.key);
    expect(generateKey().key).not.toBe(generateKey().key);
  });

  it('parse scopes strictly', () => {
    expect(parseScopes('read, triage,read')).toEqual(['read', 'triage']);
    expect(() => parseScopes('read,write')).toThrow(ValidationError);
    expect(() => parseScopes('')).toThrow(ValidationError);
  });

  it('let admin do everything and others only what they hold', () => {
    expect(hasScope(['admin'], 'triage')).toBe(true);
    expect(hasScope(['read'], 'triage')).toBe(false);
    expect(hasScope(['read', 'triage'], 'triage')).toBe(true);
  });
});

describe('authorize', () => {
  it('answers 401 without a bearer key, or with a malformed header', async () => {
    const { deps } = await setup();
    expect(await authorize(undefined, 'read', deps)).toMatchObject({ allowed: false, status: 401 });
    expect(await authorize('Basic abc', 'read', deps)).toMatchObject({ allowed: false, status: 401 });
  });

  it('answers 401 for an unknown key and for a key that is one character off', async () => {
    const { created, deps } = await setup();
    const tampered = `${created.key.slice(0, -1)}${created.key.endsWith('A') ? 'B' : 'A'}`;
    expect(await authorize(`Bearer ${generateKey().key}`, 'read', deps)).toMatchObject({ status: 401 });
    expect(await authorize(`Bearer ${tampered}`, 'read', deps)).toMatchObject({ status: 401 });
  });

  it('answers 403 for a valid key without the scope, 401 once it is revoked', async () => {
    // Prepare
    const { keys, created, deps } = await setup('ingest');
    // Act
    const forbidden = await authorize(`Bearer ${created.key}`, 'read', deps);
    await revokeApiKey(created.id, { keys, now });
    const revoked = await authorize(`Bearer ${created.key}`, 'ingest', deps);
    // Assess
    expect(forbidden).toMatchObject({ allowed: false, status: 403 });
    expect(revoked).toMatchObject({ allowed: false, status: 401 });
  });

  it('allows a key with the scope and names it as the principal', async () => {
    const { created, deps } = await setup('read,triage');
    expect(await authorize(`bearer ${created.key}`, 'triage', deps)).toEqual({
      allowed: true,
      principal: { keyId: created.id, name: 'dash', scopes: 'read,triage' },
    });
  });

  it('accepts the bootstrap key as admin, and nothing close to it', async () => {
    const { deps } = await setup();
    expect(await authorize(`Bearer ${BOOTSTRAP}`, 'admin', deps)).toMatchObject({
      allowed: true,
      principal: { name: 'bootstrap' },
    });
    expect(await authorize(`Bearer ${BOOTSTRAP}x`, 'read', deps)).toMatchObject({ status: 401 });
    expect(await authorize(`Bearer ${BOOTSTRAP}`, 'read', { ...deps, bootstrapKey: undefined })).toMatchObject({
      status: 401,
    });
  });
});
