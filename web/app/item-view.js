/**
 * One item: the redacted text (or transcript turns) with the urgency evidence highlighted and
 * sentences tinted by sentiment, the reasons, topics, details, the actions (only those the key's
 * scopes allow), and the audit trail. Each section is built by its own function below.
 */
import { call } from './api.js';
import { h, replace } from './dom.js';
import { describeError } from './errors.js';
import { looksLikeTranscript, renderHighlighted } from './highlight.js';
import { formatDateTime, formatNumber, t } from './i18n.js';
import {
  LEVELS,
  languageName,
  levelBadge,
  levelLabel,
  reasonLabel,
  SENTIMENTS,
  sentimentBadge,
  topicChip,
  topicIdOf,
  topicLabel,
} from './labels.js';
import { announce } from './live.js';
import { allows, currentStatus } from './status.js';

/** @param {unknown} value */
const describeValue = (value) => {
  if (value === null || value === undefined) return '—';
  if (Array.isArray(value)) return value.map((v) => topicLabel(String(v))).join(', ');
  return t(`level.${value}`, {}, t(`status.${value}`, {}, t(`sentiment.${value}`, {}, String(value))));
};

/** `{assignee: null}` → `担当者: —`, for the history's from → to. @param {Record<string, unknown> | undefined} values */
const describeValues = (values) =>
  Object.entries(values ?? {})
    .map(([key, value]) => `${t(`field.${key}`, {}, key)}: ${describeValue(value)}`)
    .join('; ');

/** A titled section. @param {string} id @param {string} title @param {...unknown} content */
const section = (id, title, ...content) =>
  h('section', { 'aria-labelledby': id }, h('h3', { id, text: title }), content);

/** The text (or a transcript's turns) with evidence marks; reasons are indexed so their buttons find their mark. @param {any} item */
const textSection = (item) => {
  const analysis = item.analysis;
  const text = String(item.text ?? '');
  const transcript = item.kind === 'transcript' || looksLikeTranscript(text);
  const reasons = analysis?.urgency?.reasons ?? [];
  const evidence = reasons
    .map((/** @type {any} */ r, /** @type {number} */ i) =>
      r.evidence ? { ...r.evidence, code: r.code, level: r.level, anchor: `ev-${i}` } : undefined,
    )
    .filter(Boolean);
  const block = Array.isArray(item.turns)
    ? h(
        'ol',
        { class: 'feedback-text transcript turns', id: 'item-text' },
        item.turns.map((/** @type {any} */ turn) => turnBlock(turn, reasons)),
      )
    : h(
        'div',
        {
          class: `feedback-text${transcript ? ' transcript' : ''}`,
          lang: analysis?.language?.code || undefined,
          id: 'item-text',
        },
        renderHighlighted(text, {
          sentences: analysis?.sentiment?.sentences ?? [],
          evidence,
          transcript,
          roleLabel: (role) => t(`item.role.${role}`),
        }),
      );
  for (const mark of block.querySelectorAll('mark[id]')) mark.setAttribute('tabindex', '-1');
  const el = section(
    'h-text',
    t(transcript ? 'item.transcript' : 'item.text'),
    block,
    analysis?.sentiment?.sentences?.length ? h('p', { class: 'hint', text: t('item.sentimentLegend') }) : null,
  );
  return { el, block };
};

/** One turn of a transcript from GET /v1/feedback/{id}'s `turns`, with its analysis and evidence. @param {any} turn @param {any[]} reasons */
const turnBlock = (turn, reasons) => {
  const anchors = reasons
    .map((r, i) =>
      r.turn?.index === turn.index ? { ...r.turn.span, code: r.code, level: r.level, anchor: `ev-${i}` } : undefined,
    )
    .filter(Boolean);
  const cues = (turn.evidence ?? [])
    .filter(
      (/** @type {any} */ e) =>
        !anchors.some((a) => a.code === e.code && a.start === e.span.start && a.end === e.span.end),
    )
    .map((/** @type {any} */ e) => ({ ...e.span, code: e.code, level: e.level ?? 'low' }));
  const sentiment = turn.analysis?.sentiment;
  return h(
    'li',
    { class: `turn turn-${turn.role}`, dataset: { turn: String(turn.index), role: turn.role } },
    h(
      'div',
      { class: 'turn-head' },
      h('strong', { class: 'turn-role' }, t(`item.role.${turn.role}`, {}, turn.role)),
      ' ',
      h('time', { datetime: turn.at, class: 'muted' }, formatDateTime(turn.at)),
      sentiment
        ? [' ', sentimentBadge(sentiment.label), ' ', h('span', { class: 'muted' }, formatNumber(sentiment.score, 2))]
        : null,
    ),
    h(
      'div',
      { class: 'turn-text', lang: turn.analysis?.language?.code || undefined },
      renderHighlighted(String(turn.text ?? ''), {
        sentences: sentiment?.sentences ?? [],
        evidence: [...anchors, ...cues],
      }),
    ),
  );
};

