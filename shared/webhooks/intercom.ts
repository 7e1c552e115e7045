import { present } from '../present.js';
import type { TurnInput, TurnRole } from '../transcripts/model.js';
import { htmlToText, type MappedPayload, PayloadReader, toIso } from './payload.js';

/** Intercom author types → Koe roles: users, leads and contacts are the customer; admins and teams agents. */
const ROLES: Record<string, TurnRole> = {
  user: 'customer',
  lead: 'customer',
  contact: 'customer',
  admin: 'agent',
  team: 'agent',
  bot: 'bot',
};

// Parts that carry a message; assignments, notes (internal), closes and snoozes are not turns.
const MESSAGE_PARTS = new Set(['comment', 'open', 'quick_reply']);

/**
 * Maps an Intercom webhook notification (`type: notification_event`, `topic`, `data.item`) to a
 * transcript. Conversation topics (`conversation.user.created`, `conversation.user.replied`,
 * `conversation.admin.replied`, `conversation.operator.replied`, …) carry the conversation with its
 * first message (`source`) and its parts (`conversation_parts.conversation_parts`, often only the
 * newest); other topics and the `ping` sent when the webhook is saved are ignored.
 * https://developers.intercom.com/docs/references/webhooks/webhook-models
 * https://developers.intercom.com/docs/references/rest-api/api.intercom.io/conversations/conversation
 */
export const mapIntercom = (payload: unknown): MappedPayload => {
  const read = new PayloadReader('Intercom');
  if (read.optional(payload, 'type') !== 'notification_event')
    read.issues.push({ path: 'type', message: "must be 'notification_event' in an Intercom payload" });
  const topic = read.string(payload, 'topic');
  read.done(); // it has thrown if the topic was missing
  if (!present(topic, 'topic').startsWith('conversation.') || topic === 'conversation.deleted')
    return { kind: 'ignored', reason: `topic ${topic}` };
  const item = read.at(payload, 'data.item');
  const conversationId = read.string(payload, 'data.item.id');
  const parts = read.at(item, 'conversation_parts.conversation_parts');
  if (parts !== undefined && !Array.isArray(parts))
    read.issues.push({ path: 'data.item.conversation_parts.conversation_parts', message: 'must be an array' });
  const turns: TurnInput[] = [];
  const addTurn = (part: unknown, path: string) => {
    const body = read.optional(part, 'body');
    if (!body) return;
    const type = read.string(part, 'author.type', `${path}.`);
    const id = read.string(part, 'id', `${path}.`);
    const at = toIso(read.at(part, 'created_at')) ?? toIso(read.at(item, 'created_at'));
    if (!at) read.issues.push({ path: `${path}.created_at`, message: 'is required in an Intercom payload' });
    const role = type ? ROLES[type] : undefined;
    const text = htmlToText(body);
    if (role && id && at && text) turns.push({ role, text, at, id });
  };
  if (read.at(item, 'source') !== undefined) addTurn(read.at(item, 'source'), 'data.item.source');
  (Array.isArray(parts) ? parts : []).forEach((part, i) => {
    if (MESSAGE_PARTS.has(String(read.at(part, 'part_type'))))
      addTurn(part, `data.item.conversation_parts.conversation_parts[${i}]`);
  });
  read.done();
  if (turns.length === 0) return { kind: 'ignored', reason: 'no message in the notification' };
  const rating = read.at(item, 'conversation_rating.rating');
  const contact = read.optional(item, 'contacts.contacts[0].id');
  return {
    kind: 'transcript',
    input: {
      source: 'intercom',
      conversationId: present(conversationId, 'data.item.id'), // read.done() has thrown if it was missing
      channel: 'chat',
      turns,
      ...(contact ? { customer: { id: `intercom:${contact}` } } : {}),
      ...(typeof rating === 'number' && rating >= 1 && rating <= 5 ? { ratings: { csat: Math.round(rating) } } : {}),
    },
  };
};
