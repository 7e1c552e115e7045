import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import { describe, expect, it } from 'vitest';
import { SnsAlertSender } from '../../../shared/adapters/sns/alert-sender.js';
import type { Alert } from '../../../shared/alerts/ports.js';

const alert: Alert = {
  id: 'fb_123',
  level: 'critical',
  score: 97,
  channel: 'email',
  source: 'zendesk',
  receivedAt: '2026-11-22T09:00:00.000Z',
  reasons: [{ code: 'safety_hazard', level: 'critical', excerpt: 'caught fire' }],
  link: 'https://koe.example.com/#/items/fb_123',
  at: '2026-11-22T09:00:03.000Z',
};

describe('SnsAlertSender', () => {
  it('publishes the alert as JSON for apps and a short text for e-mail, with a subject', async () => {
    // Prepare
    const sns = mockClient(SNSClient);
    sns.on(PublishCommand).resolves({ MessageId: 'm-1' });
    const sender = new SnsAlertSender(new SNSClient({ region: 'local' }), 'arn:aws:sns:local:000000000000:alerts');
    // Act
    await sender.send(alert);
    // Assess
    const input = sns.commandCalls(PublishCommand)[0]?.args[0].input;
    expect(input?.TopicArn).toBe('arn:aws:sns:local:000000000000:alerts');
    expect(input?.Subject).toBe('Koe: critical feedback fb_123');
    expect(input?.MessageStructure).toBe('json');
    const message = JSON.parse(input?.Message ?? '{}');
    expect(JSON.parse(message.default)).toEqual(alert);
    expect(message.email).toContain('https://koe.example.com/#/items/fb_123');
    expect(message.email).toContain('safety_hazard: caught fire');
    sns.restore();
  });

  it('throws when SNS refuses, so the consumer retries', async () => {
    const sns = mockClient(SNSClient);
    sns.on(PublishCommand).rejects(new Error('throttled'));
    const sender = new SnsAlertSender(new SNSClient({ region: 'local' }), 'arn:aws:sns:local:000000000000:alerts');
    await expect(sender.send(alert)).rejects.toThrow('throttled');
    sns.restore();
  });
});
