import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import type { KoeApp } from '../../infra/aws/koe.js';
import { buildKoe, nagFindings, synthKoe } from './support.js';

type Statement = { Action: string | string[]; Resource: unknown };

/** Every statement in the policies of the role of `koe.stateless.<path>` (a KoeFunction). */
const statementsOf = (koe: KoeApp, template: Template, fnPath: string): Statement[] => {
  const role = koe.stateless.node.findAll().find((c) => c.node.path.endsWith(`/${fnPath}/ServiceRole/Resource`));
  if (!role) throw new Error(`no role for ${fnPath}`);
  const policies = template.findResources('AWS::IAM::Policy', {
    Properties: { Roles: Match.arrayWith([{ Ref: koe.stateless.getLogicalId(role as never) }]) },
  });
  return Object.values(policies).flatMap((p) => p.Properties.PolicyDocument.Statement as Statement[]);
};

const sesStatements = (statements: Statement[]) =>
  statements.filter((s) => [s.Action].flat().some((a) => a.startsWith('ses:')));

describe('e-mail digests on AWS (koe:senderEmail, koe:senderDomain)', () => {
  let koe: KoeApp;
  let template: Template;

  beforeAll(() => {
    koe = synthKoe({ 'koe:senderEmail': 'digests@example.com', 'koe:senderDomain': 'example.com' });
    template = Template.fromStack(koe.stateless);
  });

  it('verifies the domain with Easy DKIM through a configuration set that suppresses bounces and complaints', () => {
    template.resourceCountIs('AWS::SES::EmailIdentity', 1);
    template.hasResourceProperties('AWS::SES::EmailIdentity', {
      EmailIdentity: 'example.com',
      ConfigurationSetAttributes: { ConfigurationSetName: { Ref: Match.anyValue() } },
    });
    template.hasResourceProperties('AWS::SES::ConfigurationSet', {
      SuppressionOptions: { SuppressedReasons: ['BOUNCE', 'COMPLAINT'] },
      ReputationOptions: { ReputationMetricsEnabled: true },
    });
    expect(Object.keys(template.findOutputs('*')).filter((o) => o.includes('DkimRecord'))).toHaveLength(3);
  });

  it('lets the report job and the reports API send as the identity through the configuration set only', () => {
    for (const path of ['DigestsJob', 'Api/Reports']) {
      const ses = sesStatements(statementsOf(koe, template, path));
      expect(ses, path).toHaveLength(1);
      expect([ses[0]!.Action].flat().sort()).toEqual(['ses:SendEmail', 'ses:SendRawEmail']);
      const resources = JSON.stringify(ses[0]!.Resource);
      expect(resources).not.toContain('"*"');
      expect(resources).toContain(':identity/');
      expect(resources).toContain(':configuration-set/');
    }
    for (const path of ['RollupJob', 'TrendsJob', 'Api/Query', 'Api/Subscriptions']) {
      expect(sesStatements(statementsOf(koe, template, path)), path).toEqual([]);
    }
  });

  it('tells the senders who they are and which configuration set to use', () => {
    const report = koe.stateless.jobs.get('digests-job')!;
    const variables =
      template.findResources('AWS::Lambda::Function')[koe.stateless.getLogicalId(report.node.defaultChild as never)]!
        .Properties.Environment.Variables;
    expect(variables).toMatchObject({
      KOE_MAIL_FROM: 'digests@example.com',
      SES_CONFIGURATION_SET: { Ref: expect.any(String) },
      TABLE_NAME: expect.anything(),
    });
  });

  it('schedules the hourly digest job on the report function', () => {
    const report = koe.stateless.getLogicalId(koe.stateless.jobs.get('digests-job')!.node.defaultChild as never);
    const schedule = Object.values(template.findResources('AWS::Scheduler::Schedule')).find(
      (s) => JSON.parse(s.Properties.Target.Input).schedule === 'reports',
    );
    expect(schedule?.Properties.ScheduleExpression).toBe('cron(0 * * * ? *)');
    expect(JSON.stringify(schedule?.Properties.Target.Arn)).toContain(report);
  });

  it('alarms on the configuration set’s bounce and complaint rates at half of where SES reviews the account', () => {
    // Prepare
    const configurationSet = koe.stateless.getLogicalId(
      koe.stateless.reports.configurationSet.node.defaultChild as never,
    );
    // Act
    const alarms = Object.values(template.findResources('AWS::CloudWatch::Alarm')).filter(
      (a) => a.Properties.Namespace === 'AWS/SES',
    );
    // Assess
    expect(alarms.map((a) => [a.Properties.MetricName, a.Properties.Threshold]).sort()).toEqual([
      ['Reputation.BounceRate', 0.025],
      ['Reputation.ComplaintRate', 0.0005],
    ]);
    for (const alarm of alarms)
      expect(alarm.Properties.Dimensions).toEqual([
        { Name: 'ses:configuration-set', Value: { Ref: configurationSet } },
      ]);
  });

  it('has no unacknowledged cdk-nag AwsSolutions finding', () => {
    expect(nagFindings(koe, koe.stateless)).toEqual([]);
  });

  it('without a sender creates no identity and grants no SES send', () => {
    const plain = buildKoe();
    const t = Template.fromStack(plain.stateless);
    t.resourceCountIs('AWS::SES::EmailIdentity', 0);
    expect(sesStatements(statementsOf(plain, t, 'DigestsJob'))).toEqual([]);
  });

  it('refuses a sender address outside the sender domain', () => {
    expect(() => buildKoe({ 'koe:senderEmail': 'digests@other.org', 'koe:senderDomain': 'example.com' })).toThrow(
      /not an address of koe:senderDomain/,
    );
  });
});
