import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { SCHEDULES } from '../../functions/schedules.js';
import { Schedules } from '../../infra/aws/constructs/schedules.js';
import type { KoeApp } from '../../infra/aws/koe.js';
import { assertScheduledFunctionsExist } from '../../infra/aws/stacks/app-stack.js';
import { buildKoe, nagFindings } from './support.js';

const CONTEXT = {
  'koe:analyzerMode': 'hybrid',
  'koe:hybridConfidenceThreshold': '0.7',
  'koe:timezone': 'Asia/Tokyo',
  // As the CLI passes it: `-c koe:maxReceiveCount=3` arrives as a string.
  'koe:maxReceiveCount': '3',
  'koe:alarmEmail': 'oncall@example.com',
  'koe:logRetentionDays': 7,
  'koe:stage': 'prod',
  'koe:tracing': 'active',
};

describe('Koe with deployment context (hybrid, Asia/Tokyo, maxReceiveCount 3)', () => {
  let koe: KoeApp;
  let data: Template;
  let app: Template;

  beforeAll(() => {
    koe = buildKoe(CONTEXT);
    koe.app.synth();
    data = Template.fromStack(koe.data);
    app = Template.fromStack(koe.stateless);
  });

  it('names the stacks by stage (construct ids unchanged) and traces every function with X-Ray when asked', () => {
    expect([koe.data.stackName, koe.stateless.stackName]).toEqual(['KoeData-prod', 'KoeApp-prod']);
    expect([koe.data.node.id, koe.stateless.node.id]).toEqual(['KoeData', 'KoeApp']);
    // Export names are unique per region: a second stage must not collide with the first's.
    const imports = JSON.stringify(app.toJSON()).match(/"Fn::ImportValue":"[^"]+"/g) ?? [];
    expect(imports.length).toBeGreaterThan(0);
    for (const name of imports) expect(name).toContain('"KoeData-prod:');
    const functions = Object.entries(app.findResources('AWS::Lambda::Function')).filter(
      ([id]) => !id.startsWith('Custom'),
    );
    for (const [, fn] of functions) {
      expect(fn.Properties.TracingConfig).toEqual({ Mode: 'Active' });
      expect(fn.Properties.Environment.Variables.POWERTOOLS_TRACE_ENABLED).toBe('true');
    }
  });

  it('dead-letters after the configured number of deliveries and tells analyze the same number', () => {
    data.hasResourceProperties('AWS::SQS::Queue', { RedrivePolicy: Match.objectLike({ maxReceiveCount: 3 }) });
    app.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ ANALYSIS_MAX_RECEIVE_COUNT: '3' }) },
    });
  });

  it('subscribes the alarm e-mail to the operator topic, not the customers’ alerts topic', () => {
    const operatorTopicId = koe.data.getLogicalId(koe.data.operatorTopic.node.defaultChild as never);
    data.resourceCountIs('AWS::SNS::Subscription', 1);
    data.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: 'oncall@example.com',
      TopicArn: { Ref: operatorTopicId },
    });
  });

  it('gives analyze the four Comprehend calls the analyzer makes, with the mode and threshold', () => {
    app.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          {
            Action: [
              'comprehend:BatchDetectDominantLanguage',
              'comprehend:BatchDetectKeyPhrases',
              'comprehend:BatchDetectSentiment',
              'comprehend:DetectPiiEntities',
            ],
            Effect: 'Allow',
            Resource: '*',
          },
        ]),
      },
    });
    app.hasResourceProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: Match.objectLike({ ANALYZER_MODE: 'hybrid', HYBRID_CONFIDENCE_THRESHOLD: '0.7' }),
      },
    });
    const comprehendPolicies = app.findResources('AWS::IAM::Policy', {
      Properties: {
        PolicyDocument: {
          Statement: Match.arrayWith([Match.objectLike({ Action: Match.arrayWith(['comprehend:DetectPiiEntities']) })]),
        },
      },
    });
    expect(Object.keys(comprehendPolicies)).toHaveLength(1);
  });

  it('passes the timezone to every function and keeps logs for the configured days', () => {
    // Koe's own functions; CDK's custom-resource providers (bucket auto-delete, deployment) are not ours.
    const fns = Object.entries(app.findResources('AWS::Lambda::Function'))
      .filter(([id]) => !id.startsWith('Custom'))
      .map(([, f]) => f);
    expect(fns.length).toBeGreaterThanOrEqual(9);
    expect(fns.map((f) => f.Properties.Environment.Variables.KOE_TIMEZONE)).toEqual(fns.map(() => 'Asia/Tokyo'));
    const retentions = Object.values(app.findResources('AWS::Logs::LogGroup')).map((g) => g.Properties.RetentionInDays);
    expect(new Set(retentions)).toEqual(new Set([7]));
  });

  it('schedules a function in the timezone, with the schedule name as its event, through a Scheduler-only role', () => {
    app.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'cron(20 0 * * ? *)',
      ScheduleExpressionTimezone: 'Asia/Tokyo',
      FlexibleTimeWindow: { Mode: 'OFF' },
      Target: Match.objectLike({
        Input: JSON.stringify({ schedule: 'rollup-daily-close', scheduledTime: '<aws.scheduler.scheduled-time>' }),
        RoleArn: Match.anyValue(),
        RetryPolicy: Match.objectLike({ MaximumRetryAttempts: 3 }),
      }),
    });
    app.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: {
        Statement: [
          Match.objectLike({
            Principal: { Service: 'scheduler.amazonaws.com' },
            Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } },
          }),
        ],
      },
    });
  });

  it('refuses a schedule that is not a six-field cron', () => {
    const target = koe.stateless.api.functions.get('query')!;
    const entries = [{ name: 'bad', cron: 'cron(0 * * * *)', description: 'five fields', target }];
    expect(
      () =>
        new Schedules(koe.stateless, 'Bad', { timezone: 'UTC', deadLetterQueue: koe.data.jobDeadLetterQueue, entries }),
    ).toThrow(/six-field/);
  });

  it('has no unacknowledged cdk-nag AwsSolutions or Serverless finding in either stack', () => {
    expect([...nagFindings(koe, koe.data), ...nagFindings(koe, koe.stateless)]).toEqual([]);
  });
});

