import { mkdirSync, readdirSync, readFileSync, renameSync } from 'node:fs';
import { rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** One queue message as it is kept on disk (and in memory). Format version 1. */
export interface StoredMessage {
  v: 1;
  messageId: string;
  body: string;
  md5OfBody: string;
  /** Epoch ms of the send. */
  sentTimestamp: number;
  /** Epoch ms of the first receive, once received. */
  firstReceiveTimestamp?: number;
  receiveCount: number;
  firstFailedAt?: string;
  lastError?: string;
  /** Set once the message is a dead letter. */
  deadAt?: string;
}

/** Which folder a message lives in. */
export type MessageState = 'pending' | 'dead';

/**
 * Crash-safe persistence of a queue: one small JSON file per message under `<dir>/pending/` or
 * `<dir>/dead/`, always written to a temporary name and renamed into place, so a reader sees
 * either the old or the new content, never half a file. No journal, no compaction: a message's
 * file is its whole state, deleting it is acknowledging it.
 */
export class MessageFiles {
  private readonly tail = new Map<string, Promise<void>>();

  constructor(private readonly dir: string) {
    mkdirSync(join(dir, 'pending'), { recursive: true });
    mkdirSync(join(dir, 'dead'), { recursive: true });
  }

  /** Reads everything back after a restart; leftovers of an interrupted write are removed, unreadable files set aside. */
  load(onCorrupt: (file: string) => void): { pending: StoredMessage[]; dead: StoredMessage[] } {
    const read = (state: MessageState) => {
      const folder = join(this.dir, state);
      const messages: StoredMessage[] = [];
      for (const name of readdirSync(folder)) {
        const path = join(folder, name);
        if (!name.endsWith('.json')) {
          // A `.tmp` left by a crash between write and rename: the previous version (if any) is intact.
          if (name.endsWith('.tmp')) renameSync(path, join(this.dir, `${name}.discarded`));
          continue;
        }
        try {
          const message = JSON.parse(readFileSync(path, 'utf8')) as StoredMessage;
          if (message.v !== 1 || typeof message.messageId !== 'string' || typeof message.body !== 'string') {
            throw new Error('not a queue message');
          }
          messages.push(message);
        } catch {
          renameSync(path, join(this.dir, `${name}.corrupt`));
          onCorrupt(name);
        }
      }
      return messages.sort((a, b) => a.sentTimestamp - b.sentTimestamp);
    };
    const dead = read('dead');
    const deadIds = new Set(dead.map((m) => m.messageId));
    // A crash between writing the dead letter and removing the pending file leaves both: the dead letter wins.
    const pending = read('pending').filter((m) => !deadIds.has(m.messageId));
    return { pending, dead };
  }

  /** Writes a message's whole state into `state`, atomically. */
  write(message: StoredMessage, state: MessageState): Promise<void> {
    return this.serial(message.messageId, async () => {
      const path = this.path(message.messageId, state);
      const tmp = `${path}.${process.pid}.tmp`;
      await writeFile(tmp, JSON.stringify(message));
      await rename(tmp, path);
    });
  }

  /** Removes a message's file from `state` (acknowledged, or moved to the other state). */
  remove(messageId: string, state: MessageState): Promise<void> {
    return this.serial(messageId, () => rm(this.path(messageId, state), { force: true }));
  }

  /** Moves a message from one state to the other: the new file first, so a crash in between keeps it. */
  async move(message: StoredMessage, from: MessageState, to: MessageState): Promise<void> {
    await this.write(message, to);
    await this.remove(message.messageId, from);
  }

  /** Resolves when every write issued so far has landed. */
  async flush(): Promise<void> {
    while (this.tail.size) await Promise.allSettled([...this.tail.values()]);
  }

  private path(messageId: string, state: MessageState) {
    return join(this.dir, state, `${messageId}.json`);
  }

  // Operations on one message run in order, so a late rewrite can never resurrect a removed file.
  private serial(messageId: string, op: () => Promise<void>): Promise<void> {
    const previous = this.tail.get(messageId) ?? Promise.resolve();
    const next = previous.catch(() => undefined).then(op);
    const settled = next.catch(() => undefined);
    this.tail.set(messageId, settled);
    void settled.then(() => {
      if (this.tail.get(messageId) === settled) this.tail.delete(messageId);
    });
    return next;
  }
}
