// A stand-in for infra/local/analysis-worker.ts speaking its messages (test/integration/local/analysis-thread.test.ts):
// it refuses to open when the setup's env has FAKE_OPEN_FAILS, dies (exits the thread) on the first receive of a
// record whose body names "crash", and otherwise answers every batch with no failures — only once opened.
import { parentPort } from 'node:worker_threads';

let opened = false;
parentPort.on('message', (message) => {
  if (message.type === 'open') {
    if (message.setup.env.FAKE_OPEN_FAILS) {
      parentPort.postMessage({ type: 'start-failed', name: 'Error', message: 'no models' });
      parentPort.close();
      return;
    }
    opened = true;
    parentPort.postMessage({ type: 'ready' });
  } else if (message.type === 'batch') {
    const crash = message.event.Records.some(
      (r) => r.body.includes('crash') && r.attributes.ApproximateReceiveCount === '1',
    );
    if (crash) process.exit(3);
    if (!opened) parentPort.postMessage({ type: 'failed', seq: message.seq, name: 'Error', message: 'not opened' });
    else parentPort.postMessage({ type: 'result', seq: message.seq, response: { batchItemFailures: [] } });
  } else {
    parentPort.close();
  }
});
