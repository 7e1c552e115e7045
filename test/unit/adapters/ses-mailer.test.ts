import { createServer, type IncomingMessage, type Server } from 'node:http';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SesMailer } from '../../../shared/adapters/ses/ses-mailer.js';

/** A stand-in SES endpoint: records each request and answers like SendEmail (or with a throttling error). */
let server: Server;
let endpoint: string;
const requests: Array<{
  method?: string | undefined;
  url?: string | undefined;
  headers: IncomingMessage['headers'];
  body: string;
}> = [];
let failNext = false;

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => {
      body += c;
    });
    req.on('end', () => {
      requests.push({ method: req.method, url: req.url, headers: req.headers, body });
      if (failNext) {
        failNext = false;
        res.writeHead(429, { 'content-type': 'application/json', 'x-amzn-errortype': 'TooManyRequestsException' });
        res.end(JSON.stringify({ message: 'Maximum sending rate exceeded.' }));
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ MessageId: '0100018c-ses-message-id' }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  endpoint = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});

afterAll(() => new Promise((resolve) => server.close(resolve)));

const client = () =>
  new SESv2Client({
    endpoint,
    region: 'ap-northeast-1',
    credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' },
    maxAttempts: 1,
  });

const email = {
  from: 'Koe <digests@example.com>',
  to: ['ops@example.com', 'cs@example.com'],
  subject: 'Koe 日次レポート 2026-11-22',
  html: '<p>hi</p><img src="cid:c1@koe">',
  text: 'hi',
  images: [{ cid: 'c1@koe', filename: 'c1.png', contentType: 'image/png' as const, content: Buffer.from('png') }],
  messageId: '<digest.sub_1.2026-11-22@example.com>',
  name: 'sub_1-2026-11-22-1',
};

describe('SesMailer (SES v2 SendEmail, real SDK client)', () => {
  it('sends the raw MIME with the configuration set and returns the SES message id', async () => {
    // Act
    const out = await new SesMailer(client(), { configurationSet: 'koe-digests' }).send(email);
    // Assess: the request the SDK put on the wire
    const request = requests.at(-1)!;
    const body = JSON.parse(request.body) as {
      FromEmailAddress: string;
      Destination: { ToAddresses: string[] };
      Content: { Raw: { Data: string } };
      ConfigurationSetName: string;
    };
    expect(out).toEqual({ messageId: '0100018c-ses-message-id' });
    expect(request.method).toBe('POST');
    expect(request.url).toBe('/v2/email/outbound-emails');
    expect(request.headers.authorization).toMatch(
      /^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/\d{8}\/ap-northeast-1\/ses\//,
    );
    expect(body.FromEmailAddress).toBe('Koe <digests@example.com>');
    expect(body.Destination).toEqual({ ToAddresses: ['ops@example.com', 'cs@example.com'] });
    expect(body.ConfigurationSetName).toBe('koe-digests');
    const mime = await simpleParser(Buffer.from(body.Content.Raw.Data, 'base64'), { keepCidLinks: true });
    expect(mime.subject).toBe('Koe 日次レポート 2026-11-22');
    expect(mime.attachments.map((a) => a.contentId)).toEqual(['<c1@koe>']);
  });

  it('throws SES errors so the delivery is recorded as failed and retried', async () => {
    failNext = true;
    await expect(new SesMailer(client(), {}).send(email)).rejects.toThrow(/Maximum sending rate exceeded/);
    expect(JSON.parse(requests.at(-1)!.body)).not.toHaveProperty('ConfigurationSetName');
  });
});
