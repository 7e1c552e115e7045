import { ArnFormat, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';
import { acknowledge } from './koe-function.js';

export interface OperatorTopicProps {
  /** Subscribed by e-mail when given (context `koe:alarmEmail`; the recipient confirms once). */
  email?: string | undefined;
}

/**
 * Where Koe's CloudWatch alarms go: the people who run Koe, apart from the customers' critical-item
 * alerts. `enforceSSL` alone leaves the topic policy with nothing but a Deny, and an encrypted topic
 * needs the key too, so CloudWatch is allowed both explicitly — for this account's alarms only.
 */
export class OperatorTopic extends Construct {
  readonly topic: Topic;
  readonly key: Key;

  constructor(scope: Construct, id: string, props: OperatorTopicProps = {}) {
    super(scope, id);
    const stack = Stack.of(this);
    const cloudwatch = new ServicePrincipal('cloudwatch.amazonaws.com');
    const fromThisAccountsAlarms = {
      StringEquals: { 'aws:SourceAccount': stack.account },
      ArnLike: {
        'aws:SourceArn': stack.formatArn({
          service: 'cloudwatch',
          resource: 'alarm',
          resourceName: '*',
          arnFormat: ArnFormat.COLON_RESOURCE_NAME,
        }),
      },
    };
    this.key = new Key(this, 'Key', {
      description: 'Koe operator alarms topic encryption',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.key.addToResourcePolicy(
      new PolicyStatement({
        principals: [cloudwatch],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        resources: ['*'],
        conditions: { StringEquals: { 'aws:SourceAccount': stack.account } },
      }),
    );
    this.topic = new Topic(this, 'Topic', { masterKey: this.key, enforceSSL: true });
    this.topic.addToResourcePolicy(
      new PolicyStatement({
        sid: 'AllowCloudWatchAlarms',
        principals: [cloudwatch],
        actions: ['sns:Publish'],
        resources: [this.topic.topicArn],
        conditions: fromThisAccountsAlarms,
      }),
    );
    if (props.email) {
      this.topic.addSubscription(new EmailSubscription(props.email));
      acknowledge(this.topic, {
        'Serverless-SNSRedrivePolicy':
          "An e-mail subscription: SNS retries delivery itself, and an alarm that could not be mailed is still in CloudWatch's alarm history and on the operations dashboard.",
      });
    }
  }
}