describe('schedules table', () => {
  it('holds unique names and six-field EventBridge cron expressions', () => {
    // Prepare/Act
    const names = SCHEDULES.map((s) => s.name);
    // Assess
    expect(new Set(names).size).toBe(names.length);
    for (const s of SCHEDULES) {
      const fields = /^cron\((.+)\)$/.exec(s.cron)?.[1]?.split(' ') ?? [];
      expect(fields, s.name).toHaveLength(6);
      // EventBridge requires `?` in exactly one of day-of-month and day-of-week.
      expect(
        [fields[2], fields[4]].filter((f) => f === '?'),
        s.name,
      ).toHaveLength(1);
    }
  });

  it('has code for every scheduled function, and fails the synth naming any schedule without', () => {
    expect(() => assertScheduledFunctionsExist(SCHEDULES)).not.toThrow();
    const written = new Set(['rollup-job']);
    expect(() => assertScheduledFunctionsExist(SCHEDULES, (fn) => written.has(fn))).toThrow(
      'scheduled functions without code: trends-daily → functions/trends-job/index.ts, reports → functions/digests-job/index.ts',
    );
  });
});

describe('context validation', () => {
  it('names every bad koe:* value at once', () => {
    expect(() =>
      buildKoe({ 'koe:timezone': 'Mars/Olympus', 'koe:maxReceiveCount': '0', 'koe:analyzerMode': 'gpt' }),
    ).toThrow(/koe:analyzerMode.*koe:timezone.*koe:maxReceiveCount|koe:timezone.*koe:maxReceiveCount/s);
  });
});
