import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { KoeApp } from '../../infra/aws/koe.js';
import { synthKoe } from './support.js';

/**
 * Issue 14, item 5: each function's IAM actions are exactly those it calls. One synth with every option that
 * adds a grant turned on (Comprehend, a digest sender, webhook secrets, X-Ray), so no grant hides behind a
 * default. Each statement is read as `action on resource`, the resource named by what it is.
 */
const CONTEXT = {
  'koe:analyzerMode': 'hybrid',
  'koe:senderEmail': 'digests@example.com',
  'koe:webhookSecretsParameter': '/koe/webhooks',
  'koe:tracing': 'active',
};

/** Table access, as bindTable grants it (infra/aws/constructs/bindings.ts). */
const GET = ['dynamodb:GetItem on table'];
const READS = [...GET, 'dynamodb:Query on table', 'dynamodb:Query on table index'];
const WRITES = [...GET, 'dynamodb:PutItem on table', 'dynamodb:UpdateItem on table'];
const READ_WRITE = [...new Set([...READS, ...WRITES])];
const DELETES = ['dynamodb:DeleteItem on table'];
const BATCH_GET = ['dynamodb:BatchGetItem on table'];
/** The roll-up and subscription stores write rows 25 at a time. */
const BATCH_WRITES = ['dynamodb:BatchWriteItem on table'];
/** Every function, when koe:tracing=active: Lambda uploads its segments with the function's role. */
const XRAY = ['xray:PutTelemetryRecords on *', 'xray:PutTraceSegments on *'];
/** Customer ids are pseudonymised with the KoeData secret, read through Parameter Store's Secrets Manager reference. */
const PSEUDONYM_KEY = ['ssm:GetParameter on pseudonym key reference', 'secretsmanager:GetSecretValue on pseudonym key'];
const ENQUEUE = ['sqs:SendMessage on analysis queue'];
/** A scheduled job's failed asynchronous run goes to the job DLQ, sent by Lambda with the function's role. */
const JOB_DLQ = ['sqs:SendMessage on job dead letters'];
/** Publishing to the KMS-encrypted alerts topic needs the key's data-key actions, exactly. */
const ALERTS = ['sns:Publish on alerts topic', 'kms:GenerateDataKey on alerts key', 'kms:Decrypt on alerts key'];
/** SES v2 SendEmail with Content.Raw is authorised as ses:SendEmail and ses:SendRawEmail, on identity and set. */
const SEND_DIGESTS = ['SendEmail', 'SendRawEmail'].flatMap((a) => [
  `ses:${a} on sender identity`,
  `ses:${a} on configuration set`,
]);