/** The urgency reasons in the UI's language (names from the triage rules), each with a jump to its evidence. @param {any} item @param {HTMLElement} textBlock */
const reasonsSection = (item, textBlock) => {
  const text = String(item.text ?? '');
  const reasons = item.analysis?.urgency?.reasons ?? [];
  const rows = reasons.map((/** @type {any} */ r, /** @type {number} */ i) => {
    const quote = r.evidence ? text.slice(r.evidence.start, r.evidence.end) : '';
    const jump = () => {
      const mark = /** @type {HTMLElement | null} */ (
        textBlock.querySelector(`#ev-${i}`) ?? textBlock.querySelector(`mark[data-reason~="${CSS.escape(r.code)}"]`)
      );
      mark?.scrollIntoView({ block: 'center' });
      mark?.focus();
    };
    return h(
      'li',
      { dataset: { code: r.code } },
      levelBadge(r.level),
      ' ',
      h('strong', {}, reasonLabel(r.code)),
      h(
        'div',
        { class: 'evidence-line' },
        quote
          ? h(
              'button',
              { type: 'button', class: 'link', onclick: jump },
              `${t('item.evidence')}: `,
              h('q', { class: 'quote' }, quote),
            )
          : h('span', { class: 'muted' }, t('item.noEvidence')),
      ),
    );
  });
  return section(
    'h-reasons',
    t('item.reasons'),
    rows.length ? h('ul', { class: 'reasons' }, rows) : h('p', { class: 'muted', text: t('item.noReasons') }),
  );
};

/** Topics (curated names in the UI's language; discovered themes marked) and the sentiment. @param {any} item */
const topicsSection = (item) => {
  const analysis = item.analysis;
  const triage = item.triage ?? {};
  const mentions = analysis?.topics ?? [];
  const topics = triage.topics ?? mentions.map((/** @type {any} */ m) => m.topic);
  const chips = topics.map((/** @type {string} */ topic) => {
    const mention = mentions.find((/** @type {any} */ m) => m.topic === topic);
    const dot = mention
      ? h('span', {
          class: `dot sentiment-${mention.sentiment.label}`,
          title: t(`sentiment.${mention.sentiment.label}`),
        })
      : null;
    return topicChip(topic, 'li', dot);
  });
  const sentiment = triage.sentiment ?? analysis?.sentiment?.label;
  return h(
    'section',
    { class: 'two-col' },
    h(
      'div',
      {},
      h('h3', { text: t('item.topics') }),
      chips.length ? h('ul', { class: 'chips' }, chips) : h('p', { class: 'muted', text: t('item.noTopics') }),
    ),
    h(
      'div',
      {},
      h('h3', { text: t('item.sentiment') }),
      sentiment
        ? h('p', {}, sentimentBadge(sentiment), ' ', formatNumber(analysis?.sentiment?.score, 2))
        : h('p', { class: 'muted' }, '—'),
    ),
  );
};

/** Channel, source (with its external id), metadata, dates, assignee, language (by name), ratings, resolution and override. @param {any} item */
const detailsSection = (item) => {
  const triage = item.triage ?? {};
  const ratings = item.ratings
    ? Object.entries(item.ratings)
        .map(([k, v]) => `${k.toUpperCase()} ${v}`)
        .join(', ')
    : '';
  const rows = [
    ['item.channel', t(`channel.${item.channel}`, {}, item.channel)],
    ['item.source', item.externalId ? `${item.source} · ${item.externalId}` : item.source],
    // What the sender attached (an import's --metadata columns: the airline of a tweet, a store, a plan).
    ...Object.entries(item.metadata ?? {}).map(([key, value]) => ['item.metadata', `${key}: ${value}`]),
    ['item.occurredAt', formatDateTime(item.occurredAt)],
    ['item.receivedAt', formatDateTime(item.receivedAt)],
    ['item.dueAt', triage.dueAt ? formatDateTime(triage.dueAt) : '—'],
    ['item.assignee', triage.assignee ?? t('queue.unassigned')],
    ['item.language', languageName(item.analysis?.language?.code)],
    ['item.ratings', ratings || '—'],
    triage.resolution ? ['item.resolution', triage.resolution] : null,
    triage.override
      ? ['item.override', t('item.overridden', { by: triage.override.by, reason: triage.override.reason })]
      : null,
  ].filter((row) => row !== null);
  return section(
    'h-details',
    t('item.details'),
    h(
      'dl',
      { class: 'details' },
      rows.map(([key, value]) => [h('dt', {}, t(key)), h('dd', {}, value)]),
    ),
  );
};

