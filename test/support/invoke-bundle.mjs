// Loads a built function bundle the way Lambda's Node runtime does — a fresh process, `import()` of
// index.mjs, the AWS SDK resolved from node_modules — and invokes its handler with each event of a JSON
// file. Writes `{loadMs, results}` to the output file; the function's own log lines go to stdout as on Lambda.
// Usage: node invoke-bundle.mjs <bundle/index.mjs> <events.json> <out.json>
import { readFileSync, writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

const [bundle, eventsFile, outFile] = process.argv.slice(2);
const started = performance.now();
const { handler } = await import(pathToFileURL(bundle).href);
const loadMs = performance.now() - started;
const functionName = process.env.AWS_LAMBDA_FUNCTION_NAME ?? 'koe-bundle';
const context = (i) => ({
  callbackWaitsForEmptyEventLoop: false,
  functionName,
  functionVersion: '$LATEST',
  invokedFunctionArn: `arn:aws:lambda:us-east-1:000000000000:function:${functionName}`,
  memoryLimitInMB: '512',
  awsRequestId: `lambda-req-${i}`,
  logGroupName: `/aws/lambda/${functionName}`,
  logStreamName: 'bundle',
  getRemainingTimeInMillis: () => 30_000,
});
const results = [];
for (const [i, event] of JSON.parse(readFileSync(eventsFile, 'utf8')).entries())
  results.push(await handler(event, context(i)));
writeFileSync(outFile, JSON.stringify({ loadMs, results }));
