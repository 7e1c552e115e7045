import type { AnalysisBacklog } from '../../shared/feedback/ports.js';

/** What the progress line is computed from, sampled every few seconds. */
export interface ProgressSample {
  at: number;
  requests: number;
  serverErrors: number;
  /** Comments accepted (messages enqueued for analysis). */
  accepted: number;
  /** Comments analysed (messages the consumer acknowledged). */
  analysed: number;
  backlog: AnalysisBacklog;
}

const rate = (delta: number, ms: number) => (ms > 0 ? Math.round((delta * 1000) / ms) : 0);
const count = (n: number) => n.toLocaleString('en-US');

/**
 * One human-readable line of what happened since the previous sample, or undefined when nothing did
 * (the console stays quiet while the stack is idle).
 */
export const formatProgress = (previous: ProgressSample, current: ProgressSample): string | undefined => {
  const ms = current.at - previous.at;
  const requests = current.requests - previous.requests;
  const accepted = current.accepted - previous.accepted;
  const analysed = current.analysed - previous.analysed;
  const { queued, inFlight, oldestWaitingSeconds, deadLetters } = current.backlog;
  if (requests === 0 && analysed === 0 && queued === 0 && inFlight === 0) return undefined;
  const time = new Date(current.at).toISOString().slice(11, 19);
  const errors = current.serverErrors - previous.serverErrors;
  return [
    `${time}  requests ${count(requests)}${errors ? ` (${count(errors)} failed)` : ''}`,
    `accepted ${count(accepted)} (${count(rate(accepted, ms))}/s)`,
    `analysed ${count(analysed)} (${count(rate(analysed, ms))}/s)`,
    `backlog ${count(queued)} queued, ${count(inFlight)} in flight, oldest ${(oldestWaitingSeconds ?? 0).toFixed(1)} s` +
      (deadLetters ? `, ${count(deadLetters)} dead letters` : ''),
  ].join('  ·  ');
};

/** Samples every `intervalMs` and hands each non-empty line to `write`; returns the stopper. */
export const startProgress = (
  sample: () => Promise<ProgressSample>,
  write: (line: string) => void,
  intervalMs = 5_000,
): (() => void) => {
  let previous: ProgressSample | undefined;
  const timer = setInterval(async () => {
    const current = await sample();
    const line = previous && formatProgress(previous, current);
    if (line) write(line);
    previous = current;
  }, intervalMs);
  timer.unref();
  void sample().then((first) => {
    previous ??= first;
  });
  return () => clearInterval(timer);
};
