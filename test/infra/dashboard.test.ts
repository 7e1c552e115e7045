import { Match, Template } from 'aws-cdk-lib/assertions';
import { App, Stack } from 'aws-cdk-lib/core';
import { AwsSolutionsChecks } from 'cdk-nag';
import { beforeAll, describe, expect, it } from 'vitest';
import { Dashboard } from '../../infra/aws/constructs/dashboard.js';
import { NO_BUNDLING } from './support.js';

describe('Dashboard construct', () => {
  let stack: Stack;
  let template: Template;

  beforeAll(() => {
    const app = new App({ context: { ...NO_BUNDLING } });
    stack = new Stack(app, 'DashboardTest', { env: { account: '111111111111', region: 'ap-northeast-1' } });
    new Dashboard(stack, 'Dashboard', { apiUrl: 'https://abc123.execute-api.ap-northeast-1.amazonaws.com/' });
    template = Template.fromStack(stack);
    // Hashing web/ for the bucket deployment's asset takes half a minute on a loaded machine.
  }, 120_000);

  it('keeps the bucket private and lets only CloudFront read it, through origin access control', () => {
    // Act
    const bucket = template.findResources('AWS::S3::Bucket');
    const policy = Object.values(template.findResources('AWS::S3::BucketPolicy'))[0];
    // Assess
    expect(Object.values(bucket)[0]?.Properties.PublicAccessBlockConfiguration).toEqual({
      BlockPublicAcls: true,
      BlockPublicPolicy: true,
      IgnorePublicAcls: true,
      RestrictPublicBuckets: true,
    });
    template.resourceCountIs('AWS::CloudFront::OriginAccessControl', 1);
    expect(JSON.stringify(policy)).toContain('cloudfront.amazonaws.com');
  });

  it('serves index.html and routes /v1/* and /health to the API uncached', () => {
    // Act
    const config = Object.values(template.findResources('AWS::CloudFront::Distribution'))[0]?.Properties
      .DistributionConfig;
    const behaviors = config.CacheBehaviors as Array<{
      PathPattern: string;
      CachePolicyId: string;
      AllowedMethods: string[];
    }>;
    // Assess
    expect(config.DefaultRootObject).toBe('index.html');
    expect(behaviors.map((b) => b.PathPattern).sort()).toEqual(['/health', '/v1/*']);
    for (const b of behaviors) {
      expect(b.CachePolicyId).toBe('4135ea2d-6df8-44a3-9df3-4b5a84be39ad'); // CachingDisabled
      expect(b.AllowedMethods).toContain('POST');
    }
    expect(JSON.stringify(config.Origins)).toContain('abc123.execute-api.ap-northeast-1.amazonaws.com');
  });

  it('deploys web/ and invalidates the distribution', () => {
    template.hasResourceProperties('Custom::CDKBucketDeployment', {
      DistributionPaths: ['/*'],
      DestinationBucketName: Match.anyValue(),
    });
  });

  it('passes cdk-nag AwsSolutions with every suppression explained', () => {
    // Act
    const findings = new AwsSolutionsChecks(stack.node.root as App)
      .validateScope(stack)
      .violations.flatMap((v) => v.violatingResources.map((r) => `${v.ruleName} at ${r.constructPath}`));
    // Assess
    expect(findings).toEqual([]);
  });
});
