/**
 * Renders redacted text with its evidence highlighted: urgency-reason spans become <mark> elements
 * (title = the reason code), sentences are tinted by their sentiment, and a transcript is laid out as
 * turns. Spans are UTF-16 offsets into the redacted text, which is exactly how JavaScript strings
 * index, so `text.slice(start, end)` is the evidence. Text goes in as text nodes only.
 */
import { h } from './dom.js';
import { levelRank, reasonLabel } from './labels.js';

// "Customer: …" / "Agent: …" / "お客様：…" at the start of a line marks a turn.
const ROLE_PATTERN =
  /^[ \t]*(customer|client|user|caller|agent|support|operator|staff|bot|assistant|お客様|顧客|担当者?|オペレーター|スタッフ)[ \t]*[:：][ \t]*/i;
const AGENT_ROLES = /^(agent|support|operator|staff|bot|assistant|担当者?|オペレーター|スタッフ)$/i;

/**
 * @typedef {{start: number, end: number}} Span
 * @typedef {{span: Span, label: string}} SentenceTint
 * @typedef {{start: number, end: number, code: string, level?: string, anchor?: string}} Evidence
 */

/** @param {Span} s @param {number} length */
const clamp = (s, length) => {
  const start = Math.max(0, Math.min(length, Math.floor(Number(s.start))));
  const end = Math.max(0, Math.min(length, Math.floor(Number(s.end))));
  return Number.isFinite(start) && Number.isFinite(end) && end > start ? { start, end } : undefined;
};

/** Lines of a transcript with their offsets and, where the line opens with a speaker, the role. @param {string} text */
export const splitTurns = (text) => {
  const turns = [];
  let offset = 0;
  for (const line of text.split('\n')) {
    const match = ROLE_PATTERN.exec(line);
    turns.push({
      start: offset,
      end: offset + line.length,
      prefixEnd: match ? offset + match[0].length : offset,
      role: match ? (AGENT_ROLES.test(match[1]) ? 'agent' : 'customer') : undefined,
    });
    offset += line.length + 1;
  }
  return turns;
};

/** True when the text reads as a conversation: two or more lines open with a speaker. @param {string} text */
export const looksLikeTranscript = (text) => splitTurns(text).filter((turn) => turn.role).length >= 2;

/**
 * Builds the highlighted text.
 * @param {string} text redacted text
 * @param {{sentences?: SentenceTint[], evidence?: Evidence[], transcript?: boolean, roleLabel?: (role: string) => string}} [options]
 * @returns {DocumentFragment}
 */
export const renderHighlighted = (text, options = {}) => {
  const length = text.length;
  const sentences = (options.sentences ?? []).flatMap((s) => {
    const span = clamp(s.span, length);
    return span ? [{ span, label: s.label }] : [];
  });
  const evidence = (options.evidence ?? []).flatMap((e) => {
    const span = clamp(e, length);
    return span ? [{ ...e, span }] : [];
  });
  const turns = options.transcript ? splitTurns(text) : [{ start: 0, end: length, prefixEnd: 0, role: undefined }];

  const cuts = new Set([0, length]);
  for (const s of sentences) cuts.add(s.span.start).add(s.span.end);
  for (const e of evidence) cuts.add(e.span.start).add(e.span.end);
  for (const turn of turns) cuts.add(turn.start).add(turn.end).add(turn.prefixEnd);
  const points = [...cuts].sort((a, b) => a - b);
  const anchored = new Set();

  /** Atomic pieces of [from, to): each lies inside one sentence (or none) and under one set of evidence. */
  const pieces = (from, to) => {
    const out = [];
    for (let i = 0; i < points.length - 1; i++) {
      const start = points[i];
      const end = points[i + 1];
      if (start < from || end > to || start === end) continue;
      const sentence = sentences.findIndex((s) => s.span.start <= start && end <= s.span.end);
      const covering = evidence.filter((e) => e.span.start <= start && end <= e.span.end);
      out.push({ start, end, sentence, covering, key: covering.map((e) => evidence.indexOf(e)).join(',') });
    }
    return out;
  };

  /** Text of [from, to) with sentence tints and marks. */
  const renderRange = (from, to) => {
    const frag = document.createDocumentFragment();
    /** @type {Node} the current sentence span (or the fragment outside sentences) */
    let group = frag;
    let groupSentence = -2;
    let mark = null;
    let markKey = '';
    for (const piece of pieces(from, to)) {
      if (piece.sentence !== groupSentence) {
        groupSentence = piece.sentence;
        mark = null;
        markKey = '';
        if (piece.sentence === -1) group = frag;
        else {
          const label = sentences[piece.sentence].label;
          group = h('span', { class: `sentence sentiment-${label}`, dataset: { sentiment: label } });
          frag.appendChild(group);
        }
      }
      const chunk = text.slice(piece.start, piece.end);
      if (!piece.covering.length) {
        mark = null;
        markKey = '';
        group.appendChild(document.createTextNode(chunk));
        continue;
      }
      if (!mark || markKey !== piece.key) {
        const codes = [...new Set(piece.covering.map((e) => e.code))];
        const level = piece.covering.map((e) => e.level ?? 'normal').sort((a, b) => levelRank(a) - levelRank(b))[0];
        mark = h('mark', {
          class: `evidence level-${level}`,
          title: codes.map(reasonLabel).join(', '),
          dataset: { reason: codes.join(' ') },
        });
        for (const e of piece.covering) {
          if (e.anchor && !anchored.has(e.anchor)) {
            anchored.add(e.anchor);
            if (!mark.id) mark.id = e.anchor;
          }
        }
        markKey = piece.key;
        group.appendChild(mark);
      }
      mark.appendChild(document.createTextNode(chunk));
    }
    return frag;
  };

  if (!options.transcript) return renderRange(0, length);
  const frag = document.createDocumentFragment();
  for (const turn of turns) {
    const role = turn.role ?? 'other';
    const block = h('div', { class: `turn turn-${role}` });
    if (turn.role) {
      block.appendChild(
        h(
          'span',
          { class: 'turn-role', title: options.roleLabel?.(role) ?? role },
          renderRange(turn.start, turn.prefixEnd),
        ),
      );
    }
    block.appendChild(h('span', { class: 'turn-text' }, renderRange(turn.prefixEnd, turn.end)));
    frag.appendChild(block);
  }
  return frag;
};