/** What each function calls (its deps builder in functions/<fn>/deps.ts and the adapters it builds). */
const EXPECTED: Record<string, string[]> = {
  Authorizer: GET, // reads the key record by its hash
  Query: READS,
  Export: READS,
  Status: [...READS, 'sqs:GetQueueAttributes on analysis queue', 'sqs:GetQueueAttributes on analysis dead letters'],
  Ingest: [...WRITES, ...DELETES, ...ENQUEUE, ...PSEUDONYM_KEY], // removes an item it could not enqueue
  Transcripts: [...WRITES, ...DELETES, ...ENQUEUE, ...PSEUDONYM_KEY],
  Webhooks: [...WRITES, ...DELETES, ...ENQUEUE, ...PSEUDONYM_KEY, 'ssm:GetParameter on webhook secrets'],
  Triage: [...READ_WRITE, ...BATCH_GET], // the labels export reads a page of items at once
  Keys: READ_WRITE, // a revoked key is marked, never deleted
  Metrics: [...READ_WRITE, ...DELETES, ...BATCH_WRITES], // POST /v1/rollups/run re-rolls
  Subscriptions: [...READ_WRITE, ...DELETES, ...BATCH_WRITES],
  Reports: [...READ_WRITE, ...DELETES, ...BATCH_WRITES, ...SEND_DIGESTS], // POST /v1/reports/send
  // `koe dlq`: list (receive with a short visibility), replay (send to the analysis queue, delete); no table.
  Admin: [
    'sqs:ReceiveMessage on analysis dead letters',
    'sqs:DeleteMessage on analysis dead letters',
    'sqs:SendMessage on analysis queue',
  ],
  // Lambda's SQS poller needs exactly these three with the function's role; analyze itself calls no SQS API.
  Analyze: [
    ...READ_WRITE,
    ...DELETES,
    ...BATCH_GET,
    ...ALERTS,
    'sqs:ReceiveMessage on analysis queue',
    'sqs:DeleteMessage on analysis queue',
    'sqs:GetQueueAttributes on analysis queue',
    ...['BatchDetectDominantLanguage', 'BatchDetectKeyPhrases', 'BatchDetectSentiment', 'DetectPiiEntities'].map(
      (a) => `comprehend:${a} on *`,
    ), // no resource-level permissions on built-in models
  ],
  RollupJob: [...READ_WRITE, ...DELETES, ...BATCH_WRITES, ...JOB_DLQ],
  TrendsJob: [...READ_WRITE, ...DELETES, ...BATCH_WRITES, ...ALERTS, ...JOB_DLQ],
  DigestsJob: [...READ_WRITE, ...DELETES, ...BATCH_WRITES, ...SEND_DIGESTS, ...JOB_DLQ],
  SweepJob: [...READ_WRITE, ...DELETES, ...ENQUEUE, ...JOB_DLQ], // re-enqueues items whose message was lost
};

/** Grants the Lambda service uses with a function's role, not the function's code. */
const USED_BY_LAMBDA = new Set([
  ...JOB_DLQ,
  ...['ReceiveMessage', 'DeleteMessage', 'GetQueueAttributes'].map((a) => `sqs:${a} on analysis queue`),
]);

/**
 * Actions no line of Koe calls by that name, each with the call that needs it; every other granted action
 * must be an SDK command some source file sends.
 */
const IMPLIED: Record<string, string> = {
  'xray:PutTraceSegments': 'Lambda tracing (koe:tracing=active)',
  'xray:PutTelemetryRecords': 'Lambda tracing (koe:tracing=active)',
  'kms:GenerateDataKey': 'sns:Publish to a KMS-encrypted topic',
  'kms:Decrypt': 'sns:Publish to a KMS-encrypted topic',
  'secretsmanager:GetSecretValue': 'ssm:GetParameter of /aws/reference/secretsmanager/…',
  'ses:SendRawEmail': 'SES v2 SendEmail with Content.Raw',
  'lambda:InvokeFunction': 'EventBridge Scheduler invoking a job',
};

/** IAM service prefix of each AWS SDK v3 client package Koe uses. */
const SERVICE_OF_CLIENT: Record<string, string> = {
  dynamodb: 'dynamodb',
  sqs: 'sqs',
  sns: 'sns',
  sesv2: 'ses',
  comprehend: 'comprehend',
  ssm: 'ssm',
};
/** Commands IAM authorises under another action's name. */
const ACTION_OF_COMMAND: Record<string, string> = { 'sqs:SendMessageBatch': 'sqs:SendMessage' };

