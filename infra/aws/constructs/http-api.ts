import { Duration, Validations } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import {
  HttpApi as ApiGatewayHttpApi,
  ApiMapping,
  type CfnStage,
  DomainName,
  HttpMethod,
  HttpStage,
  LogGroupLogDestination,
  type ThrottleSettings,
} from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaAuthorizer, HttpLambdaResponseType } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { Certificate } from 'aws-cdk-lib/aws-certificatemanager';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { ROUTES, type Route } from '../../../functions/routes.js';
import {
  bindAnalysisQueue,
  bindDeadLetterQueue,
  bindPseudonymKey,
  bindQueueCounters,
  bindTable,
  bindWebhookSecrets,
  nameTable,
} from './bindings.js';
import { KoeFunction } from './koe-function.js';
import { pascalCase } from './names.js';
import type { Reports } from './reports.js';

/** How long API Gateway reuses an authorizer decision for the same key and route. */
export const AUTHORIZER_CACHE_TTL = Duration.minutes(1);

/**
 * Throttling per route (requests per second, burst): HTTP APIs have no per-key usage plans, and a limit
 * applies to each route on its own. Every route gets the default; the routes below are set apart so a flood
 * of unauthenticated health checks or webhooks cannot eat into paying ingest, nor ingest into the reads.
 */
export const API_THROTTLE = { rateLimit: 50, burstLimit: 100 } as const satisfies ThrottleSettings;
export const ROUTE_THROTTLES: Readonly<Record<string, Required<ThrottleSettings>>> = {
  'POST /v1/feedback': { rateLimit: 100, burstLimit: 200 },
  'POST /v1/transcripts': { rateLimit: 50, burstLimit: 100 },
  // Public: a support tool's signed deliveries; a burst when a backlog is replayed.
  'POST /v1/webhooks/{tool}': { rateLimit: 20, burstLimit: 50 },
  // Public: a load balancer or uptime check, a few a second at most.
  'GET /health': { rateLimit: 5, burstLimit: 10 },
};

export interface HttpApiProps {
  table: ITable;
  analysisQueue: IQueue;
  deadLetterQueue: IQueue;
  logRetention: RetentionDays;
  environment: Record<string, string>;
  /** The SES sender the subscriptions function sends `POST /v1/reports/send` digests with. */
  reports?: Reports;
  /** The secret keying customer-id pseudonyms (functions that store a customer id read it). */
  pseudonymKey: ISecret;
  /** SSM parameter with the webhook signing secrets; without it every webhook answers 404. */
  webhookSecretsParameter?: string;
  /** Reserved concurrency of each route function and the authorizer; 0 or absent reserves none. */
  reservedConcurrency?: number;
  /** A custom domain (regional endpoint) mapped to the stage. */
  domain?: { name: string; certificateArn: string };
  /** Turns the execute-api endpoint off: the API answers on `domain` only. */
  disableExecuteApi?: boolean;
}

type Binding = (fn: KoeFunction, props: HttpApiProps) => void;

/**
 * What each HTTP function may touch. A function in ROUTES without an entry here fails the synth:
 * permissions are decided when a function is added, never inherited.
 */
