import type { Channel } from '../feedback/model.js';
import { present } from '../present.js';
import type { TranscriptInput, TurnInput } from '../transcripts/model.js';
import { htmlToText, type MappedPayload, PayloadReader, toIso } from './payload.js';

/** Zendesk's `via.channel` → Koe's channel. */
const CHANNELS: Record<string, Channel> = {
  email: 'email',
  mail: 'email',
  web: 'form',
  web_form: 'form',
  chat: 'chat',
  native_messaging: 'chat',
  messaging: 'chat',
  voice: 'call',
  phone: 'call',
  twitter: 'social',
  facebook: 'social',
};

const channelOf = (via: string | undefined): Channel => CHANNELS[(via ?? '').toLowerCase()] ?? 'other';

/** The transcript of one ticket (`ticket`: its object in the payload), with its channel, subject and status. */
const ticketTranscript = (
  read: PayloadReader,
  ticket: unknown,
  fields: { id: string; requester: string | undefined; turns: TurnInput[]; ratings?: TranscriptInput['ratings'] },
): MappedPayload => {
  const subject = read.optional(ticket, 'subject');
  const status = read.optional(ticket, 'status');
  return {
    kind: 'transcript',
    input: {
      source: 'zendesk',
      conversationId: fields.id,
      channel: channelOf(read.optional(ticket, 'via.channel')),
      turns: fields.turns,
      ...(fields.requester ? { customer: { id: `zendesk:${fields.requester}` } } : {}),
      ...(fields.ratings ? { ratings: fields.ratings } : {}),
      ...(subject || status
        ? { metadata: { ...(subject ? { subject } : {}), ...(status ? { status: status.toLowerCase() } : {}) } }
        : {}),
    },
  };
};

/**
 * Maps a Zendesk delivery to a transcript. Two documented shapes:
 * - a webhook subscribed to the ticket event `zen:event-type:ticket.comment_added` (one new comment:
 *   `detail` is the ticket, `event.comment` the comment with `author.is_staff`); other ticket events are ignored;
 *   https://developer.zendesk.com/api-reference/webhooks/event-types/ticket-events/
 * - a trigger or middleware posting `{ticket, comments}` as the Support API returns them (ticket object,
 *   and the ticket's comments with `author_id`, `public`, `body`/`plain_body`, `created_at`):
 *   https://developer.zendesk.com/api-reference/ticketing/tickets/tickets/ and .../ticket_comments/
 * The requester's comments are the customer's turns; private comments (internal notes) are left out.
 */
export const mapZendesk = (payload: unknown): MappedPayload => {
  const read = new PayloadReader('Zendesk');
  const type = read.optional(payload, 'type');
  if (type?.startsWith('zen:event-type:')) {
    if (type !== 'zen:event-type:ticket.comment_added') return { kind: 'ignored', reason: `event ${type}` };
    const ticketId = read.string(payload, 'detail.id');
    const body = read.string(payload, 'event.comment.body');
    const commentId = read.string(payload, 'event.comment.id');
    const authorId = read.optional(payload, 'event.comment.author.id');
    const at = toIso(read.at(payload, 'time')) ?? toIso(read.at(payload, 'detail.updated_at'));
    if (!at) read.issues.push({ path: 'time', message: 'is required in a Zendesk payload (ISO-8601)' });
    read.done();
    if (read.at(payload, 'event.comment.is_public') === false) return { kind: 'ignored', reason: 'private comment' };
    const staff = read.at(payload, 'event.comment.author.is_staff');
    const requester = read.optional(payload, 'detail.requester_id');
    const customer = staff === false || (staff === undefined && authorId !== undefined && authorId === requester);
    // read.done() has thrown if any of these was missing.
    const turn: TurnInput = {
      role: customer ? 'customer' : 'agent',
      text: htmlToText(present(body, 'event.comment.body')),
      at: present(at, 'time'),
      id: present(commentId, 'event.comment.id'),
    };
    return ticketTranscript(read, read.at(payload, 'detail'), {
      id: present(ticketId, 'detail.id'),
      requester,
      turns: [turn],
    });
  }

  const ticketId = read.string(payload, 'ticket.id');
  const requester = read.string(payload, 'ticket.requester_id');
  const comments = read.at(payload, 'comments');
  if (!Array.isArray(comments)) read.issues.push({ path: 'comments', message: 'is required: the ticket comments' });
  const turns: TurnInput[] = [];
  (Array.isArray(comments) ? comments : []).forEach((c, i) => {
    const prefix = `comments[${i}].`;
    const id = read.string(c, 'id', prefix);
    const author = read.string(c, 'author_id', prefix);
    const text = read.optional(c, 'plain_body') ?? read.optional(c, 'body') ?? read.optional(c, 'html_body');
    if (!text) read.issues.push({ path: `${prefix}body`, message: 'is required in a Zendesk payload' });
    const at = toIso(read.at(c, 'created_at'));
    if (!at) read.issues.push({ path: `${prefix}created_at`, message: 'is required in a Zendesk payload (ISO-8601)' });
    if (read.at(c, 'public') === false || !id || !author || !text || !at) return;
    const bot = read.optional(c, 'via.channel') === 'answer_bot';
    turns.push({ role: author === requester ? 'customer' : bot ? 'bot' : 'agent', text: htmlToText(text), at, id });
  });
  read.done();
  if (turns.length === 0) return { kind: 'ignored', reason: 'no public comment' };
  const score = read.optional(payload, 'ticket.satisfaction_rating.score');
  // Zendesk's CSAT is good/bad: mapped to the ends of Koe's 1–5 scale.
  const csat = score === 'good' ? 5 : score === 'bad' ? 1 : undefined;
  return ticketTranscript(read, read.at(payload, 'ticket'), {
    id: present(ticketId, 'ticket.id'), // read.done() has thrown if it was missing
    requester,
    turns,
    ...(csat ? { ratings: { csat } } : {}),
  });
};
