import { RemovalPolicy } from 'aws-cdk-lib';
import { Key } from 'aws-cdk-lib/aws-kms';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';

/**
 * Where critical-item and pain-point spike alerts go (the customer's people on duty subscribe to it);
 * Koe's own alarms go to the {@link OperatorTopic}. Encrypted with a customer-managed key, which the
 * publishing functions are granted one by one.
 */
export class AlertsTopic extends Construct {
  readonly topic: Topic;
  readonly key: Key;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.key = new Key(this, 'Key', {
      description: 'Koe alerts topic encryption',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.topic = new Topic(this, 'Topic', { masterKey: this.key, enforceSSL: true });
  }
}
