import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import type { KoeApp } from '../../infra/aws/koe.js';
import { nagFindings, synthKoe } from './support.js';

// One synth with the webhook secrets read through Parameter Store's Secrets Manager reference.
const PARAMETER = '/aws/reference/secretsmanager/koe/webhooks';

type Statement = { Action: string | string[]; Resource: unknown };

describe('transcripts and webhooks on AWS', () => {
  let koe: KoeApp;
  let template: Template;

  const statementsOf = (fn: string): Statement[] => {
    const role = koe.stateless.api.functions.get(fn)!.role!;
    const roleId = koe.stateless.getLogicalId(role.node.defaultChild as never);
    const policies = template.findResources('AWS::IAM::Policy', {
      Properties: { Roles: Match.arrayWith([{ Ref: roleId }]) },
    });
    return Object.values(policies).flatMap((p) => p.Properties.PolicyDocument.Statement as Statement[]);
  };
  const actionsOf = (fn: string) => statementsOf(fn).flatMap((s) => [s.Action].flat());
  const envOf = (fn: string) => {
    const id = koe.stateless.getLogicalId(koe.stateless.api.functions.get(fn)!.node.defaultChild as never);
    return template.toJSON().Resources[id].Properties.Environment.Variables as Record<string, unknown>;
  };

  beforeAll(() => {
    koe = synthKoe({ 'koe:webhookSecretsParameter': PARAMETER });
    template = Template.fromStack(koe.stateless);
  });

  it('routes POST /v1/webhooks/{tool} without the API-key authorizer and /v1/transcripts with it', () => {
    // Act
    const routes = Object.values(template.findResources('AWS::ApiGatewayV2::Route')).map((r) => r.Properties);
    const webhook = routes.find((r) => r.RouteKey === 'POST /v1/webhooks/{tool}');
    const transcripts = routes.find((r) => r.RouteKey === 'POST /v1/transcripts');
    // Assess
    expect(webhook?.AuthorizationType ?? 'NONE').toBe('NONE');
    expect(transcripts?.AuthorizationType).toBe('CUSTOM');
  });

  it('lets the webhooks function read exactly the configured parameter and its secret, and names it', () => {
    // Act
    const statements = statementsOf('webhooks');
    const ssm = statements.filter((s) => [s.Action].flat().includes('ssm:GetParameter'));
    const secret = statements.filter((s) => [s.Action].flat().includes('secretsmanager:GetSecretValue'));
    // Assess: the webhook parameter and its secret (beside the pseudonym key, see below)
    expect(JSON.stringify(ssm.map((s) => s.Resource))).toContain(`:parameter${PARAMETER}`);
    expect(JSON.stringify(secret.map((s) => s.Resource))).toContain(':secret:koe/webhooks-??????');
    expect(envOf('webhooks').KOE_WEBHOOK_SECRETS_PARAMETER).toBe(PARAMETER);
    expect(actionsOf('webhooks')).toEqual(expect.arrayContaining(['dynamodb:PutItem', 'sqs:SendMessage']));
    expect(actionsOf('webhooks').filter((a) => /Query|Scan/.test(a))).toEqual([]);
  });

  it('gives the transcripts function no webhook secret, only the pseudonym key', () => {
    const resources = JSON.stringify(
      statementsOf('transcripts')
        .filter((s) => [s.Action].flat().some((a) => a.startsWith('ssm:') || a.startsWith('secretsmanager:')))
        .map((s) => s.Resource),
    );
    expect(resources).not.toContain('webhooks');
    expect(resources).toContain('/aws/reference/secretsmanager/');
    expect(actionsOf('transcripts')).toEqual(expect.arrayContaining(['dynamodb:UpdateItem', 'sqs:SendMessage']));
  });

  it('lets exactly the functions that store customer ids read the pseudonym key, and tells them where it is', () => {
    for (const fn of ['ingest', 'transcripts', 'webhooks']) {
      expect(String(JSON.stringify(envOf(fn).KOE_PSEUDONYM_KEY_PARAMETER))).toContain('/aws/reference/secretsmanager/');
      expect(actionsOf(fn)).toContain('secretsmanager:GetSecretValue');
    }
    for (const fn of ['query', 'triage', 'export', 'authorizer'].filter((f) => koe.stateless.api.functions.has(f)))
      expect(actionsOf(fn).filter((a) => a.startsWith('secretsmanager:'))).toEqual([]);
  });

  it('has no unacknowledged cdk-nag AwsSolutions finding', () => {
    expect(nagFindings(koe, koe.stateless)).toEqual([]);
  });
});
