import { Template } from 'aws-cdk-lib/assertions';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { ROUTES } from '../../functions/routes.js';
import { API_THROTTLE, ROUTE_THROTTLES } from '../../infra/aws/constructs/http-api.js';
import type { KoeApp } from '../../infra/aws/koe.js';
import { buildKoe, nagFindings, synthKoe } from './support.js';

/** Koe's own functions by logical id (the CDK's custom-resource handlers left out). */
const koeFunctions = (template: Template) =>
  Object.entries(template.findResources('AWS::Lambda::Function')).filter(([id]) => !id.startsWith('Custom'));

const logicalId = (koe: KoeApp, construct: { node: { defaultChild?: unknown } }) =>
  koe.stateless.getLogicalId(construct.node.defaultChild as never);

describe('concurrency and throttles (default context)', () => {
  let koe: KoeApp;
  let template: Template;

  beforeAll(() => {
    koe = synthKoe();
    template = Template.fromStack(koe.stateless);
  });

  it('reserves 10 instances for each API function and the authorizer, none for analyze and the jobs, and caps analyze at 10', () => {
    // Prepare
    const api = new Set(
      [...koe.stateless.api.functions.values(), koe.stateless.api.authorizerFunction].map((f) => logicalId(koe, f)),
    );
    // Act
    const reserved = koeFunctions(template).map(([id, fn]) => [id, fn.Properties.ReservedConcurrentExecutions]);
    // Assess
    expect(api.size).toBe(new Set(ROUTES.map((r) => r.fn)).size + 1);
    for (const [id, value] of reserved) expect(value).toBe(api.has(id as string) ? 10 : undefined);
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      FunctionName: { Ref: logicalId(koe, koe.stateless.analysis.function) },
      ScalingConfig: { MaximumConcurrency: 10 },
    });
  });

  it('throttles ingest, webhooks and /health each on its own, apart from the default every other route gets', () => {
    // Prepare
    const routeIds = new Map(
      Object.entries(template.findResources('AWS::ApiGatewayV2::Route')).map(([id, r]) => [r.Properties.RouteKey, id]),
    );
    // Act
    const [[, stage]] = Object.entries(template.findResources('AWS::ApiGatewayV2::Stage')) as [[string, never]];
    type Throttle = { ThrottlingRateLimit: number; ThrottlingBurstLimit: number };
    const { Properties, DependsOn } = stage as {
      Properties: { DefaultRouteSettings: Throttle; RouteSettings: Record<string, Throttle> };
      DependsOn: string[];
    };
    // Assess
    expect(Properties.DefaultRouteSettings).toMatchObject({
      ThrottlingRateLimit: API_THROTTLE.rateLimit,
      ThrottlingBurstLimit: API_THROTTLE.burstLimit,
    });
    expect(Object.keys(Properties.RouteSettings).sort()).toEqual(
      ['GET /health', 'POST /v1/feedback', 'POST /v1/transcripts', 'POST /v1/webhooks/{tool}'].sort(),
    );
    for (const [key, settings] of Object.entries(Properties.RouteSettings)) {
      // Route settings name routes that CloudFormation must have created before the stage.
      expect(DependsOn).toContain(routeIds.get(key));
      expect(settings).toEqual({
        ThrottlingRateLimit: ROUTE_THROTTLES[key]!.rateLimit,
        ThrottlingBurstLimit: ROUTE_THROTTLES[key]!.burstLimit,
      });
    }
    expect(Properties.RouteSettings['GET /health']?.ThrottlingRateLimit).toBeLessThan(
      Properties.RouteSettings['POST /v1/feedback']?.ThrottlingRateLimit as number,
    );
  });

  it('keeps the execute-api endpoint and puts no WAF on the distribution unless asked', () => {
    template.hasResourceProperties('AWS::ApiGatewayV2::Api', { DisableExecuteApiEndpoint: false });
    template.resourceCountIs('AWS::WAFv2::WebACL', 0);
    template.resourceCountIs('AWS::ApiGatewayV2::DomainName', 0);
  });
});

