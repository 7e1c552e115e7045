/**
 * npm run bench:bundles — each Lambda bundle's size and cold module-load time: the function built as the
 * CDK builds it (infra/aws/bundle.ts), then `import()`ed by a fresh Node process with the AWS SDK from
 * node_modules (test/support/invoke-bundle.mjs), as Lambda's runtime loads it at init; no invocation.
 * Prints a table, the functions side by side (the two that draw charts ship resvg beside the bundle and
 * are left out). On a loaded machine the absolute times mean little; compare the rows.
 *
 *   npm run bench:bundles [-- --runs 3 --only analyze,ingest]
 */
import { statSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { QUEUE_CONSUMERS, ROUTES } from '../functions/routes.js';
import { SCHEDULES } from '../functions/schedules.js';
import { buildFunctionBundle } from '../infra/aws/bundle.js';
import { REPO_ROOT } from '../infra/aws/constructs/koe-function.js';
import { bundleDir, invokeBundle } from '../test/support/bundle-harness.js';
import { machine, printTable } from './lib/bench.js';

const DRAWS_CHARTS = new Set(['reports', 'digests-job']);
const { values } = parseArgs({ options: { runs: { type: 'string', default: '3' }, only: { type: 'string' } } });
const runs = Number(values.runs);
const all = [...new Set([...QUEUE_CONSUMERS, 'authorizer', ...ROUTES.map((r) => r.fn), ...SCHEDULES.map((s) => s.fn)])];
const functions = (values.only ? values.only.split(',') : all).filter((fn) => !DRAWS_CHARTS.has(fn));

// What the functions read at module scope on AWS; nothing is called.
const env = {
  AWS_REGION: 'us-east-1',
  AWS_ACCESS_KEY_ID: 'bench',
  AWS_SECRET_ACCESS_KEY: 'bench',
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  POWERTOOLS_SERVICE_NAME: 'koe',
  TABLE_NAME: 'koe-bench',
  ANALYSIS_QUEUE_URL: 'https://sqs.us-east-1.amazonaws.com/000000000000/koe-analysis',
  ANALYSIS_DLQ_URL: 'https://sqs.us-east-1.amazonaws.com/000000000000/koe-dead-letters',
  ALERTS_TOPIC_ARN: 'arn:aws:sns:us-east-1:000000000000:koe-alerts',
  KUROMOJI_DICT_PATH: join(REPO_ROOT, 'node_modules/kuromoji/dict'),
};

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const dir = bundleDir('bench');
const rows: Array<Array<string | number>> = [];
console.log(`Bundles: ${functions.length} functions, ${runs} cold loads each; ${machine()}`);
try {
  for (const fn of functions) {
    const bundle = await buildFunctionBundle(fn, join(dir, fn));
    const times: number[] = [];
    for (let i = 0; i < runs; i++)
      times.push((await invokeBundle(bundle, [], { ...env, AWS_LAMBDA_FUNCTION_NAME: `koe-${fn}` })).loadMs);
    rows.push([
      fn,
      (statSync(bundle).size / 1024).toFixed(0),
      median(times).toFixed(0),
      Math.min(...times).toFixed(0),
      Math.max(...times).toFixed(0),
    ]);
  }
} finally {
  await rm(dir, { recursive: true, force: true });
}
printTable(['function', 'bundle KB', 'load ms (median)', 'min', 'max'], rows);
console.log(`after: ${machine()}`);