const ROUTE_FUNCTIONS: Record<string, { description: string; bind: Binding; drawsCharts?: boolean }> = {
  ingest: {
    description: 'Validate, redact and store feedback; enqueue it for analysis',
    bind: (fn, p) => {
      bindTable(fn, p.table, 'w', { deletes: true }); // removes an item it could not enqueue
      bindAnalysisQueue(fn, p.analysisQueue);
      bindPseudonymKey(fn, p.pseudonymKey);
    },
  },
  transcripts: {
    description: 'Validate, redact and store support conversations; enqueue them for analysis',
    bind: (fn, p) => {
      bindTable(fn, p.table, 'w', { deletes: true }); // removes an item it could not enqueue
      bindAnalysisQueue(fn, p.analysisQueue);
      bindPseudonymKey(fn, p.pseudonymKey);
    },
  },
  webhooks: {
    description: 'Verify signed support-tool webhooks, map them to transcripts, store and enqueue',
    bind: (fn, p) => {
      bindTable(fn, p.table, 'w', { deletes: true }); // removes an item it could not enqueue
      bindAnalysisQueue(fn, p.analysisQueue);
      bindPseudonymKey(fn, p.pseudonymKey);
      if (p.webhookSecretsParameter) bindWebhookSecrets(fn, p.webhookSecretsParameter);
    },
  },
  query: {
    description: 'Read feedback items, the urgency queue and health',
    bind: (fn, p) => bindTable(fn, p.table, 'r'),
  },
  status: {
    description: 'The analysis backlog (SQS counters) and the range of dates that hold feedback',
    bind: (fn, p) => {
      bindTable(fn, p.table, 'r');
      bindQueueCounters(fn, p.analysisQueue, p.deadLetterQueue);
    },
  },
  triage: {
    description: 'Claim, assign, acknowledge, resolve and override queue items; export labels',
    // BatchGetItem: the labels export reads a page of items in one call.
    bind: (fn, p) => bindTable(fn, p.table, 'rw', { batchGet: true }),
  },
  keys: {
    description: 'Create, list and revoke API keys (stored hashed)',
    bind: (fn, p) => bindTable(fn, p.table, 'rw'),
  },
  metrics: {
    description: 'Scores and pain-point trends from roll-ups; re-roll a window on request (admin)',
    // rw: POST /v1/rollups/run reads items by day and overwrites roll-up rows and trend reports.
    bind: (fn, p) => bindTable(fn, p.table, 'rw', { deletes: true, batchWrite: true }),
  },
  subscriptions: {
    description: 'Manage e-mail report subscriptions and show their recent deliveries',
    // rw: subscription records (written in batches, deleted); reads delivery records for GET /v1/subscriptions/{id}.
    bind: (fn, p) => bindTable(fn, p.table, 'rw', { deletes: true, batchWrite: true }),
  },
  reports: {
    description:
      'One e-mail digest now: render it (POST /v1/reports/preview) or render and send it (POST /v1/reports/send)',
    drawsCharts: true,
    bind: (fn, p) => {
      // rw: delivery records of a send (the subscription store writes in batches and deletes); the digest reads roll-ups, trends, items and the queue.
      bindTable(fn, p.table, 'rw', { deletes: true, batchWrite: true });
      p.reports?.bindSender(fn);
    },
  },
  export: {
    description: 'Export feedback of a time window with its analysis (redacted text only), a page at a time',
    bind: (fn, p) => bindTable(fn, p.table, 'r'),
  },
  admin: {
    description: 'List and replay dead-lettered analysis requests',
    bind: (fn, p) => {
      nameTable(fn, p.table);
      bindDeadLetterQueue(fn, p.deadLetterQueue);
      bindAnalysisQueue(fn, p.analysisQueue);
    },
  },
};

const reserved = (props: HttpApiProps) =>
  props.reservedConcurrency ? { reservedConcurrentExecutions: props.reservedConcurrency } : {};

// Request metadata only: bodies hold feedback text and never reach a log.
const ACCESS_LOG_FORMAT = AccessLogFormat.custom(
  JSON.stringify({
    requestId: '$context.requestId',
    ip: '$context.identity.sourceIp',
    requestTime: '$context.requestTime',
    routeKey: '$context.routeKey',
    status: '$context.status',
    protocol: '$context.protocol',
    responseLength: '$context.responseLength',
    responseLatency: '$context.responseLatency',
    integrationLatency: '$context.integrationLatency',
    integrationError: '$context.integrationErrorMessage',
  }),
);

/** The HTTP API: one route per entry of functions/routes.ts, each to its function's Lambda. */
export class HttpApi extends Construct {
  readonly api: ApiGatewayHttpApi;
  readonly stage: HttpStage;
  /** One function per `fn` in ROUTES, by folder name. */
  readonly functions: ReadonlyMap<string, KoeFunction>;
  /** The API-key authorizer of every non-public route. */
  readonly authorizerFunction: KoeFunction;
  /** The custom domain, when one is configured (its regional name is the DNS target). */
  readonly domainName?: DomainName;
  /** The API's base URL: the custom domain's when configured, else the execute-api one. */
  readonly url: string;

