import type { Scope } from './scopes.js';

/** A stored API key: only its hash, never the key. */
export interface ApiKeyRecord {
  id: string;
  name: string;
  scopes: Scope[];
  hash: string;
  createdAt: string;
  revokedAt?: string;
}

/** Storage of API keys. */
export interface KeyStore {
  /** Stores a new key; throws if the id exists (a collision of 64 random bits, in practice never). */
  create(record: ApiKeyRecord): Promise<void>;
  findById(id: string): Promise<ApiKeyRecord | undefined>;
  /** Every key, newest first (revoked ones too). */
  list(): Promise<ApiKeyRecord[]>;
  /** Marks the key revoked; returns the record, or undefined when there is no such key. */
  revoke(id: string, at: string): Promise<ApiKeyRecord | undefined>;
}