/** The IAM actions one source file sends: `new XCommand(` of an `@aws-sdk/client-*` import, and Powertools' SSM reads. */
const actionsSentBy = (source: string): string[] => {
  const actions: string[] = [];
  for (const [, names, client] of source.matchAll(/import\s*\{([^}]*)\}\s*from\s*'@aws-sdk\/client-([\w-]+)'/g)) {
    const service = SERVICE_OF_CLIENT[client!];
    for (const name of names!.split(',').map((n) => n.trim().replace(/^type\s+/, ''))) {
      const command = /^(\w+)Command$/.exec(name)?.[1];
      if (!command || !service || !source.includes(`new ${name}(`)) continue;
      const action = `${service}:${command}`;
      actions.push(ACTION_OF_COMMAND[action] ?? action);
    }
  }
  if (/new SSMProvider\(/.test(source) && /\.get\(/.test(source)) actions.push('ssm:GetParameter');
  return actions;
};

/** Every IAM action Koe's runtime code can send, anywhere in shared/ and functions/. */
const actionsCalledInCode = (): Set<string> =>
  new Set(
    ['shared', 'functions'].flatMap((dir) =>
      readdirSync(dir, { recursive: true, encoding: 'utf8' })
        .filter((f) => f.endsWith('.ts'))
        .flatMap((f) => actionsSentBy(readFileSync(join(dir, f), 'utf8'))),
    ),
  );

/**
 * The IAM actions a function's code can reach: every file its entry imports, transitively (relative imports,
 * static or dynamic).
 * File-grained, so an over-estimate (a store's file holds all its methods): a grant outside it is one no
 * path of the function can use.
 */
const actionsReachableFrom = (entry: string): Set<string> => {
  const seen = new Set<string>();
  const reachable = new Set<string>();
  const pending = [entry];
  while (pending.length) {
    const file = pending.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    const source = readFileSync(file, 'utf8');
    for (const action of actionsSentBy(source)) reachable.add(action);
    for (const [, spec] of source.matchAll(/(?:from\s*|import\(\s*)'(\.{1,2}\/[^']+)\.js'/g)) {
      const imported = normalize(join(dirname(file), `${spec}.ts`));
      if (existsSync(imported)) pending.push(imported);
    }
  }
  return reachable;
};

describe('least privilege: each function may do exactly what it calls', () => {
  let koe: KoeApp;
  let template: Template;
  /** Role logical id → `action on resource` grants. */
  let grants: Map<string, string[]>;

  beforeAll(() => {
    vi.stubEnv('CDK_DEFAULT_ACCOUNT', '123456789012');
    vi.stubEnv('CDK_DEFAULT_REGION', 'eu-west-1');
    koe = synthKoe(CONTEXT);
    vi.unstubAllEnvs();
    template = Template.fromStack(koe.stateless);
    const id = (
      construct: { node: { defaultChild?: unknown } },
      stack: KoeApp['data'] | KoeApp['stateless'] = koe.data,
    ) => stack.getLogicalId(construct.node.defaultChild as never);
    const reports = koe.stateless.reports;
    // What a resource is, told by the logical id it refers to (KoeData's through their export names).
    const names: Array<[string, string]> = [
      [id(koe.data.jobDeadLetterQueue), 'job dead letters'],
      [id(koe.data.deadLetterQueue), 'analysis dead letters'],
      [id(koe.data.analysisQueue), 'analysis queue'],
      [id(koe.data.alertsTopic), 'alerts topic'],
      [id(koe.data.alertsKey), 'alerts key'],
      [id(koe.data.pseudonymKey), 'pseudonym key'],
      [id(reports.identity!, koe.stateless), 'sender identity'],
      [id(reports.configurationSet, koe.stateless), 'configuration set'],
    ];
    const tableId = id(koe.data.table);
    const resourceName = (resource: unknown): string => {
      const json = JSON.stringify(resource);
      if (json === '"*"') return '*';
      if (json.includes('/aws/reference/secretsmanager/')) return 'pseudonym key reference';
      if (json.includes(':parameter/koe/webhooks')) return 'webhook secrets';
      if (json.includes('configuration-set/')) return 'configuration set';
      if (json.includes(tableId)) return json.includes('/index/') ? 'table index' : 'table';
      // Anything else shows as itself and fails the comparison it appears in (the CDK's own handlers aside).
      return names.find(([logicalId]) => json.includes(logicalId))?.[1] ?? json;
    };
    grants = new Map();
    for (const policy of Object.values(template.findResources('AWS::IAM::Policy'))) {
      const statements = policy.Properties.PolicyDocument.Statement as { Action: unknown; Resource: unknown }[];
      for (const role of policy.Properties.Roles as { Ref: string }[]) {
        const list = grants.get(role.Ref) ?? [];
        for (const s of statements)
          for (const action of [s.Action].flat() as string[])
            for (const resource of [s.Resource].flat()) list.push(`${action} on ${resourceName(resource)}`);
        grants.set(role.Ref, list);
      }
    }
  });

  /** The `action on resource` grants of a function's role, by the function's construct id. */
  const grantsOf = (name: string): string[] => {
    const role = koe.stateless.node
      .findAll()
      .find((c) => c.node.path.endsWith(`/${name}/ServiceRole/Resource`) && !c.node.path.includes('Custom'));
    if (!role) throw new Error(`no role for ${name}`);
    return [...new Set(grants.get(koe.stateless.getLogicalId(role as never)) ?? [])].sort();
  };

  it('covers every Koe function', () => {
    // Prepare
    const functionIds = Object.keys(template.findResources('AWS::Lambda::Function')).filter(
      (id) => !id.startsWith('Custom'),
    );
    // Assess
    expect(Object.keys(EXPECTED)).toHaveLength(functionIds.length);
  });

  it.each(Object.keys(EXPECTED))('grants %s exactly the calls it makes, on the resources it makes them on', (name) => {
    // Act
    const granted = grantsOf(name);
    // Assess
    expect(granted).toEqual([...new Set([...EXPECTED[name]!, ...XRAY])].sort());
  });

  it.each(Object.keys(EXPECTED))('grants %s nothing its code cannot reach', (name) => {
    // Prepare: functions/<fn>/ from the construct id (ScheduledJob → scheduled-job)
    const fn = name.replace(/(?<=.)([A-Z])/g, '-$1').toLowerCase();
    const reachable = actionsReachableFrom(`functions/${fn}/index.ts`);
    // Act: grants Lambda itself uses with the role (a job's DLQ, analyze's SQS poller) have no call site
    const unreachable = grantsOf(name)
      .filter((grant) => !USED_BY_LAMBDA.has(grant))
      .map((grant) => grant.replace(/ on .*/, ''))
      .filter((action) => !reachable.has(action) && !(action in IMPLIED));
    // Assess
    expect(reachable.size).toBeGreaterThan(0);
    expect(unreachable).toEqual([]);
  });

  it('lets EventBridge Scheduler invoke the jobs and dead-letter a run, nothing else', () => {
    // Prepare
    const role = koe.stateless.getLogicalId(
      koe.stateless.node.findChild('Schedules').node.findChild('Role').node.defaultChild as never,
    );
    // Act
    const granted = [...new Set(grants.get(role)!.map((g) => g.replace(/ on .*/, '')))].sort();
    const invoked = grants.get(role)!.filter((g) => g.startsWith('lambda:InvokeFunction'));
    const jobs = [...koe.stateless.jobs.values()].map((fn) =>
      koe.stateless.getLogicalId(fn.node.defaultChild as never),
    );
    // Assess
    expect(granted).toEqual(['lambda:InvokeFunction', 'sqs:SendMessage']);
    expect(grants.get(role)).toContain('sqs:SendMessage on job dead letters');
    // Each job function (and its versions), no other function.
    for (const grant of invoked)
      expect(
        jobs.some((id) => grant.includes(id)),
        grant,
      ).toBe(true);
    for (const id of jobs)
      expect(
        invoked.some((grant) => grant.includes(id)),
        id,
      ).toBe(true);
  });

  it('grants no action that no code sends, but for the few a call implies', () => {
    // Prepare
    const called = actionsCalledInCode();
    const koeRoles = [...grants.keys()].filter((id) => !id.startsWith('Custom'));
    // Act
    const granted = new Set(koeRoles.flatMap((id) => grants.get(id)!.map((g) => g.replace(/ on .*/, ''))));
    const unexplained = [...granted].filter((action) => !called.has(action) && !(action in IMPLIED));
    // Assess: the scan sees the calls (a broken scan would explain nothing) and every grant is one of them
    expect(called).toContain('dynamodb:BatchGetItem');
    expect(called).toContain('sqs:SendMessage');
    expect(called).toContain('ssm:GetParameter');
    expect(unexplained).toEqual([]);
    for (const action of granted) expect(action).not.toMatch(/\*/);
  });
});