  constructor(scope: Construct, id: string, props: HttpApiProps, routes: readonly Route[] = ROUTES) {
    super(scope, id);
    this.api = new ApiGatewayHttpApi(this, 'HttpApi', {
      description: 'Koe feedback API',
      createDefaultStage: false,
      disableExecuteApiEndpoint: props.disableExecuteApi ?? false,
    });
    const accessLogs = new LogGroup(this, 'AccessLogs', { retention: props.logRetention });
    this.stage = new HttpStage(this, 'DefaultStage', {
      httpApi: this.api,
      stageName: '$default',
      autoDeploy: true,
      throttle: API_THROTTLE,
      accessLogSettings: { destination: new LogGroupLogDestination(accessLogs), format: ACCESS_LOG_FORMAT },
    });
    if (props.domain) {
      this.domainName = new DomainName(this, 'Domain', {
        domainName: props.domain.name,
        certificate: Certificate.fromCertificateArn(this, 'Certificate', props.domain.certificateArn),
      });
      new ApiMapping(this, 'Mapping', { api: this.api, domainName: this.domainName, stage: this.stage });
      this.url = `https://${props.domain.name}/`;
    } else {
      this.url = this.stage.url;
    }

    this.authorizerFunction = new KoeFunction(this, 'Authorizer', {
      fn: 'authorizer',
      description: 'Check the bearer API key and the scope the route needs',
      logRetention: props.logRetention,
      environment: props.environment,
      ...reserved(props),
    });
    bindTable(this.authorizerFunction, props.table, 'get');
    const authorizer = new HttpLambdaAuthorizer('ApiKey', this.authorizerFunction, {
      responseTypes: [HttpLambdaResponseType.SIMPLE],
      // The decision depends on the route's scope as well as the key, so the cache is keyed on both;
      // a revoked key stops working within the TTL.
      identitySource: ['$request.header.Authorization', '$context.routeKey'],
      resultsCacheTtl: AUTHORIZER_CACHE_TTL,
    });

    const functions = new Map<string, KoeFunction>();
    // CloudFormation's RouteSettings is a JSON map keyed by route key, so its fields are written as CloudFormation spells them.
    const routeSettings: Record<string, { ThrottlingRateLimit: number; ThrottlingBurstLimit: number }> = {};
    for (const route of routes) {
      let fn = functions.get(route.fn);
      if (!fn) {
        fn = this.routeFunction(route.fn, props);
        functions.set(route.fn, fn);
      }
      // One integration per route: it is created under its route, so its id depends on that route only
      // (a shared one would live under whichever route came first and move when the table is reordered).
      const httpRoutes = this.api.addRoutes({
        path: route.path,
        methods: [HttpMethod[route.method]],
        integration: new HttpLambdaIntegration(`${pascalCase(route.fn)}Integration`, fn),
        ...(route.scope !== 'public' ? { authorizer } : {}),
      });
      const throttle = ROUTE_THROTTLES[`${route.method} ${route.path}`];
      if (throttle) {
        routeSettings[`${route.method} ${route.path}`] = {
          ThrottlingRateLimit: throttle.rateLimit,
          ThrottlingBurstLimit: throttle.burstLimit,
        };
        // A stage's route settings name routes that must exist first.
        for (const httpRoute of httpRoutes) this.stage.node.addDependency(httpRoute);
      }
      if (route.scope === 'public')
        for (const httpRoute of httpRoutes)
          Validations.of(httpRoute).acknowledge({
            id: 'AwsSolutions-APIG4',
            reason: 'Public by design: health checks and signed webhooks carry no API key.',
          });
    }
    this.functions = functions;
    if (Object.keys(routeSettings).length)
      (this.stage.node.defaultChild as CfnStage).addPropertyOverride('RouteSettings', routeSettings);
  }

  private routeFunction(name: string, props: HttpApiProps): KoeFunction {
    const spec = ROUTE_FUNCTIONS[name];
    if (!spec)
      throw new Error(`functions/${name} serves routes but infra/aws/constructs/http-api.ts grants it nothing`);
    const fn = new KoeFunction(this, pascalCase(name), {
      fn: name,
      description: spec.description,
      ...(spec.drawsCharts ? { drawsCharts: true } : {}),
      logRetention: props.logRetention,
      environment: props.environment,
      ...reserved(props),
    });
    spec.bind(fn, props);
    return fn;
  }
}
