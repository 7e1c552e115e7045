import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Duration, Validations } from 'aws-cdk-lib';
import { Architecture, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { type BundlingOptions, NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { readSettings } from '../settings.js';

/** The repository root: entry paths and the lock file are resolved from here, whatever the cwd. */
export const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/** A Lambda's composition root, `functions/<fn>/index.ts` (DESIGN.md: infra imports handlers by path only). */
export const functionEntry = (fn: string): string => `${REPO_ROOT}functions/${fn}/index.ts`;

/** Whether `functions/<fn>/index.ts` exists yet. */
export const functionExists = (fn: string): boolean => existsSync(functionEntry(fn));

// ESM bundles have no `require`, `__filename` or `__dirname`; CommonJS dependencies (kuromoji, natural)
// need them. Aliased imports so they cannot collide with names esbuild hoists into the bundle.
const ESM_BANNER = [
  "import { createRequire as __koeCreateRequire } from 'node:module';",
  "import { fileURLToPath as __koeFileURLToPath } from 'node:url';",
  "import { dirname as __koeDirname } from 'node:path';",
  'const require = __koeCreateRequire(import.meta.url);',
  'const __filename = __koeFileURLToPath(import.meta.url);',
  'const __dirname = __koeDirname(__filename);',
].join(' ');

/**
 * How every function is bundled (esbuild through the CDK); infra/aws/bundle.ts builds the same bundle
 * outside the CDK for the bundled-function test and `npm run bench:bundles`.
 */
export const KOE_BUNDLING = {
  format: OutputFormat.ESM,
  target: 'node22',
  mainFields: ['module', 'main'],
  banner: ESM_BANNER,
  minify: true,
  keepNames: true,
  sourceMap: false,
  // The Node 22 runtime ships AWS SDK v3; bundling our own would only grow cold starts.
  externalModules: ['@aws-sdk/*'],
} as const satisfies BundlingOptions;

/** What differs between Koe's functions; everything else is a default of {@link KoeFunction}. */
export interface KoeFunctionProps {
  /** Folder under functions/. */
  fn: string;
  description: string;
  logRetention: RetentionDays;
  /** Variables every function gets (timezone, dashboard URL); bindings add the rest. */
  environment?: Record<string, string>;
  /** @default 512 MB: ARM64 CPU scales with memory and cold starts dominate small bundles. */
  memorySize?: number;
  /** @default 10 s, inside API Gateway's 30 s integration limit. */
  timeout?: Duration;
  /** Instances kept for this function alone, and its ceiling (API functions: koe:apiReservedConcurrency). */
  reservedConcurrentExecutions?: number;
  /** Merged over the defaults (command hooks, node modules). */
  bundling?: BundlingOptions;
  /** Draws the e-mail digest's PNG charts: ships resvg's native addon and the CJK font (see chartBundling). */
  drawsCharts?: boolean;
  /**
   * For a function invoked asynchronously (a scheduled job): where Lambda sends the event after the function
   * failed {@link ASYNC_RETRY}'s retries, or found it too old to run.
   */
  deadLetterQueue?: IQueue;
}

/**
 * Lambda's retries of a failed asynchronous invocation (its default number, said here), and how old an event
 * may get waiting for one: a job run an hour late is the next run's work.
 */
export const ASYNC_RETRY = { retryAttempts: 2, maxEventAge: Duration.hours(1) } as const;

const RESVG_VERSION = (
  JSON.parse(readFileSync(`${REPO_ROOT}node_modules/@resvg/resvg-js/package.json`, 'utf8')) as { version: string }
).version;
/** fonts-noto-cjk's file on Debian/Ubuntu, which `.ci/run` installs; charts label Japanese with it. */
export const CJK_FONT = '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc';

/** The shell step that fails a chart function's bundling, saying how to fix it, when the deploying machine lacks the font. */
export const cjkFontCheck = (font: string = CJK_FONT): string =>
  `(test -f "${font}" || (echo "Koe: ${font} is missing; the digest charts need it. Install fonts-noto-cjk (apt-get install fonts-noto-cjk) and deploy again." >&2; exit 1))`;

/** resvg's native addon for Lambda's x86_64 Linux: the chart-drawing functions run on x86_64 (see below). */
const RESVG_LAMBDA_PACKAGE = 'resvg-js-linux-x64-gnu';

/**
 * resvg is a native addon that esbuild cannot bundle: it ships beside the bundle as a module with its
 * Linux x86_64 binary — copied from node_modules when the deploying machine is Linux x86_64 (so synth
 * stays offline, as in CI), else fetched from the npm registry by `npm pack` — and the CJK font, which the
 * deploying machine must have: bundling fails naming the package otherwise.
 */
export const chartBundling = (): Partial<BundlingOptions> => ({
  externalModules: ['@aws-sdk/*', '@resvg/resvg-js'],
  commandHooks: {
    beforeBundling: () => [],
    beforeInstall: () => [],
    afterBundling: (inputDir, outputDir) => {
      const pkg = RESVG_LAMBDA_PACKAGE;
      const installed = `${inputDir}/node_modules/@resvg/${pkg}`;
      const fetch = `(cd "${outputDir}/node_modules/@resvg" && npm pack "@resvg/${pkg}@${RESVG_VERSION}" --silent >/dev/null && tar xzf "resvg-${pkg}-${RESVG_VERSION}.tgz" -C "${pkg}" --strip-components=1 && rm "resvg-${pkg}-${RESVG_VERSION}.tgz")`;
      return [
        `mkdir -p "${outputDir}/node_modules/@resvg/${pkg}"`,
        `cp -R "${inputDir}/node_modules/@resvg/resvg-js" "${outputDir}/node_modules/@resvg/resvg-js"`,
        `(test -d "${installed}" && cp -R "${installed}/." "${outputDir}/node_modules/@resvg/${pkg}/" || ${fetch})`,
        // The charts label Japanese topics with this font: a deploy without it fails here, not silently in English.
        cjkFontCheck(),
        `mkdir -p "${outputDir}/fonts" && cp "${CJK_FONT}" "${outputDir}/fonts/"`,
      ];
    },
  },
});

/**
 * One Koe Lambda with the house defaults: Node 22 on ARM64, its own log group with retention, a minified
 * ESM bundle that keeps function names (readable stack traces without source maps, which doubled small
 * zips and, with --enable-source-maps, slowed cold starts), the Powertools service name, and X-Ray only
 * when `koe:tracing=active`.
 */
export class KoeFunction extends NodejsFunction {
  /** Folder under functions/ this function is built from. */
  readonly fn: string;

  constructor(scope: Construct, id: string, props: KoeFunctionProps) {
    const logGroup = new LogGroup(scope, `${id}Logs`, { retention: props.logRetention });
    const entry = functionEntry(props.fn);
    const tracing = readSettings(scope.node).tracing === 'active';
    super(scope, id, {
      entry,
      projectRoot: REPO_ROOT,
      depsLockFilePath: `${REPO_ROOT}package-lock.json`,
      description: props.description,
      runtime: Runtime.NODEJS_22_X,
      // Chart drawing runs on x86_64, whose resvg binary a Linux x86_64 machine (CI) has installed.
      architecture: props.drawsCharts ? Architecture.X86_64 : Architecture.ARM_64,
      memorySize: props.memorySize ?? (props.drawsCharts ? 1024 : 512),
      timeout: props.timeout ?? Duration.seconds(10),
      ...(props.reservedConcurrentExecutions
        ? { reservedConcurrentExecutions: props.reservedConcurrentExecutions }
        : {}),
      ...(props.deadLetterQueue ? { deadLetterQueue: props.deadLetterQueue, ...ASYNC_RETRY } : {}),
      tracing: tracing ? Tracing.ACTIVE : Tracing.DISABLED,
      logGroup,
      environment: {
        POWERTOOLS_SERVICE_NAME: 'koe',
        POWERTOOLS_TRACE_ENABLED: String(tracing),
        POWERTOOLS_METRICS_NAMESPACE: 'Koe',
        POWERTOOLS_LOG_LEVEL: 'INFO',
        ...props.environment,
      },
      bundling: {
        ...KOE_BUNDLING,
        ...(props.drawsCharts ? chartBundling() : {}),
        ...props.bundling,
      },
    });
    this.fn = props.fn;
    acknowledge(this, {
      'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]':
        "AWS's managed basic execution role only lets the function write its own CloudWatch logs.",
      'AwsSolutions-IAM5[Resource::*]':
        "Only actions without resource-level permissions get '*': X-Ray trace upload (koe:tracing=active) and, for analyze in comprehend/hybrid mode, Comprehend's real-time Detect APIs.",
      'AwsSolutions-L1': NODE_PINNED,
      'Serverless-LambdaLatestVersion': NODE_PINNED,
      'Serverless-LambdaTracing':
        'X-Ray is off by default (a cost per trace, docs/aws-cost.md); -c koe:tracing=active turns it on for every function.',
    });
    acknowledge(
      this,
      props.deadLetterQueue
        ? {
            'Serverless-LambdaAsyncFailureDestination':
              "The function's dead-letter queue takes a failed asynchronous event with the event itself as the body, the shape Scheduler dead-letters in to the same queue, so one replay serves both; an on-failure destination would send the same failure again in another shape.",
          }
        : {
            'Serverless-LambdaDLQ':
              'Invoked synchronously or by SQS only: API routes and the authorizer answer their caller, analyze is fed by SQS (its redrive policy dead-letters). The scheduled jobs, invoked asynchronously, have a DLQ.',
          },
    );
  }
}

const NODE_PINNED =
  'Node 22 is pinned on purpose: the dependencies (Powertools 2.35, middy 6) and local dev (Node 20/22) are verified on it; move up deliberately.';

/** Acknowledges cdk-nag findings on a construct and its children, each with its reason. */
export const acknowledge = (scope: Construct, reasons: Record<string, string>): void => {
  for (const [id, reason] of Object.entries(reasons)) Validations.of(scope).acknowledge({ id, reason });
};
