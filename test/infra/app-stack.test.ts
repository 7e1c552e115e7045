import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { BUSINESS_METRICS } from '../../functions/lib/metric-names.js';
import { QUEUE_CONSUMERS, ROUTES } from '../../functions/routes.js';
import { SCHEDULES } from '../../functions/schedules.js';
import { KUROMOJI_DICT_PATH } from '../../infra/aws/constructs/analysis-pipeline.js';
import { ANALYZE_TUNING } from '../../infra/aws/constructs/analysis-queues.js';
import { API_THROTTLE } from '../../infra/aws/constructs/http-api.js';
import { pascalCase } from '../../infra/aws/constructs/names.js';
import type { KoeApp } from '../../infra/aws/koe.js';
import { nagFindings, synthKoe } from './support.js';

type Statement = { Action: string | string[]; Resource: unknown };

describe('KoeApp stack (default context)', () => {
  let koe: KoeApp;
  let template: Template;
  let functions: ReturnType<Template['findResources']>;

  /** The Lambda built from functions/<fn>/, found by its logical id. */
  const logicalIdOf = (fn: string): string => {
    const construct =
      koe.stateless.api.functions.get(fn) ??
      koe.stateless.jobs.get(fn) ??
      (fn === 'analyze' ? koe.stateless.analysis.function : undefined) ??
      (fn === 'authorizer' ? koe.stateless.api.authorizerFunction : undefined);
    if (!construct) throw new Error(`no function ${fn}`);
    return koe.stateless.getLogicalId(construct.node.defaultChild as never);
  };

  /** Every action granted to a function's role, flattened. */
  const statementsOf = (fn: string): Statement[] => {
    const roleId = koe.stateless.getLogicalId(
      koe.stateless.node
        .findAll()
        .find((c) => c.node.path.endsWith(`/${pascalCase(fn)}/ServiceRole/Resource`))! as never,
    );
    const policies = template.findResources('AWS::IAM::Policy', {
      Properties: { Roles: Match.arrayWith([{ Ref: roleId }]) },
    });
    return Object.values(policies).flatMap((p) => p.Properties.PolicyDocument.Statement as Statement[]);
  };
  const actionsOf = (fn: string): string[] => statementsOf(fn).flatMap((s) => [s.Action].flat());

  beforeAll(() => {
    koe = synthKoe();
    template = Template.fromStack(koe.stateless);
    // Koe's own functions; the CDK's custom-resource handlers (the dashboard's BucketDeployment) are not ours to tune.
    functions = Object.fromEntries(
      Object.entries(template.findResources('AWS::Lambda::Function')).filter(([id]) => !id.startsWith('Custom')),
    );
  });

  it("keeps the API's construct path (Api/HttpApi) so a deploy updates the API in place instead of replacing it and its URL", () => {
    // Prepare / Act: the API Gateway APIs of the stack, by logical id
    const apis = Object.keys(template.findResources('AWS::ApiGatewayV2::Api'));

    // Assess: the id is derived from the construct path, which must not change once deployed
    expect(apis).toHaveLength(1);
    expect(apis[0]).toMatch(/^ApiHttpApi[0-9A-F]{8}$/);
  });

  it('runs every function on Node 22 — ARM64, but x86_64 for the two that draw digest charts (the report job, the reports API) — without X-Ray (koe:tracing=off), source maps or --enable-source-maps, and with its own log group', () => {
    // Prepare: one function per distinct route fn, the queue consumers, the scheduled jobs and the authorizer
    const expected = new Set([
      ...ROUTES.map((r) => r.fn),
      ...QUEUE_CONSUMERS,
      ...SCHEDULES.map((s) => s.fn),
      'authorizer',
    ]);
    // Act
    const all = Object.values(functions);
    // Assess
    expect(all).toHaveLength(expected.size);
    // resvg's Lambda binary is the x86_64 one a Linux x86_64 CI machine has installed (offline synth).
    const drawsCharts = (fn: (typeof all)[number]) => /digest/.test(fn.Properties.Description);
    expect(all.filter(drawsCharts)).toHaveLength(2);
    for (const fn of all) {
      expect(fn.Properties.Runtime).toBe('nodejs22.x');
      expect(fn.Properties.Architectures).toEqual([drawsCharts(fn) ? 'x86_64' : 'arm64']);
      if (drawsCharts(fn)) expect(fn.Properties.MemorySize).toBeGreaterThanOrEqual(1024);
      expect(fn.Properties.TracingConfig).toBeUndefined();
      expect(fn.Properties.Environment.Variables.NODE_OPTIONS).toBeUndefined();
      expect(fn.Properties.LoggingConfig.LogGroup).toEqual({ Ref: expect.any(String) });
      expect(fn.Properties.Environment.Variables).toMatchObject({
        POWERTOOLS_SERVICE_NAME: 'koe',
        POWERTOOLS_TRACE_ENABLED: 'false',
        KOE_TIMEZONE: 'UTC',
        TABLE_NAME: expect.anything(),
      });
    }
    const retentions = Object.values(template.findResources('AWS::Logs::LogGroup')).map(
      (g) => g.Properties.RetentionInDays,
    );
    expect(retentions).toHaveLength(expected.size + 1); // + API access logs
    expect(new Set(retentions)).toEqual(new Set([30]));
  });

  it('creates one API route per ROUTES entry, integrated with that entry’s function', () => {
    const routes = Object.values(template.findResources('AWS::ApiGatewayV2::Route'));
    const integrations = template.findResources('AWS::ApiGatewayV2::Integration');
    expect(routes.map((r) => r.Properties.RouteKey).sort()).toEqual(ROUTES.map((r) => `${r.method} ${r.path}`).sort());
    for (const route of ROUTES) {
      const resource = routes.find((r) => r.Properties.RouteKey === `${route.method} ${route.path}`)!;
      const integrationId = (resource.Properties.Target['Fn::Join'][1] as unknown[])[1] as { Ref: string };
      const integration = integrations[integrationId.Ref]!;
      expect(integration.Properties.IntegrationUri).toEqual({ 'Fn::GetAtt': [logicalIdOf(route.fn), 'Arn'] });
    }
  });

  it('outputs the API base URL', () => {
    template.hasOutput('ApiUrl', { Value: Match.anyValue() });
  });

  it('logs API access as JSON without bodies, and throttles the stage', () => {
    template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      AutoDeploy: true,
      DefaultRouteSettings: {
        ThrottlingRateLimit: API_THROTTLE.rateLimit,
        ThrottlingBurstLimit: API_THROTTLE.burstLimit,
      },
      AccessLogSettings: { DestinationArn: Match.anyValue(), Format: Match.stringLikeRegexp('"\\$context.requestId"') },
    });
    const format = Object.values(template.findResources('AWS::ApiGatewayV2::Stage'))[0]!.Properties.AccessLogSettings
      .Format as string;
    expect(format).not.toMatch(/body/i);
  });

  it('feeds analyze from the queue in batches with partial batch responses', () => {
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      FunctionName: { Ref: logicalIdOf('analyze') },
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      BatchSize: ANALYZE_TUNING.batchSize,
      MaximumBatchingWindowInSeconds: ANALYZE_TUNING.maxBatchingWindow.toSeconds(),
    });
    expect(functions[logicalIdOf('analyze')]!.Properties).toMatchObject({
      Timeout: ANALYZE_TUNING.timeout.toSeconds(),
      Environment: {
        Variables: expect.objectContaining({
          ANALYZER_MODE: 'local',
          ANALYSIS_MAX_RECEIVE_COUNT: '5',
          KUROMOJI_DICT_PATH,
        }),
      },
    });
  });

  it('lets query read the table and its indexes but write nothing', () => {
    const actions = actionsOf('query');
    expect(actions).toEqual(expect.arrayContaining(['dynamodb:GetItem', 'dynamodb:Query']));
    expect(actions.filter((a) => /^dynamodb:(Put|Update|Delete|BatchWrite|\*)|^sqs:/.test(a))).toEqual([]);
    const indexResources = statementsOf('query')
      .flatMap((s) => [s.Resource].flat())
      .map((r) => JSON.stringify(r))
      .filter((r) => r.includes('/index/'));
    expect(indexResources.sort()).toEqual([
      expect.stringContaining('/index/gsi1'),
      expect.stringContaining('/index/gsi2'),
    ]);
  });

  it('lets status read the table and only the queues’ counters: no send, receive or delete, no writes', () => {
    // Act
    const actions = actionsOf('status');
    const env = functions[logicalIdOf('status')]!.Properties.Environment.Variables;
    // Assess
    expect(actions).toEqual(expect.arrayContaining(['dynamodb:GetItem', 'sqs:GetQueueAttributes']));
    expect(
      actions.filter((a) => /^dynamodb:(Put|Update|Delete|BatchWrite)|^sqs:(?!GetQueueAttributes)/.test(a)),
    ).toEqual([]);
    expect(Object.keys(env)).toEqual(expect.arrayContaining(['TABLE_NAME', 'ANALYSIS_QUEUE_URL', 'ANALYSIS_DLQ_URL']));
  });

  it('lets ingest write items and send to the queue, but not query, scan or read the dead letters', () => {
    const actions = actionsOf('ingest');
    expect(actions).toEqual(expect.arrayContaining(['dynamodb:PutItem', 'dynamodb:GetItem', 'sqs:SendMessage']));
    expect(actions.filter((a) => /Query|Scan|ReceiveMessage|DeleteMessage/.test(a))).toEqual([]);
  });

  it('lets admin drain the dead letters and re-send, with no table access', () => {
    const actions = actionsOf('admin');
    expect(actions).toEqual(expect.arrayContaining(['sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:SendMessage']));
    expect(actions.filter((a) => a.startsWith('dynamodb:'))).toEqual([]);
    expect(functions[logicalIdOf('admin')]!.Properties.Environment.Variables).toMatchObject({
      ANALYSIS_DLQ_URL: expect.anything(),
      ANALYSIS_QUEUE_URL: expect.anything(),
    });
  });

  it('guards every non-public route with the API-key authorizer', () => {
    const routes = Object.values(template.findResources('AWS::ApiGatewayV2::Route'));
    const scopeOf = (routeKey: string) => ROUTES.find((r) => `${r.method} ${r.path}` === routeKey)!.scope;
    for (const route of routes) {
      const isPublic = scopeOf(route.Properties.RouteKey) === 'public';
      expect(route.Properties.AuthorizationType, route.Properties.RouteKey).toBe(isPublic ? 'NONE' : 'CUSTOM');
    }
    template.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      AuthorizerType: 'REQUEST',
      EnableSimpleResponses: true,
      IdentitySource: ['$request.header.Authorization', '$context.routeKey'],
      AuthorizerResultTtlInSeconds: 60,
    });
  });

  it('lets analyze publish alerts to the encrypted topic with exact KMS actions', () => {
    const statements = statementsOf('analyze');
    expect(statements).toContainEqual(expect.objectContaining({ Action: 'sns:Publish' }));
    expect(statements).toContainEqual(expect.objectContaining({ Action: ['kms:GenerateDataKey', 'kms:Decrypt'] }));
    expect(functions[logicalIdOf('analyze')]!.Properties.Environment.Variables.ALERTS_TOPIC_ARN).toBeDefined();
  });

  it('grants each function the DynamoDB actions its stores call, and nothing no code calls', () => {
    // Prepare
    const r = ['dynamodb:GetItem', 'dynamodb:Query'];
    const w = ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'];
    const rw = [...new Set([...r, ...w])];
    const del = 'dynamodb:DeleteItem';
    const batchGet = 'dynamodb:BatchGetItem';
    const batchWrite = 'dynamodb:BatchWriteItem';
    const expected: Record<string, string[]> = {
      authorizer: ['dynamodb:GetItem'],
      ingest: [...w, del],
      transcripts: [...w, del],
      webhooks: [...w, del],
      query: r,
      status: r,
      export: r,
      keys: rw,
      metrics: [...rw, del, batchWrite],
      subscriptions: [...rw, del, batchWrite],
      reports: [...rw, del, batchWrite],
      triage: [...rw, batchGet],
      analyze: [...rw, del, batchGet],
      'rollup-job': [...rw, del, batchWrite],
      'trends-job': [...rw, del, batchWrite],
      'sweep-job': [...rw, del],
      'digests-job': [...rw, del, batchWrite],
      admin: [],
    };
    // Act
    const granted = (fn: string) => [...new Set(actionsOf(fn).filter((a) => a.startsWith('dynamodb:')))].sort();
    // Assess
    for (const [fn, actions] of Object.entries(expected)) expect([fn, granted(fn)]).toEqual([fn, [...actions].sort()]);
    const all = Object.keys(expected).flatMap(granted);
    for (const unused of ['dynamodb:Scan', 'dynamodb:ConditionCheckItem', 'dynamodb:DescribeTable'])
      expect(all).not.toContain(unused);
  });

  it('gives analyze no Comprehend access in local mode', () => {
    expect(actionsOf('analyze').filter((a) => a.startsWith('comprehend:'))).toEqual([]);
    expect(actionsOf('analyze')).toEqual(expect.arrayContaining(['dynamodb:UpdateItem', 'dynamodb:Query']));
  });

  it('alarms on dead letters, backlogs, API 5xx rate and p99, throttles and Scheduler failures, to the operator topic', () => {
    // Prepare
    const alarms = template.findResources('AWS::CloudWatch::Alarm');
    const byId = (id: string) => {
      const found = Object.entries(alarms).find(([logicalId]) => logicalId.startsWith(`Alarms${id}`));
      if (!found) throw new Error(`no alarm ${id}`);
      return found[1].Properties;
    };
    const metricsOf = (id: string) =>
      (byId(id).Metrics as { MetricStat?: { Metric: { MetricName: string; Namespace: string } } }[])
        .flatMap((m) => (m.MetricStat ? [`${m.MetricStat.Metric.Namespace} ${m.MetricStat.Metric.MetricName}`] : []))
        .sort();
    const operatorTopic = koe.data.getLogicalId(koe.data.operatorTopic.node.defaultChild as never);
    // Assess
    expect(byId('DeadLetters')).toMatchObject({
      Namespace: 'AWS/SQS',
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Threshold: 0,
      ComparisonOperator: 'GreaterThanThreshold',
    });
    expect(byId('DeadLetterAge')).toMatchObject({ MetricName: 'ApproximateAgeOfOldestMessage', Threshold: 7 * 86400 });
    expect(byId('AnalysisBacklog')).toMatchObject({ MetricName: 'ApproximateAgeOfOldestMessage', Threshold: 900 });
    expect(metricsOf('Api5xxRate')).toEqual(['AWS/ApiGateway 5xx', 'AWS/ApiGateway Count']);
    expect(byId('Api5xxRate').Threshold).toBe(5);
    expect(byId('ApiLatencyP99')).toMatchObject({ MetricName: 'Latency', ExtendedStatistic: 'p99', Threshold: 3000 });
    expect(metricsOf('TableThrottles')).toEqual([
      'AWS/DynamoDB ReadThrottleEvents',
      'AWS/DynamoDB WriteThrottleEvents',
    ]);
    expect(metricsOf('ScheduledJobFailures')).toEqual([
      'AWS/Scheduler InvocationDroppedCount',
      'AWS/Scheduler InvocationsFailedToBeSentToDeadLetterCount',
      'AWS/Scheduler TargetErrorCount',
    ]);
    // Per schedule group: Koe's own, which every schedule is in.
    const [group] = Object.values(template.findResources('AWS::Scheduler::ScheduleGroup'));
    const groupName = group!.Properties.Name as string;
    const schedules = Object.values(template.findResources('AWS::Scheduler::Schedule'));
    expect(schedules.map((s) => s.Properties.GroupName)).toEqual(schedules.map(() => groupName));
    for (const metric of byId('ScheduledJobFailures').Metrics as { MetricStat?: { Metric: { Dimensions: unknown } } }[])
      if (metric.MetricStat)
        expect(metric.MetricStat.Metric.Dimensions).toEqual([{ Name: 'ScheduleGroup', Value: groupName }]);
    const jobDeadLetters = koe.data.getLogicalId(koe.data.jobDeadLetterQueue.node.defaultChild as never);
    expect(byId('JobDeadLetters')).toMatchObject({
      Namespace: 'AWS/SQS',
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Dimensions: [{ Name: 'QueueName', Value: { 'Fn::ImportValue': expect.stringContaining(jobDeadLetters) } }],
      Threshold: 0,
      ComparisonOperator: 'GreaterThanThreshold',
    });
    const perFunction = (metric: string) =>
      Object.values(alarms)
        .filter((a) => a.Properties.MetricName === metric && a.Properties.Namespace === 'AWS/Lambda')
        .map((a) => a.Properties.Dimensions[0].Value.Ref)
        .sort();
    expect(perFunction('Errors')).toEqual(Object.keys(functions).sort());
    expect(perFunction('Throttles')).toEqual(Object.keys(functions).sort());
    // No sender configured: no SES reputation alarms (reports.test.ts has them).
    expect(Object.values(alarms).some((a) => a.Properties.Namespace === 'AWS/SES')).toBe(false);
    for (const alarm of Object.values(alarms)) {
      const actions = alarm.Properties.AlarmActions as { 'Fn::ImportValue': string }[];
      expect(actions).toEqual([{ 'Fn::ImportValue': expect.stringContaining(operatorTopic) }]);
      expect(alarm.Properties.OKActions).toEqual(actions);
    }
  });

  it('draws an operations dashboard with the alarms, the API, the queue and the business metrics', () => {
    // Prepare
    const dashboards = Object.values(template.findResources('AWS::CloudWatch::Dashboard'));
    // Act
    const body = JSON.stringify(dashboards[0]?.Properties.DashboardBody);
    // Assess
    expect(dashboards).toHaveLength(1);
    for (const name of Object.values(BUSINESS_METRICS)) expect(body).toContain(`\\"${name}\\"`);
    expect(body).toContain('ApproximateAgeOfOldestMessage');
    expect(body).toContain('alarm');
  });

  it('schedules the roll-up and trends jobs on their functions, and lets only trends publish spike alerts', () => {
    // Prepare
    const schedules = Object.values(template.findResources('AWS::Scheduler::Schedule'));
    const targetOf = (name: string) =>
      JSON.stringify(
        schedules.find((s) => JSON.parse(s.Properties.Target.Input).schedule === name)?.Properties.Target.Arn,
      );
    const rollup = koe.stateless.getLogicalId(koe.stateless.jobs.get('rollup-job')!.node.defaultChild as never);
    const trends = koe.stateless.getLogicalId(koe.stateless.jobs.get('trends-job')!.node.defaultChild as never);
    // Assess
    expect(targetOf('rollup-hourly')).toContain(rollup);
    expect(targetOf('rollup-daily-close')).toContain(rollup);
    expect(targetOf('trends-daily')).toContain(trends);
    expect(actionsOf('trends-job')).toContain('sns:Publish');
    expect(actionsOf('rollup-job')).not.toContain('sns:Publish');
    expect(actionsOf('metrics')).toEqual(expect.arrayContaining(['dynamodb:Query', 'dynamodb:BatchWriteItem']));
  });

  it('dead-letters every scheduled run that fails: Scheduler’s undeliverable ones and the jobs’ own failures, to one queue', () => {
    // Prepare
    const jobDeadLetters = koe.data.getLogicalId(koe.data.jobDeadLetterQueue.node.defaultChild as never);
    const importOf = (attribute: string) => ({
      'Fn::ImportValue': expect.stringMatching(new RegExp(`${jobDeadLetters}.*${attribute}`)),
    });
    const schedules = Object.values(template.findResources('AWS::Scheduler::Schedule'));
    const jobIds = new Set(SCHEDULES.map((s) => logicalIdOf(s.fn)));
    const invokeConfigs = Object.values(template.findResources('AWS::Lambda::EventInvokeConfig'));
    const schedulerRole = koe.stateless.getLogicalId(
      koe.stateless.node.findChild('Schedules').node.findChild('Role').node.defaultChild as never,
    );
    const schedulerPolicy = Object.values(
      template.findResources('AWS::IAM::Policy', { Properties: { Roles: [{ Ref: schedulerRole }] } }),
    ).flatMap((p) => p.Properties.PolicyDocument.Statement as Statement[]);
    // Assess: every schedule retries, then dead-letters, and its role may send to that queue and nothing else
    expect(schedules).toHaveLength(SCHEDULES.length);
    for (const schedule of schedules)
      expect(schedule.Properties.Target).toMatchObject({
        DeadLetterConfig: { Arn: importOf('Arn') },
        RetryPolicy: { MaximumRetryAttempts: 3, MaximumEventAgeInSeconds: 3600 },
      });
    expect(schedulerPolicy.filter((st) => [st.Action].flat().some((a) => a.startsWith('sqs:')))).toEqual([
      expect.objectContaining({ Action: 'sqs:SendMessage', Resource: importOf('Arn') }),
    ]);
    expect([...new Set(schedulerPolicy.flatMap((st) => [st.Action].flat()))].sort()).toEqual([
      'lambda:InvokeFunction',
      'sqs:SendMessage',
    ]);
    // Scheduler invokes asynchronously: a job that fails is retried by Lambda, then dead-lettered to the same queue.
    for (const [id, fn] of Object.entries(functions)) {
      const config = invokeConfigs.find((c) => c.Properties.FunctionName.Ref === id);
      if (!jobIds.has(id)) {
        expect(fn.Properties.DeadLetterConfig, id).toBeUndefined();
        expect(config, id).toBeUndefined();
        continue;
      }
      expect(fn.Properties.DeadLetterConfig).toEqual({ TargetArn: importOf('Arn') });
      expect(config?.Properties).toMatchObject({ MaximumRetryAttempts: 2, MaximumEventAgeInSeconds: 3600 });
    }
    for (const job of new Set(SCHEDULES.map((s) => s.fn)))
      expect(statementsOf(job)).toContainEqual(
        expect.objectContaining({ Action: 'sqs:SendMessage', Resource: importOf('Arn') }),
      );
    // The replay recipe finds each schedule's function here.
    const output = JSON.stringify(template.findOutputs('ScheduledJobFunctions'));
    for (const schedule of SCHEDULES) expect(output).toContain(`\\"${schedule.name}\\":`);
  });

  it('has no unacknowledged cdk-nag AwsSolutions or Serverless finding', () => {
    expect(nagFindings(koe, koe.stateless)).toEqual([]);
  });
});
