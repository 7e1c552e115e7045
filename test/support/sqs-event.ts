import { createHash } from 'node:crypto';
import type { SQSRecord } from 'aws-lambda';

/** One SQS record of the analysis queue as the event source mapping delivers it, with `body` as JSON. */
export const sqsRecord = (body: unknown, messageId: string, receiveCount = 1): SQSRecord => {
  const json = JSON.stringify(body);
  return {
    messageId,
    receiptHandle: `rh-${messageId}`,
    body: json,
    attributes: {
      ApproximateReceiveCount: String(receiveCount),
      SentTimestamp: '1763800000000',
      SenderId: 'local',
      ApproximateFirstReceiveTimestamp: '1763800000000',
    },
    messageAttributes: {},
    md5OfBody: createHash('md5').update(json).digest('hex'),
    eventSource: 'aws:sqs',
    eventSourceARN: 'arn:aws:sqs:local:000000000000:koe-analysis',
    awsRegion: 'local',
  };
};
