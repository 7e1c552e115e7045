import { randomUUID } from 'node:crypto';
import type { Context } from 'aws-lambda';

/** Options of a local invocation's Context; the defaults are those of a Koe function on AWS. */
export interface LambdaContextOptions {
  /** The function's folder name under functions/; the Lambda name is `koe-<fn>`. */
  fn: string;
  /** How long the invocation may run before Lambda would stop it. */
  timeoutMs?: number | undefined;
  awsRequestId?: string;
  memoryMb?: number;
}

const notSupported = (name: string) => () => {
  // Callback-style completion is deprecated on Node runtimes; Koe's handlers are async.
  throw new Error(`context.${name}() is not supported: return from the async handler instead`);
};

/** A Lambda-like Context for invoking a handler in process, as the Lambda runtime would pass it. */
export const makeLambdaContext = (options: LambdaContextOptions): Context => {
  const functionName = `koe-${options.fn}`;
  const deadline = Date.now() + (options.timeoutMs ?? 30_000);
  const awsRequestId = options.awsRequestId ?? randomUUID();
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:local:000000000000:function:${functionName}`,
    memoryLimitInMB: String(options.memoryMb ?? 1024),
    awsRequestId,
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: `local/[$LATEST]${process.pid}`,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: notSupported('done'),
    fail: notSupported('fail'),
    succeed: notSupported('succeed'),
  };
};