/** Who did what, when, from → to, and why. @param {any} item */
const historySection = (item) => {
  const entries = (item.history ?? []).map((/** @type {any} */ entry) =>
    h(
      'li',
      {},
      h('time', { datetime: entry.at }, formatDateTime(entry.at)),
      ' ',
      h('strong', {}, entry.actor),
      ' ',
      t(`history.${entry.action}`, {}, entry.action),
      h('div', { class: 'muted' }, `${describeValues(entry.from)} → ${describeValues(entry.to)}`),
      entry.reason ? h('div', {}, t('history.reason', { reason: entry.reason })) : null,
    ),
  );
  return section(
    'h-history',
    t('item.history'),
    entries.length
      ? h('ol', { class: 'history', id: 'history' }, entries)
      : h('p', { class: 'muted', text: t('item.noHistory') }),
  );
};

/**
 * Claim, acknowledge, resolve and override — or, for a key without the triage scope, a line saying so.
 * @param {any} item
 * @param {boolean} canTriage
 * @param {(action: string, body: object, doneKey: string, button: HTMLButtonElement) => void} act
 * @param {HTMLElement} actionError
 */
const actionsSection = (item, canTriage, act, actionError) => {
  if (!canTriage) {
    return section(
      'h-actions',
      t('actions.title'),
      h('p', { class: 'notice', id: 'actions-readonly', text: t('actions.readOnly') }),
    );
  }
  const triage = item.triage ?? {};
  const open = triage.status !== 'resolved';
  /** @param {string} action @param {string} doneKey */
  const button = (action, doneKey) => {
    const el = h('button', { type: 'button', id: `act-${action}`, text: t(`actions.${action}`) });
    el.addEventListener('click', () => act(action, {}, doneKey, el));
    return el;
  };
  const note = h('textarea', { id: 'act-note', rows: '2', maxlength: '2000' });
  const resolveButton = h('button', { type: 'submit', id: 'act-resolve', text: t('actions.resolve') });
  const resolveForm = h(
    'form',
    { class: 'action-form' },
    h('label', { for: 'act-note', class: 'block-label', text: t('actions.resolveNote') }),
    note,
    resolveButton,
  );
  resolveForm.addEventListener('submit', (e) => {
    e.preventDefault();
    const value = note.value.trim();
    act('resolve', value ? { note: value } : {}, 'actions.done.resolve', resolveButton);
  });
  return section(
    'h-actions',
    t('actions.title'),
    actionError,
    open
      ? h(
          'div',
          { class: 'buttons' },
          button('claim', 'actions.done.claim'),
          triage.status === 'open' ? button('acknowledge', 'actions.done.acknowledge') : null,
        )
      : null,
    open ? resolveForm : null,
    overrideForm(item, act, actionError),
  );
};

/** Override level, sentiment or topics, with a required reason. @param {any} item @param {Parameters<typeof actionsSection>[2]} act @param {HTMLElement} actionError */
const overrideForm = (item, act, actionError) => {
  const topics = item.triage?.topics ?? (item.analysis?.topics ?? []).map((/** @type {any} */ m) => m.topic);
  /** @param {string} id @param {readonly string[]} values @param {(v: string) => string} labelOf */
  const select = (id, values, labelOf) =>
    h(
      'select',
      { id },
      h('option', { value: '' }, t('actions.unchanged')),
      values.map((v) => h('option', { value: v }, labelOf(v))),
    );
  const level = select('ov-level', LEVELS, levelLabel);
  const sentiment = select('ov-sentiment', SENTIMENTS, (s) => t(`sentiment.${s}`));
  // Topics by name in the UI's language (ids work too). The current ones show below the field as chips that
  // wrap: as a placeholder they were cut at the field's width on a phone.
  const topicInput = h('input', { id: 'ov-topics', type: 'text', 'aria-describedby': 'ov-topics-now' });
  const topicHint = h(
    'p',
    { class: 'hint current-topics', id: 'ov-topics-now' },
    t('actions.currentTopics'),
    topics.length
      ? topics.map((/** @type {string} */ id) => topicChip(id))
      : h('span', { text: t('actions.noTopics') }),
  );
  const reason = h('input', { id: 'ov-reason', type: 'text', maxlength: '500', required: true });
  const submit = h('button', { type: 'submit', id: 'act-override', text: t('actions.override') });
  /** @param {string} id @param {string} labelKey @param {HTMLElement} control @param {string} [extra] @param {HTMLElement} [hint] */
  const field = (id, labelKey, control, extra = '', hint = undefined) =>
    h('div', { class: `field ${extra}` }, h('label', { for: id, text: t(labelKey) }), control, hint ?? null);
  const form = h(
    'form',
    { class: 'action-form override', novalidate: true },
    field('ov-level', 'actions.overrideLevel', level),
    field('ov-sentiment', 'actions.overrideSentiment', sentiment),
    field('ov-topics', 'actions.overrideTopics', topicInput, 'wide', topicHint),
    field('ov-reason', 'actions.overrideReason', reason, 'wide'),
    submit,
  );
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    /** @type {{reason: string, level?: string, sentiment?: string, topics?: string[]}} */
    const body = { reason: reason.value.trim() };
    if (level.value) body.level = level.value;
    if (sentiment.value) body.sentiment = sentiment.value;
    const chosen = topicInput.value
      .split(/[,、]/)
      .map((s) => topicIdOf(s.trim()))
      .filter(Boolean);
    if (chosen.length) body.topics = chosen;
    if (!body.level && !body.sentiment && !body.topics) {
      actionError.textContent = t('error.overrideEmpty');
      level.focus();
      return;
    }
    if (!body.reason) {
      actionError.textContent = t('error.reasonRequired');
      reason.focus();
      return;
    }
    act('override', body, 'actions.done.override', submit);
  });
  return form;
};

