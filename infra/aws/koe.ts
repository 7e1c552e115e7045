import { App, type Environment, type StackProps, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks, ServerlessChecks } from 'cdk-nag';
import { readSettings } from './settings.js';
import { KoeAppStack } from './stacks/app-stack.js';
import { KoeDataStack } from './stacks/data-stack.js';

/** A CDK app holding one Koe deployment: the stateful KoeData and the stateless KoeApp. */
export interface KoeApp {
  app: App;
  data: KoeDataStack;
  stateless: KoeAppStack;
}

/** Options for tests; the CLI passes context through the environment. */
export interface KoeAppOptions {
  context?: Record<string, unknown>;
  /**
   * CDK's built-in CloudFormation validator (WASM) costs seconds per synth: `npm run synth` runs it,
   * the infra tests turn it off to stay fast. @default true
   */
  builtinCloudFormationValidation?: boolean;
}

/**
 * Builds Koe's CDK app and registers cdk-nag's AwsSolutions and Serverless checks, which run at synth and
 * fail it on any unacknowledged finding. Shared by app.ts and the infra tests so both check the same thing.
 */
export const createKoeApp = (options: KoeAppOptions = {}): KoeApp => {
  const app = new App({
    ...options,
    // KoeApp reads KoeData through CloudFormation exports; say so rather than inherit a changing default.
    // cdk.json or `-c` may override.
    context: { '@aws-cdk/core:defaultCrossStackReferences': 'strong', ...options.context },
  });
  const settings = readSettings(app.node);
  // Env-agnostic unless the CLI knows an account: `cdk synth` needs no credentials.
  const env: Environment | undefined =
    process.env.CDK_DEFAULT_ACCOUNT && process.env.CDK_DEFAULT_REGION
      ? { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION }
      : undefined;
  // Construct ids stay KoeData/KoeApp (never change once deployed); a stage only renames the stacks.
  const placement = (base: string): Pick<StackProps, 'env' | 'stackName'> => ({
    ...(env ? { env } : {}),
    ...(settings.stage ? { stackName: `${base}-${settings.stage}` } : {}),
  });
  const data = new KoeDataStack(app, 'KoeData', {
    ...placement('KoeData'),
    description: 'Koe stateful resources: feedback table, analysis queues, alerts and operator topics',
    maxReceiveCount: settings.maxReceiveCount,
    alarmEmail: settings.alarmEmail,
  });
  const stateless = new KoeAppStack(app, 'KoeApp', {
    ...placement('KoeApp'),
    description: 'Koe stateless resources: HTTP API, functions, schedules, alarms, dashboards',
    settings,
    table: data.table,
    analysisQueue: data.analysisQueue,
    deadLetterQueue: data.deadLetterQueue,
    maxReceiveCount: data.maxReceiveCount,
    jobDeadLetterQueue: data.jobDeadLetterQueue,
    alertsTopic: data.alertsTopic,
    alertsKey: data.alertsKey,
    operatorTopic: data.operatorTopic,
    pseudonymKey: data.pseudonymKey,
  });
  Validations.of(app).addPlugins(
    new AwsSolutionsChecks(app, { verbose: true }),
    new ServerlessChecks(app, { verbose: true }),
  );
  return { app, data, stateless };
};
