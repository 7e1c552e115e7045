import { fileURLToPath } from 'node:url';
import { DefaultStackSynthesizer, Duration, Fn, RemovalPolicy, Stack, SymlinkFollowMode, Token } from 'aws-cdk-lib';
import {
  AllowedMethods,
  CachePolicy,
  Distribution,
  HttpVersion,
  OriginRequestPolicy,
  PriceClass,
  ResponseHeadersPolicy,
  ViewerProtocolPolicy,
} from 'aws-cdk-lib/aws-cloudfront';
import { HttpOrigin, S3BucketOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import {
  BlockPublicAccess,
  Bucket,
  BucketEncryption,
  type CfnBucket,
  type IBucket,
  ObjectOwnership,
} from 'aws-cdk-lib/aws-s3';
import { BucketDeployment, Source } from 'aws-cdk-lib/aws-s3-deployment';
import { CfnWebACL } from 'aws-cdk-lib/aws-wafv2';
import { Construct } from 'constructs';
import { asCdkInterface } from './cdk-interface.js';
import { acknowledge } from './koe-function.js';

/** The dashboard's static files; web/vendor/echarts.common.min.js is a symlink into node_modules. */
export const WEB_DIR = fileURLToPath(new URL('../../../web/', import.meta.url));

/** The CDK asset bucket's name as cdk-nag prints it (tokens as `<AWS::AccountId>`), for an exact acknowledgment. */
const assetBucketName = (stack: Stack): string => {
  const qualifier =
    (stack.synthesizer instanceof DefaultStackSynthesizer ? stack.synthesizer.bootstrapQualifier : undefined) ??
    DefaultStackSynthesizer.DEFAULT_QUALIFIER;
  const account = Token.isUnresolved(stack.account) ? '<AWS::AccountId>' : stack.account;
  const region = Token.isUnresolved(stack.region) ? '<AWS::Region>' : stack.region;
  return `cdk-${qualifier}-assets-${account}-${region}`;
};

/** Props of the managers' dashboard. */
export interface DashboardProps {
  /** The HTTP API's base URL (`https://<id>.execute-api.<region>.amazonaws.com/`); CloudFront routes /v1/* there. */
  apiUrl: string;
  /** @default WEB_DIR */
  webDir?: string;
  /** koe:waf — `off`, `managed` (a web ACL made here; the stack must be in us-east-1) or a CLOUDFRONT web ACL's ARN. @default off */
  waf?: string;
}

/** Requests one address may send in five minutes before the managed web ACL blocks it. */
export const WAF_RATE_LIMIT = 2000;

/** The managed web ACL: AWS's common, known-bad-inputs and IP-reputation rule groups, and a per-IP rate limit. */
const managedWebAcl = (scope: Construct): CfnWebACL => {
  const stack = Stack.of(scope);
  if (!Token.isUnresolved(stack.region) && stack.region !== 'us-east-1')
    throw new Error(
      `koe:waf=managed: a CloudFront web ACL can only be created in us-east-1, and this stack deploys to ${stack.region}; create one there and pass its ARN (-c koe:waf=arn:aws:wafv2:us-east-1:…)`,
    );
  const visibility = (metricName: string) => ({
    cloudWatchMetricsEnabled: true,
    sampledRequestsEnabled: true,
    metricName,
  });
  const managed = (priority: number, name: string, excluded: string[] = []): CfnWebACL.RuleProperty => ({
    name,
    priority,
    overrideAction: { none: {} },
    statement: {
      managedRuleGroupStatement: {
        vendorName: 'AWS',
        name,
        // Counted, not blocked: rules that would refuse Koe's own legitimate requests.
        ruleActionOverrides: excluded.map((rule) => ({ name: rule, actionToUse: { count: {} } })),
      },
    },
    visibilityConfig: visibility(name),
  });
  return new CfnWebACL(scope, 'WebAcl', {
    scope: 'CLOUDFRONT',
    defaultAction: { allow: {} },
    visibilityConfig: visibility('KoeDashboard'),
    rules: [
      {
        name: 'RatePerIp',
        priority: 0,
        action: { block: {} },
        statement: { rateBasedStatement: { limit: WAF_RATE_LIMIT, aggregateKeyType: 'IP' } },
        visibilityConfig: visibility('RatePerIp'),
      },
      managed(1, 'AWSManagedRulesAmazonIpReputationList'),
      // Feedback batches are JSON bodies up to 1 MB (the common set blocks bodies over 8 KB).
      managed(2, 'AWSManagedRulesCommonRuleSet', ['SizeRestrictions_BODY']),
      managed(3, 'AWSManagedRulesKnownBadInputsRuleSet'),
    ],
  });
};

/**
 * The managers' dashboard: web/ in a private S3 bucket behind CloudFront (origin access control),
 * with /v1/* and /health routed to the HTTP API on the same domain, so the page calls its API
 * same-origin as it does locally (no CORS, no API URL baked into the files).
 */
export class Dashboard extends Construct {
  readonly bucket: Bucket;
  readonly distribution: Distribution;
  /** `https://<id>.cloudfront.net` */
  readonly url: string;

  constructor(scope: Construct, id: string, props: DashboardProps) {
    super(scope, id);
    this.bucket = new Bucket(this, 'Site', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      // The files are rebuilt from the repo on every deploy: nothing in the bucket is worth keeping.
      removalPolicy: RemovalPolicy.DESTROY,
      autoDeleteObjects: true,
    });

    // `https://abc.execute-api.region.amazonaws.com/` → `abc.execute-api.region.amazonaws.com`
    const apiDomain = Fn.select(2, Fn.split('/', props.apiUrl));
    const api = {
      origin: new HttpOrigin(apiDomain),
      viewerProtocolPolicy: ViewerProtocolPolicy.HTTPS_ONLY,
      allowedMethods: AllowedMethods.ALLOW_ALL,
      // Never cache API answers; with caching disabled this policy forwards Authorization too.
      cachePolicy: CachePolicy.CACHING_DISABLED,
      originRequestPolicy: OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
    };
    const waf = props.waf ?? 'off';
    const webAclId = waf === 'off' ? undefined : waf === 'managed' ? managedWebAcl(this).attrArn : waf;
    this.distribution = new Distribution(this, 'Distribution', {
      ...(webAclId ? { webAclId } : {}),
      comment: `Koe dashboard (${Stack.of(this).stackName})`,
      defaultRootObject: 'index.html',
      httpVersion: HttpVersion.HTTP2_AND_3,
      priceClass: PriceClass.PRICE_CLASS_200,
      defaultBehavior: {
        origin: S3BucketOrigin.withOriginAccessControl(asCdkInterface<IBucket>(this.bucket)),
        viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        cachePolicy: CachePolicy.CACHING_OPTIMIZED,
        responseHeadersPolicy: ResponseHeadersPolicy.SECURITY_HEADERS,
        compress: true,
      },
      additionalBehaviors: { '/v1/*': api, '/health': api },
      // Client-side routes are hash routes, so only a missing file lands here; S3 answers 403 for it.
      errorResponses: [
        { httpStatus: 403, responseHttpStatus: 404, responsePagePath: '/index.html', ttl: Duration.minutes(1) },
      ],
    });
    this.url = `https://${this.distribution.distributionDomainName}`;

    new BucketDeployment(this, 'Deploy', {
      sources: [Source.asset(props.webDir ?? WEB_DIR, { followSymlinks: SymlinkFollowMode.ALWAYS })],
      destinationBucket: asCdkInterface<IBucket>(this.bucket),
      distribution: this.distribution,
      distributionPaths: ['/*'],
      memoryLimit: 256,
    });

    // BucketDeployment and autoDeleteObjects run on CDK-provided handlers that live at the stack's root.
    const stack = Stack.of(this);
    for (const provider of stack.node.children.filter((c) =>
      /^Custom::(CDKBucketDeployment|S3AutoDeleteObjectsCustomResourceProvider)/.test(c.node.id),
    )) {
      const copies =
        'BucketDeployment copies any object key from the CDK asset bucket into the site bucket and deletes stale ones: the wildcards are object keys and S3 read/list/delete action groups.';
      acknowledge(provider, {
        'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]':
          "A CDK-provided custom-resource handler; AWS's managed basic execution role only writes its own logs.",
        'AwsSolutions-L1': 'The CDK pins the runtime of its own custom-resource handlers; it moves with aws-cdk-lib.',
        'Serverless-LambdaLatestVersion':
          'The CDK pins the runtime of its own custom-resource handlers; it moves with aws-cdk-lib.',
        'Serverless-LambdaDLQ':
          'Invoked by CloudFormation only, which waits for its answer and fails (and rolls back) the deploy on an error.',
        'Serverless-LambdaTracing': 'A deploy-time file copy: nothing to trace.',
        ...Object.fromEntries(
          [
            'Action::s3:GetObject*',
            'Action::s3:GetBucket*',
            'Action::s3:List*',
            'Action::s3:DeleteObject*',
            'Action::s3:Abort*',
            'Resource::*',
            `Resource::<${stack.getLogicalId(this.bucket.node.defaultChild as CfnBucket)}.Arn>/*`,
            `Resource::arn:<AWS::Partition>:s3:::${assetBucketName(stack)}/*`,
          ].map((finding) => [`AwsSolutions-IAM5[${finding}]`, copies]),
        ),
      });
    }
    acknowledge(this, {
      'AwsSolutions-S1':
        'The bucket holds only the public dashboard files, deployed from the repo; CloudFront is the only reader.',
      'AwsSolutions-CFR1': 'Managers sign in from anywhere; every API call needs a key, so no geo restriction.',
      ...(webAclId
        ? {}
        : {
            'AwsSolutions-CFR2':
              'Static files and a keyed API behind throttled API Gateway; WAF is an opt-in cost (koe:waf=managed or an ACL ARN).',
          }),
      'AwsSolutions-CFR3': 'API Gateway logs every API request; static file hits are not worth a log bucket.',
      'AwsSolutions-CFR4':
        'The default *.cloudfront.net certificate cannot pin a minimum TLS version; a custom domain would set TLSv1.2_2021.',
    });
  }
}