/** The item's heading: level, id, statuses, and the way back (a narrow screen's "back to the queue"). @param {any} item @param {() => void} onClose */
const header = (item, onClose) => {
  const triage = item.triage ?? {};
  const level = triage.level ?? item.analysis?.urgency?.level;
  return h(
    'div',
    { class: 'item-head' },
    h(
      'button',
      { type: 'button', class: 'secondary back', id: 'item-back', onclick: onClose },
      h('span', { class: 'narrow-only' }, `← ${t('item.back')}`),
      h('span', { class: 'wide-only' }, t('item.close')),
    ),
    h('h2', { id: 'item-title', tabindex: '-1' }, levelBadge(level), ' ', h('span', { class: 'item-id' }, item.id)),
    h('span', { class: 'badge status', id: 'item-status' }, t(`status.${triage.status}`, {}, triage.status ?? '')),
    item.overdue ? h('span', { class: 'badge overdue' }, t('queue.overdueBadge')) : null,
    item.status !== 'analyzed' ? h('span', { class: 'badge' }, t(`status.${item.status}`, {}, item.status)) : null,
  );
};

/**
 * @param {HTMLElement} container
 * @param {string} id
 * @param {{onChanged: () => void, onClose: () => void, focus?: boolean}} options
 * @returns {() => void} unmount
 */
export const mountItem = (container, id, options) => {
  let disposed = false;
  replace(container, h('p', { class: 'muted', text: t('item.loading') }));

  /** @param {any} item @param {boolean} canTriage */
  const render = (item, canTriage) => {
    if (disposed) return;
    const actionError = h('p', { class: 'error', role: 'alert', id: 'action-error' });
    /** @type {Parameters<typeof actionsSection>[2]} */
    const act = async (action, body, doneKey, button) => {
      actionError.textContent = '';
      button.disabled = true;
      announce(t('actions.working'));
      try {
        await call(`/v1/feedback/${encodeURIComponent(id)}/${action}`, { method: 'POST', body });
        // An action answers only the triage state it changed: read the item again to show it.
        const updated = await call(`/v1/feedback/${encodeURIComponent(id)}`);
        announce(t(doneKey));
        render(updated, canTriage);
        options.onChanged();
        /** @type {HTMLElement | null} */ (container.querySelector('#item-title'))?.focus();
      } catch (e) {
        button.disabled = false;
        actionError.textContent = describeError(e);
        announce(actionError.textContent);
      }
    };
    const text = textSection(item);
    replace(
      container,
      h(
        'div',
        { class: 'item', dataset: { id: item.id, status: item.triage?.status ?? '' } },
        header(item, options.onClose),
        text.el,
        reasonsSection(item, text.block),
        topicsSection(item),
        actionsSection(item, canTriage, act, actionError),
        detailsSection(item),
        historySection(item),
      ),
    );
  };

  Promise.all([call(`/v1/feedback/${encodeURIComponent(id)}`), currentStatus()]).then(
    ([item, status]) => {
      render(item, allows(status, 'triage'));
      if (options.focus && !disposed)
        /** @type {HTMLElement | null} */ (container.querySelector('#item-title'))?.focus();
    },
    (e) => {
      if (disposed) return;
      replace(
        container,
        h('p', { class: 'error', role: 'alert' }, describeError(e)),
        h('button', { type: 'button', class: 'secondary', text: t('item.back'), onclick: options.onClose }),
      );
    },
  );

  return () => {
    disposed = true;
    replace(container);
  };
};
