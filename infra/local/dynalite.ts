import type { AddressInfo } from 'node:net';
import dynalite from 'dynalite';

/** A running embedded DynamoDB engine. */
export interface DynaliteEngine {
  endpoint: string;
  stop(): Promise<void>;
}

/** Starts dynalite on loopback; `path` persists data in a LevelDB folder, absent means in memory. */
export const startDynalite = async (options: { port?: number; path?: string }): Promise<DynaliteEngine> => {
  const server = dynalite({
    path: options.path,
    createTableMs: 0,
    deleteTableMs: 0,
    updateTableMs: 0,
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
};
