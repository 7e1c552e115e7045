import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { ANALYZE_TUNING, analysisVisibilityTimeout } from '../../infra/aws/constructs/analysis-queues.js';
import type { KoeApp } from '../../infra/aws/koe.js';
import { nagFindings, synthKoe } from './support.js';

describe('KoeData stack (default context)', () => {
  let koe: KoeApp;
  let template: Template;

  beforeAll(() => {
    koe = synthKoe();
    template = Template.fromStack(koe.data);
  });

  it('is termination-protected', () => {
    // Prepare/Act: synthesized in beforeAll
    // Assess
    expect(koe.data.terminationProtection).toBe(true);
  });

  it('declares the single table with the keys and indexes the adapters use', () => {
    template.resourceCountIs('AWS::DynamoDB::Table', 1);
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
      AttributeDefinitions: Match.arrayWith([
        { AttributeName: 'pk', AttributeType: 'S' },
        { AttributeName: 'sk', AttributeType: 'S' },
        { AttributeName: 'gsi1pk', AttributeType: 'S' },
        { AttributeName: 'gsi1sk', AttributeType: 'S' },
        { AttributeName: 'gsi2pk', AttributeType: 'S' },
        { AttributeName: 'gsi2sk', AttributeType: 'S' },
      ]),
      GlobalSecondaryIndexes: [
        Match.objectLike({
          IndexName: 'gsi1',
          KeySchema: [
            { AttributeName: 'gsi1pk', KeyType: 'HASH' },
            { AttributeName: 'gsi1sk', KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: 'ALL' },
        }),
        Match.objectLike({
          IndexName: 'gsi2',
          KeySchema: [
            { AttributeName: 'gsi2pk', KeyType: 'HASH' },
            { AttributeName: 'gsi2sk', KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: 'ALL' },
        }),
      ],
      TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
    });
  });

  it('outputs the table name, for the first admin key (koe keys create --table)', () => {
    template.hasOutput('TableName', {
      Value: { Ref: koe.data.getLogicalId(koe.data.table.node.defaultChild as never) },
    });
  });

  it('bills the table on demand, with point-in-time recovery and encryption at rest', () => {
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      BillingMode: 'PAY_PER_REQUEST',
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      SSESpecification: { SSEEnabled: true },
      DeletionProtectionEnabled: true,
    });
  });

  it('retains the table, the queues and the key if the stack is deleted', () => {
    template.hasResource('AWS::DynamoDB::Table', { DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
    const queues = template.findResources('AWS::SQS::Queue');
    expect(Object.values(queues).map((q) => q.DeletionPolicy)).toEqual(['Retain', 'Retain', 'Retain']);
    template.hasResource('AWS::KMS::Key', { DeletionPolicy: 'Retain' });
  });

  it('dead-letters an analysis request after 5 deliveries by default', () => {
    template.hasResourceProperties('AWS::SQS::Queue', {
      RedrivePolicy: { deadLetterTargetArn: Match.anyValue(), maxReceiveCount: 5 },
    });
  });

  it('gives the queue a visibility timeout of at least six analyze timeouts', () => {
    const minimum = 6 * ANALYZE_TUNING.timeout.toSeconds();
    template.hasResourceProperties('AWS::SQS::Queue', {
      RedrivePolicy: Match.anyValue(),
      VisibilityTimeout: analysisVisibilityTimeout().toSeconds(),
    });
    expect(analysisVisibilityTimeout().toSeconds()).toBeGreaterThanOrEqual(minimum);
  });

  it('keeps failed scheduled-job runs in a queue of their own for 14 days, apart from the analysis dead letters', () => {
    // Prepare
    const jobs = koe.data.getLogicalId(koe.data.jobDeadLetterQueue.node.defaultChild as never);
    const analysisDeadLetters = koe.data.getLogicalId(koe.data.deadLetterQueue.node.defaultChild as never);
    // Act
    const queue = template.findResources('AWS::SQS::Queue')[jobs];
    // Assess
    expect(jobs).not.toBe(analysisDeadLetters);
    expect(queue?.Properties).toMatchObject({ MessageRetentionPeriod: 14 * 86400, SqsManagedSseEnabled: true });
    expect(queue?.Properties.RedrivePolicy).toBeUndefined();
    template.hasOutput('JobDeadLettersUrl', { Value: { Ref: jobs } });
  });

  it('encrypts every queue and refuses plain-HTTP access to it', () => {
    const queues = Object.values(template.findResources('AWS::SQS::Queue'));
    expect(queues.map((q) => q.Properties.SqsManagedSseEnabled)).toEqual([true, true, true]);
    const policies = Object.values(template.findResources('AWS::SQS::QueuePolicy'));
    expect(policies).toHaveLength(3);
    for (const policy of policies)
      expect(policy.Properties.PolicyDocument.Statement).toContainEqual(
        expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
      );
  });

  it('encrypts both topics with rotated keys and lets only CloudWatch alarms of this account publish to the operator topic', () => {
    // Prepare
    const topics = template.findResources('AWS::SNS::Topic');
    const operatorTopicId = koe.data.getLogicalId(koe.data.operatorTopic.node.defaultChild as never);
    const policies = Object.values(template.findResources('AWS::SNS::TopicPolicy'));
    const policyOf = (topicId: string) =>
      policies.find((p) => JSON.stringify(p.Properties.Topics) === JSON.stringify([{ Ref: topicId }]));
    const alertsTopicId = Object.keys(topics).find((id) => id !== operatorTopicId)!;
    // Assess: both encrypted under their own rotated key
    expect(Object.values(topics).map((t) => t.Properties.KmsMasterKeyId)).toEqual([
      { 'Fn::GetAtt': [expect.any(String), 'Arn'] },
      { 'Fn::GetAtt': [expect.any(String), 'Arn'] },
    ]);
    for (const key of Object.values(template.findResources('AWS::KMS::Key')))
      expect(key.Properties.EnableKeyRotation).toBe(true);
    // The operator topic's policy has an Allow for cloudwatch.amazonaws.com (enforceSSL alone leaves only a Deny).
    const operator = policyOf(operatorTopicId)!.Properties.PolicyDocument.Statement as Record<string, unknown>[];
    expect(operator).toContainEqual(
      expect.objectContaining({
        Effect: 'Allow',
        Principal: { Service: 'cloudwatch.amazonaws.com' },
        Action: 'sns:Publish',
        Condition: {
          StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } },
          ArnLike: { 'aws:SourceArn': expect.objectContaining({ 'Fn::Join': expect.anything() }) },
        },
      }),
    );
    expect(operator).toContainEqual(
      expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
    );
    // The operator key lets CloudWatch encrypt for the topic; the customers' alerts key does not.
    template.hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Principal: { Service: 'cloudwatch.amazonaws.com' },
            Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
          }),
        ]),
      },
    });
    const alertsPolicy = JSON.stringify(policyOf(alertsTopicId)?.Properties.PolicyDocument ?? {});
    expect(alertsPolicy).not.toContain('cloudwatch.amazonaws.com');
    template.resourceCountIs('AWS::SNS::Subscription', 0);
  });

  it('has no unacknowledged cdk-nag AwsSolutions or Serverless finding', () => {
    expect(nagFindings(koe, koe.data)).toEqual([]);
  });
});
