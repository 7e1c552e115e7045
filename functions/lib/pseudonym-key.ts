import { randomBytes } from 'node:crypto';
import { chmodSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SSMProvider } from '@aws-lambda-powertools/parameters/ssm';
import { SSMClient } from '@aws-sdk/client-ssm';
import { DependencyError } from '../../shared/errors.js';
import type { PseudonymKey } from '../../shared/feedback/ids.js';
import type { Config } from './config.js';

/** File in the local data folder that holds the installation's pseudonym secret (32 random bytes, 0600). */
export const PSEUDONYM_KEY_FILE = 'pseudonym.key';

/** A secret of at least 32 characters as key bytes (a base64 value and a passphrase both work: it is HMAC keying). */
const keyBytes = (value: string, source: string): Uint8Array => {
  const trimmed = value.trim();
  if (trimmed.length < 32) throw new Error(`Invalid configuration: ${source} must hold at least 32 characters`);
  return Buffer.from(trimmed, 'utf8');
};

/**
 * Reads the local key file, or creates it once (exclusive create, mode 0600): the same installation
 * keeps the same pseudonyms across restarts. A file others can read is refused, as ssh refuses a key.
 */
export const localPseudonymKey = (dataDir: string): Uint8Array => {
  const path = join(dataDir, PSEUDONYM_KEY_FILE);
  try {
    writeFileSync(path, randomBytes(32).toString('base64url'), { flag: 'wx', mode: 0o600 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  chmodSync(path, 0o600);
  if ((statSync(path).mode & 0o077) !== 0) throw new Error(`${path} must be readable by its owner only (chmod 600)`);
  return keyBytes(readFileSync(path, 'utf8'), path);
};

/**
 * The pseudonym secret this configuration names: `KOE_PSEUDONYM_KEY` (any runtime), else the SSM
 * SecureString `KOE_PSEUDONYM_KEY_PARAMETER` (AWS; a Secrets Manager secret through
 * `/aws/reference/secretsmanager/<name>`), else, on the local stack (`local` given), `<dataDir>/pseudonym.key`
 * or — a stack kept in memory — a random key for this run. On AWS with neither variable set, a customer id
 * fails the request with a clear cause rather than get a key that differs from one Lambda to the next.
 * Fetched once, when a customer id first needs it.
 */
export const pseudonymKeyFromConfig = (
  config: Config,
  local?: { dataDir?: string | undefined },
  ssm: () => SSMClient = () => new SSMClient({}),
): PseudonymKey => {
  if (config.KOE_PSEUDONYM_KEY) {
    const key = keyBytes(config.KOE_PSEUDONYM_KEY, 'KOE_PSEUDONYM_KEY');
    return async () => key;
  }
  const parameter = config.KOE_PSEUDONYM_KEY_PARAMETER;
  if (parameter) {
    let cached: Promise<Uint8Array> | undefined;
    return () => {
      cached ??= new SSMProvider({ awsSdkV3Client: ssm() })
        .get(parameter, { decrypt: true, maxAge: 3600 })
        .then((value) => keyBytes(String(value ?? ''), parameter))
        .catch((error) => {
          cached = undefined;
          throw new DependencyError('SSM (pseudonym key)', { cause: error });
        });
      return cached;
    };
  }
  if (!local) {
    return async () => {
      throw new Error(
        'Invalid configuration: set KOE_PSEUDONYM_KEY_PARAMETER (or KOE_PSEUDONYM_KEY) to store customer ids',
      );
    };
  }
  const key = local.dataDir ? localPseudonymKey(local.dataDir) : randomBytes(32);
  return async () => key;
};
