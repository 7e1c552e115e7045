import { CfnOutput, Duration, Stack, type StackProps } from 'aws-cdk-lib';
import type { IHttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { SCHEDULES, type Schedule } from '../../../functions/schedules.js';
import { Alarms } from '../constructs/alarms.js';
import { AnalysisPipeline } from '../constructs/analysis-pipeline.js';
import { bindAlertsTopic, bindAnalysisQueue, bindTable } from '../constructs/bindings.js';
import { asCdkInterface } from '../constructs/cdk-interface.js';
import { Dashboard } from '../constructs/dashboard.js';
import { HttpApi } from '../constructs/http-api.js';
import { functionExists, KoeFunction } from '../constructs/koe-function.js';
import { pascalCase } from '../constructs/names.js';
import { OperationsDashboard } from '../constructs/operations-dashboard.js';
import { Reports } from '../constructs/reports.js';
import { Schedules } from '../constructs/schedules.js';
import type { KoeSettings } from '../settings.js';

export interface KoeAppStackProps extends StackProps {
  settings: KoeSettings;
  table: ITable;
  analysisQueue: IQueue;
  deadLetterQueue: IQueue;
  maxReceiveCount: number;
  /** Failed scheduled-job runs: Scheduler's undeliverable ones and Lambda's failed asynchronous ones. */
  jobDeadLetterQueue: IQueue;
  alertsTopic: ITopic;
  alertsKey: IKey;
  /** Koe's CloudWatch alarms publish here (KoeData's operator topic). */
  operatorTopic: ITopic;
  /** KoeData's secret keying customer-id pseudonyms (read by the functions that store customer ids). */
  pseudonymKey: ISecret;
  /** @default SCHEDULES from functions/schedules.ts */
  schedules?: readonly Schedule[];
}

/** What each scheduled job may touch; a scheduled job without an entry here fails the synth. */
const JOB_FUNCTIONS: Record<
  string,
  {
    description: string;
    drawsCharts?: boolean;
    bind: (fn: KoeFunction, props: KoeAppStackProps, reports: Reports) => void;
  }
> = {
  'rollup-job': {
    description: 'Roll analyzed feedback up into scores per period and dimension',
    bind: (fn, p) => bindTable(fn, p.table, 'rw', { deletes: true, batchWrite: true }),
  },
  'trends-job': {
    description: 'Detect rising and falling pain points; alert on spikes',
    bind: (fn, p) => {
      bindTable(fn, p.table, 'rw', { deletes: true, batchWrite: true });
      bindAlertsTopic(fn, { topic: p.alertsTopic, key: p.alertsKey });
    },
  },
  'sweep-job': {
    description: 'Re-enqueue items stuck in queued whose analysis message was lost',
    bind: (fn, p) => {
      bindTable(fn, p.table, 'rw', { deletes: true });
      bindAnalysisQueue(fn, p.analysisQueue);
    },
  },
  'digests-job': {
    description: 'Render and send the e-mail digests that are due',
    drawsCharts: true,
    bind: (fn, p, reports) => {
      bindTable(fn, p.table, 'rw', { deletes: true, batchWrite: true });
      reports.bindSender(fn);
    },
  },
};

/** Throws naming every schedule whose function has no code (`functions/<fn>/index.ts`): a synth never points a schedule at nothing. */
export const assertScheduledFunctionsExist = (
  schedules: readonly Schedule[],
  exists: (fn: string) => boolean = functionExists,
): void => {
  const missing = schedules.filter((s) => !exists(s.fn)).map((s) => `${s.name} → functions/${s.fn}/index.ts`);
  if (missing.length) throw new Error(`scheduled functions without code: ${missing.join(', ')}`);
};

/**
 * Everything that can be replaced without losing data: functions, the HTTP API, schedules and
 * alarms. Reads the stateful resources of KoeData through props (CloudFormation exports).
 */
export class KoeAppStack extends Stack {
  readonly api: HttpApi;
  readonly analysis: AnalysisPipeline;
  readonly dashboard: Dashboard;
  readonly jobs: ReadonlyMap<string, KoeFunction>;
  /** The SES identity and configuration set the digests are sent with. */
  readonly reports: Reports;

  constructor(scope: Construct, id: string, props: KoeAppStackProps) {
    super(scope, id, props);
    const { settings } = props;
    const environment: Record<string, string> = {
      KOE_TIMEZONE: settings.timezone,
      ...(settings.dashboardUrl ? { DASHBOARD_URL: settings.dashboardUrl } : {}),
    };
    const logRetention = settings.logRetentionDays;

    this.reports = new Reports(this, 'Reports', {
      senderEmail: settings.senderEmail,
      senderDomain: settings.senderDomain,
    });
    // The id stays 'Api' (the class was IngestApi): a new construct id would replace the deployed API and its URL.
    this.api = new HttpApi(this, 'Api', {
      table: props.table,
      analysisQueue: props.analysisQueue,
      deadLetterQueue: props.deadLetterQueue,
      logRetention,
      environment,
      reports: this.reports,
      pseudonymKey: props.pseudonymKey,
      ...(settings.webhookSecretsParameter ? { webhookSecretsParameter: settings.webhookSecretsParameter } : {}),
      reservedConcurrency: settings.apiReservedConcurrency,
      ...(settings.apiDomainName && settings.apiCertificateArn
        ? { domain: { name: settings.apiDomainName, certificateArn: settings.apiCertificateArn } }
        : {}),
      disableExecuteApi: settings.disableExecuteApi,
    });
    new CfnOutput(this, 'ApiUrl', { value: this.api.url, description: 'Base URL of the Koe API' });
    if (this.api.domainName)
      new CfnOutput(this, 'ApiDomainTarget', {
        value: this.api.domainName.regionalDomainName,
        description: `DNS: point ${settings.apiDomainName} here (CNAME, or an alias record)`,
      });
    // The managers' dashboard (web/) on CloudFront, calling the API same-origin through /v1/*.
    this.dashboard = new Dashboard(this, 'Dashboard', { apiUrl: this.api.url, waf: settings.waf });
    new CfnOutput(this, 'DashboardUrl', { value: this.dashboard.url, description: "The managers' dashboard" });
    this.analysis = new AnalysisPipeline(this, 'Analysis', {
      table: props.table,
      queue: props.analysisQueue,
      alerts: { topic: props.alertsTopic, key: props.alertsKey },
      maxReceiveCount: props.maxReceiveCount,
      analyzerMode: settings.analyzerMode,
      hybridConfidenceThreshold: settings.hybridConfidenceThreshold,
      maxConcurrency: settings.analyzeMaxConcurrency,
      logRetention,
      environment,
    });

    const schedules = props.schedules ?? SCHEDULES;
    assertScheduledFunctionsExist(schedules);
    const jobs = new Map<string, KoeFunction>();
    /** The function of a scheduled job, made the first time a schedule names it. */
    const jobFunction = (name: string): KoeFunction => {
      const made = jobs.get(name);
      if (made) return made;
      const spec = JOB_FUNCTIONS[name];
      if (!spec) throw new Error(`functions/${name} is scheduled but infra/aws/stacks/app-stack.ts grants it nothing`);
      const fn = new KoeFunction(this, pascalCase(name), {
        fn: name,
        description: spec.description,
        ...(spec.drawsCharts ? { drawsCharts: true } : {}),
        logRetention,
        environment,
        // A daily roll-up reads a day of items (about 11,000 at a million a quarter): minutes, not seconds.
        timeout: Duration.minutes(5),
        memorySize: 1024,
        deadLetterQueue: props.jobDeadLetterQueue,
      });
      spec.bind(fn, props, this.reports);
      jobs.set(name, fn);
      return fn;
    };
    const targets = schedules.map((schedule) => ({ schedule, target: jobFunction(schedule.fn) }));
    this.jobs = jobs;
    const scheduled = new Schedules(this, 'Schedules', {
      timezone: settings.timezone,
      deadLetterQueue: props.jobDeadLetterQueue,
      entries: targets.map(({ schedule: s, target }) => ({
        name: s.name,
        cron: s.cron,
        description: s.description,
        target,
      })),
    });

    // Replaying a failed run (docs/deploy-aws.md): the function each schedule invokes, by schedule name.
    new CfnOutput(this, 'ScheduledJobFunctions', {
      value: this.toJsonString(
        Object.fromEntries(targets.map(({ schedule, target }) => [schedule.name, target.functionName])),
      ),
      description: 'The function of each schedule, as JSON: schedule name → function name',
    });

    const functions = this.node.findAll().filter((c): c is KoeFunction => c instanceof KoeFunction);
    const alarms = new Alarms(this, 'Alarms', {
      topic: props.operatorTopic,
      api: asCdkInterface<IHttpApi>(this.api.api),
      table: props.table,
      analysisQueue: props.analysisQueue,
      deadLetterQueue: props.deadLetterQueue,
      jobDeadLetterQueue: props.jobDeadLetterQueue,
      scheduleGroup: scheduled.group,
      functions,
      ...(settings.senderEmail ? { sesConfigurationSet: this.reports.configurationSet.configurationSetName } : {}),
    });
    new OperationsDashboard(this, 'Operations', {
      api: asCdkInterface<IHttpApi>(this.api.api),
      analysisQueue: props.analysisQueue,
      deadLetterQueue: props.deadLetterQueue,
      functions,
      alarms: alarms.alarms,
    });
  }
}
