import { type App, type Environment, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { readSettings } from './settings.js';
import { KoeAppStack } from './stacks/app-stack.js';
import { KoeDataStack } from './stacks/data-stack.js';

/** The two stacks of one Koe deployment. */
export interface KoeStacks {
  data: KoeDataStack;
  app: KoeAppStack;
}

/**
 * Adds Koe to a CDK app — the stateful KoeData and the stateless KoeApp — and runs cdk-nag's
 * AwsSolutions checks over both. Shared by app.ts and the infra tests so they check the same thing.
 */
export const addKoe = (app: App): KoeStacks => {
  const settings = readSettings(app.node);
  // Env-agnostic unless the CLI knows an account: `cdk synth` needs no credentials.
  const env: Environment | undefined =
    process.env.CDK_DEFAULT_ACCOUNT && process.env.CDK_DEFAULT_REGION
      ? { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION }
      : undefined;
  const data = new KoeDataStack(app, 'KoeData', {
    env,
    description: 'Koe stateful resources: feedback table, analysis queues, alerts topic',
    maxReceiveCount: settings.maxReceiveCount,
    alarmEmail: settings.alarmEmail,
  });
  const stateless = new KoeAppStack(app, 'KoeApp', {
    env,
    description: 'Koe stateless resources: HTTP API, functions, schedules, alarms',
    settings,
    table: data.table,
    analysisQueue: data.analysisQueue,
    deadLetterQueue: data.deadLetterQueue,
    maxReceiveCount: data.maxReceiveCount,
    alertsTopic: data.alertsTopic,
  });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
  return { data, app: stateless };
};
