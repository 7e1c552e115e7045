import { AwsSolutionsChecks, ServerlessChecks } from 'cdk-nag';
import { createKoeApp, type KoeApp } from '../../infra/aws/koe.js';

/** Context every infra test synthesizes with: no esbuild runs, so a synth takes a second or two. */
export const NO_BUNDLING = { 'aws:cdk:bundling-stacks': [] } as const;

/** Builds Koe for a test: no bundling, no built-in CloudFormation validator (`npm run synth` runs both). */
export const buildKoe = (context: Record<string, unknown> = {}): KoeApp =>
  createKoeApp({ context: { ...NO_BUNDLING, ...context }, builtinCloudFormationValidation: false });

/** Builds and synthesizes Koe; synthesis runs the cdk-nag validation plugin and throws on a finding. */
export const synthKoe = (context: Record<string, unknown> = {}): KoeApp => {
  const koe = buildKoe(context);
  koe.app.synth();
  return koe;
};

/** Unacknowledged AwsSolutions and Serverless findings under a scope, as `rule at path` lines (after synth). */
export const nagFindings = (koe: KoeApp, scope: KoeApp['data'] | KoeApp['stateless']): string[] =>
  [new AwsSolutionsChecks(koe.app), new ServerlessChecks(koe.app)].flatMap((pack) =>
    pack
      .validateScope(scope)
      .violations.flatMap((v) =>
        v.violatingResources.map((r) => `${v.ruleName} at ${r.constructPath ?? r.resourceLogicalId}`),
      ),
  );
