import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ParsedMail, simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalMailer } from '../../../shared/adapters/outbox/local-mailer.js';
import type { OutgoingEmail } from '../../../shared/reports/delivery-ports.js';
import { parsePeriodKey } from '../../../shared/rollups/periods.js';
import { fakeRenderer } from '../../support/digest-double.js';

/** A tiny SMTP sink: enough of RFC 5321 for nodemailer, keeping each envelope and message. */
const smtpSink = () => {
  const received: Array<{ from: string; to: string[]; data: string }> = [];
  const server: Server = createServer((socket) => {
    let buffer = '';
    let inData = false;
    let current = { from: '', to: [] as string[], data: '' };
    socket.write('220 sink ESMTP\r\n');
    socket.on('data', (chunk) => {
      buffer += chunk.toString('utf8');
      while (true) {
        if (inData) {
          const end = buffer.indexOf('\r\n.\r\n');
          if (end < 0) return;
          current.data = buffer.slice(0, end).replace(/^\.\./gm, '.');
          buffer = buffer.slice(end + 5);
          inData = false;
          received.push(current);
          current = { from: '', to: [], data: '' };
          socket.write('250 queued\r\n');
          continue;
        }
        const eol = buffer.indexOf('\r\n');
        if (eol < 0) return;
        const line = buffer.slice(0, eol);
        buffer = buffer.slice(eol + 2);
        const verb = line.slice(0, 4).toUpperCase();
        if (verb === 'EHLO' || verb === 'HELO') socket.write('250-sink\r\n250 8BITMIME\r\n');
        else if (verb === 'MAIL') current.from = /<(.*)>/.exec(line)?.[1] ?? '';
        else if (verb === 'RCPT') current.to.push(/<(.*)>/.exec(line)?.[1] ?? '');
        if (verb === 'MAIL' || verb === 'RCPT' || verb === 'RSET' || verb === 'NOOP') socket.write('250 OK\r\n');
        else if (verb === 'DATA') {
          inData = true;
          socket.write('354 go ahead\r\n');
        } else if (verb === 'QUIT') socket.end('221 bye\r\n');
      }
    });
  });
  return { server, received };
};

let dir: string;
const sink = smtpSink();
let smtpUrl: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'koe-outbox-'));
  await new Promise<void>((resolve) => sink.server.listen(0, '127.0.0.1', resolve));
  const address = sink.server.address() as { port: number };
  smtpUrl = `smtp://127.0.0.1:${address.port}`;
});

afterAll(async () => {
  await new Promise((resolve) => sink.server.close(resolve));
  await rm(dir, { recursive: true, force: true });
});

const digestEmail = async (): Promise<OutgoingEmail> => {
  const digest = await fakeRenderer().render({ language: 'ja', period: parsePeriodKey('2026-W47', 'Asia/Tokyo') });
  return {
    from: 'Koe 声 <digests@example.com>',
    to: ['ops@example.com', 'hanako@example.jp'],
    subject: digest.subject,
    html: digest.html,
    text: digest.text,
    images: digest.images,
    messageId: '<digest.sub_1.2026-W47@example.com>',
    headers: { 'X-Koe-Subscription': 'sub_1' },
    name: 'sub_1-2026-W47-1',
  };
};

/** The MIME tree as `type[children]`, e.g. multipart/alternative[text/plain,multipart/related[…]]. */
const tree = (raw: string): string => {
  const boundaryOf = (headers: string) => /boundary="?([^";\r\n]+)"?/i.exec(headers)?.[1];
  const walk = (part: string): string => {
    const split = part.indexOf('\r\n\r\n');
    const headers = part.slice(0, split).replace(/\r\n\s+/g, ' ');
    const type = /^content-type:\s*([^;\r\n]+)/im.exec(headers)?.[1]?.trim().toLowerCase() ?? 'text/plain';
    const boundary = boundaryOf(headers);
    if (!boundary) return type;
    const body = part.slice(split + 4);
    const children = body
      .split(`--${boundary}`)
      .slice(1, -1)
      .map((p) => walk(p.replace(/^\r\n/, '')));
    return `${type}[${children.join(',')}]`;
  };
  return walk(raw);
};

describe('digest MIME', () => {
  let raw: string;
  let parsed: ParsedMail;

  beforeAll(async () => {
    const mailer = new LocalMailer({ outboxDir: dir, smtpUrl, now: () => new Date('2026-11-23T23:00:00Z') });
    await mailer.send(await digestEmail());
    mailer.close();
    const [file] = await readdir(dir);
    raw = await readFile(join(dir, file!), 'utf8');
    // keepCidLinks: by default mailparser swaps cid: links for data: URIs, hiding what a mail client resolves.
    parsed = await simpleParser(raw, { keepCidLinks: true });
  });

  it('writes one .eml per digest into the outbox', async () => {
    expect(await readdir(dir)).toEqual(['2026-11-23T23-00-00-000Z-sub_1-2026-W47-1.eml']);
  });

  it('is multipart/alternative of the text part and a multipart/related HTML part with inline PNGs', () => {
    expect(tree(raw)).toBe('multipart/alternative[text/plain,multipart/related[text/html,image/png,image/png]]');
    expect(parsed.text?.trim()).toBe('顧客の声：NPS 12（+3）');
    expect(parsed.html).toContain('<h1>顧客の声</h1>');
  });

  it('has an inline image attachment for every cid: the HTML references', () => {
    const cids = [...(parsed.html || '').matchAll(/src="cid:([^"]+)"/g)].map((m) => m[1]);
    expect(cids).toEqual(['trend-nps@koe', 'topics@koe']);
    for (const cid of cids) {
      const attachment = parsed.attachments.find((a) => a.contentId === `<${cid}>`);
      expect(attachment, cid).toBeDefined();
      expect(attachment?.contentType).toBe('image/png');
      expect(attachment?.contentDisposition).toBe('inline');
      expect(attachment?.content.subarray(1, 4).toString()).toBe('PNG');
    }
  });

  it('encodes the Japanese subject and sender name so they decode back exactly', () => {
    expect(raw).toMatch(/^Subject: =\?UTF-8\?B\?/m);
    expect(raw).not.toMatch(/^Subject: .*週次/m);
    expect(parsed.subject).toBe('Koe 週次レポート 2026-W47：お客様の声');
    expect(parsed.from?.value[0]).toEqual({ name: 'Koe 声', address: 'digests@example.com' });
    expect(parsed.messageId).toBe('<digest.sub_1.2026-W47@example.com>');
    expect(parsed.headers.get('x-koe-subscription')).toBe('sub_1');
  });

  it('sends the same bytes by SMTP to every recipient when SMTP is configured', async () => {
    expect(sink.received).toHaveLength(1);
    const [message] = sink.received;
    expect(message?.from).toBe('digests@example.com');
    expect(message?.to).toEqual(['ops@example.com', 'hanako@example.jp']);
    expect((await simpleParser(message!.data)).subject).toBe(parsed.subject);
  });
});