describe('edges from context (custom domain without execute-api, managed WAF, concurrency)', () => {
  const CERT = 'arn:aws:acm:us-east-1:123456789012:certificate/0a1b2c3d-4e5f';
  let koe: KoeApp;
  let template: Template;

  beforeAll(() => {
    vi.stubEnv('CDK_DEFAULT_ACCOUNT', '123456789012');
    vi.stubEnv('CDK_DEFAULT_REGION', 'us-east-1');
    koe = synthKoe({
      'koe:apiDomainName': 'api.example.com',
      'koe:apiCertificateArn': CERT,
      'koe:disableExecuteApi': 'true',
      'koe:waf': 'managed',
      'koe:apiReservedConcurrency': '0',
      'koe:analyzeMaxConcurrency': '25',
    });
    template = Template.fromStack(koe.stateless);
    vi.unstubAllEnvs();
  });

  it('answers on the custom domain only, and the dashboard calls the API through it', () => {
    // Act
    const distribution = Object.values(template.findResources('AWS::CloudFront::Distribution'))[0]!;
    // Assess
    template.hasResourceProperties('AWS::ApiGatewayV2::Api', { DisableExecuteApiEndpoint: true });
    template.hasResourceProperties('AWS::ApiGatewayV2::DomainName', {
      DomainName: 'api.example.com',
      DomainNameConfigurations: [{ CertificateArn: CERT, EndpointType: 'REGIONAL' }],
    });
    template.resourceCountIs('AWS::ApiGatewayV2::ApiMapping', 1);
    template.hasOutput('ApiUrl', { Value: 'https://api.example.com/' });
    template.hasOutput('ApiDomainTarget', {});
    const origins = JSON.stringify(distribution.Properties.DistributionConfig.Origins);
    expect(origins).toContain('api.example.com');
    expect(origins).not.toContain('execute-api');
  });

  it('puts a CloudFront web ACL with a per-IP rate limit and AWS managed rules on the distribution, letting feedback bodies through', () => {
    // Act
    type Rule = {
      Name: string;
      Statement: {
        RateBasedStatement?: Record<string, unknown>;
        ManagedRuleGroupStatement?: { RuleActionOverrides: unknown[] };
      };
    };
    const [[aclId, acl]] = Object.entries(template.findResources('AWS::WAFv2::WebACL')) as [
      [string, { Properties: { Scope: string; Rules: Rule[] } }],
    ];
    const distribution = Object.values(template.findResources('AWS::CloudFront::Distribution'))[0]!;
    const rules = acl.Properties.Rules;
    // Assess
    expect(acl.Properties.Scope).toBe('CLOUDFRONT');
    expect(distribution.Properties.DistributionConfig.WebACLId).toEqual({ 'Fn::GetAtt': [aclId, 'Arn'] });
    expect(rules.map((r) => r.Name)).toEqual([
      'RatePerIp',
      'AWSManagedRulesAmazonIpReputationList',
      'AWSManagedRulesCommonRuleSet',
      'AWSManagedRulesKnownBadInputsRuleSet',
    ]);
    expect(rules[0]!.Statement.RateBasedStatement).toMatchObject({ AggregateKeyType: 'IP' });
    expect(rules[2]!.Statement.ManagedRuleGroupStatement?.RuleActionOverrides).toEqual([
      { Name: 'SizeRestrictions_BODY', ActionToUse: { Count: {} } },
    ]);
  });

  it('reserves nothing when koe:apiReservedConcurrency=0 and takes the analyze cap from context', () => {
    for (const [, fn] of koeFunctions(template)) expect(fn.Properties.ReservedConcurrentExecutions).toBeUndefined();
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', { ScalingConfig: { MaximumConcurrency: 25 } });
  });

  it('has no unacknowledged cdk-nag AwsSolutions or Serverless finding with every option on', () => {
    expect([...nagFindings(koe, koe.data), ...nagFindings(koe, koe.stateless)]).toEqual([]);
  });
});

describe('edge options refused', () => {
  afterEach(() => vi.unstubAllEnvs());

  it('refuses to turn off execute-api without a custom domain, and a domain without its certificate', () => {
    expect(() => buildKoe({ 'koe:disableExecuteApi': 'true' })).toThrow(
      /koe:disableExecuteApi: needs koe:apiDomainName and koe:apiCertificateArn/,
    );
    expect(() => buildKoe({ 'koe:apiDomainName': 'api.example.com' })).toThrow(
      /koe:apiDomainName: set koe:apiDomainName and koe:apiCertificateArn together/,
    );
  });

  it('refuses a managed WAF outside us-east-1 (CloudFront web ACLs live there), and a WAF value that is not an ACL ARN', () => {
    vi.stubEnv('CDK_DEFAULT_ACCOUNT', '123456789012');
    vi.stubEnv('CDK_DEFAULT_REGION', 'eu-west-1');
    expect(() => buildKoe({ 'koe:waf': 'managed' })).toThrow(/us-east-1.*eu-west-1/);
    expect(() => buildKoe({ 'koe:waf': 'arn:aws:wafv2:eu-west-1:123456789012:regional/webacl/x/y' })).toThrow(
      /koe:waf/,
    );
  });
});
