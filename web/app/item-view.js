/**
 * One item: the redacted text (or transcript turns) with the urgency evidence highlighted and
 * sentences tinted by sentiment, the reasons, topics, details, the actions, and the audit trail.
 */
import { ApiError, call } from './api.js';
import { h, replace } from './dom.js';
import { looksLikeTranscript, renderHighlighted } from './highlight.js';
import { formatDateTime, formatNumber, t } from './i18n.js';
import { LEVELS, levelBadge, levelLabel, reasonLabel, SENTIMENTS, sentimentBadge, topicLabel } from './labels.js';
import { announce } from './live.js';

/** @param {unknown} e */
const errorMessage = (e) => {
  if (!(e instanceof ApiError) || !e.status) return t('error.network');
  if (e.status === 409) return t('error.conflict', { message: e.message });
  return t('error.generic', { status: e.status, message: e.message });
};

/** `{assignee: null}` → `assignee: —`, for the history's from → to. @param {Record<string, unknown> | undefined} values */
const describeValues = (values) =>
  Object.entries(values ?? {})
    .map(
      ([key, value]) =>
        `${key}: ${value === null || value === undefined ? '—' : Array.isArray(value) ? value.join(', ') : String(value)}`,
    )
    .join('; ');

/**
 * @param {HTMLElement} container
 * @param {string} id
 * @param {{onChanged: () => void, onClose: () => void}} options
 * @returns {() => void} unmount
 */
export const mountItem = (container, id, options) => {
  let disposed = false;
  const status = h('p', { class: 'muted', text: t('item.loading') });
  replace(container, status);

  const render = (item) => {
    if (disposed) return;
    const analysis = item.analysis;
    const triage = item.triage ?? {};
    const level = triage.level ?? analysis?.urgency?.level;
    const text = String(item.text ?? '');
    const transcript = item.kind === 'transcript' || looksLikeTranscript(text);
    const reasons = analysis?.urgency?.reasons ?? [];
    const evidence = reasons
      .map((r, i) => (r.evidence ? { ...r.evidence, code: r.code, level: r.level, anchor: `ev-${i}` } : undefined))
      .filter(Boolean);
    const actionError = h('p', { class: 'error', role: 'alert', id: 'action-error' });

    // --- a transcript's turns, from GET /v1/feedback/{id}'s `turns` (each with its analysis and evidence) ---
    const turnBlocks = Array.isArray(item.turns)
      ? item.turns.map((turn) => {
          const anchors = reasons
            .map((r, i) =>
              r.turn?.index === turn.index
                ? { ...r.turn.span, code: r.code, level: r.level, anchor: `ev-${i}` }
                : undefined,
            )
            .filter(Boolean);
          const cues = (turn.evidence ?? [])
            .filter((e) => !anchors.some((a) => a.code === e.code && a.start === e.span.start && a.end === e.span.end))
            .map((e) => ({ ...e.span, code: e.code, level: e.level ?? 'low' }));
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
                ? [
                    ' ',
                    sentimentBadge(sentiment.label),
                    ' ',
                    h('span', { class: 'muted' }, formatNumber(sentiment.score, 2)),
                  ]
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
        })
      : undefined;

    // --- text ---
    const textBlock = turnBlocks
      ? h('ol', { class: 'feedback-text transcript turns', id: 'item-text' }, turnBlocks)
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
    for (const mark of textBlock.querySelectorAll('mark[id]')) mark.setAttribute('tabindex', '-1');

    // --- reasons ---
    const reasonItems = reasons.map((r, i) => {
      const quote = r.evidence ? text.slice(r.evidence.start, r.evidence.end) : '';
      return h(
        'li',
        {},
        levelBadge(r.level),
        ' ',
        h('strong', {}, reasonLabel(r.code)),
        ' ',
        h('code', {}, r.code),
        r.detail ? h('span', { class: 'muted' }, ` — ${r.detail}`) : null,
        h(
          'div',
          { class: 'evidence-line' },
          quote
            ? h(
                'button',
                {
                  type: 'button',
                  class: 'link',
                  onclick: () => {
                    const mark =
                      textBlock.querySelector(`#ev-${i}`) ??
                      textBlock.querySelector(`mark[data-reason~="${CSS.escape(r.code)}"]`);
                    mark?.scrollIntoView({ block: 'center' });
                    mark?.focus();
                  },
                },
                `${t('item.evidence')}: “${quote}”`,
              )
            : h('span', { class: 'muted' }, t('item.noEvidence')),
        ),
      );
    });

    // --- topics and sentiment ---
    const topicMentions = analysis?.topics ?? [];
    const effectiveTopics = triage.topics ?? topicMentions.map((m) => m.topic);
    const topicChips = effectiveTopics.map((topic) => {
      const mention = topicMentions.find((m) => m.topic === topic);
      return h(
        'li',
        { class: 'chip' },
        topicLabel(topic),
        mention
          ? h('span', {
              class: `dot sentiment-${mention.sentiment.label}`,
              title: t(`sentiment.${mention.sentiment.label}`),
            })
          : null,
      );
    });
    const sentimentLabel = triage.sentiment ?? analysis?.sentiment?.label;

    // --- details ---
    const ratings = item.ratings
      ? Object.entries(item.ratings)
          .map(([k, v]) => `${k.toUpperCase()} ${v}`)
          .join(', ')
      : '';
    const detailRows = [
      ['item.channel', t(`channel.${item.channel}`, {}, item.channel)],
      ['item.source', item.source],
      ['item.occurredAt', formatDateTime(item.occurredAt)],
      ['item.receivedAt', formatDateTime(item.receivedAt)],
      ['item.dueAt', triage.dueAt ? formatDateTime(triage.dueAt) : '—'],
      ['item.assignee', triage.assignee ?? t('queue.unassigned')],
      ['item.language', analysis?.language?.code ?? '—'],
      ['item.ratings', ratings || '—'],
      triage.resolution ? ['item.resolution', triage.resolution] : null,
      triage.override
        ? ['item.override', t('item.overridden', { by: triage.override.by, reason: triage.override.reason })]
        : null,
    ].filter(Boolean);

    // --- actions ---
    const act = async (action, body, doneKey, button) => {
      actionError.textContent = '';
      button.disabled = true;
      announce(t('actions.working'));
      try {
        await call(`/v1/feedback/${encodeURIComponent(id)}/${action}`, {
          method: 'POST',
          body: body ?? {},
        });
        // An action answers only the triage state it changed (issue 12): read the item again to show it.
        const updated = await call(`/v1/feedback/${encodeURIComponent(id)}`);
        announce(t(doneKey));
        render(updated);
        options.onChanged();
        container.querySelector('#item-title')?.focus();
      } catch (e) {
        button.disabled = false;
        actionError.textContent = errorMessage(e);
        announce(actionError.textContent);
      }
    };
    const open = triage.status !== 'resolved';
    const claimButton = h('button', { type: 'button', id: 'act-claim', text: t('actions.claim') });
    claimButton.addEventListener('click', () => act('claim', undefined, 'actions.done.claim', claimButton));
    const ackButton = h('button', { type: 'button', id: 'act-acknowledge', text: t('actions.acknowledge') });
    ackButton.addEventListener('click', () => act('acknowledge', undefined, 'actions.done.acknowledge', ackButton));
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

    const select = (idAttr, values, labelOf) =>
      h(
        'select',
        { id: idAttr },
        h('option', { value: '' }, t('actions.unchanged')),
        values.map((v) => h('option', { value: v }, labelOf(v))),
      );
    const overrideLevel = select('ov-level', LEVELS, levelLabel);
    const overrideSentiment = select('ov-sentiment', SENTIMENTS, (s) => t(`sentiment.${s}`));
    const overrideTopics = h('input', { id: 'ov-topics', type: 'text', placeholder: effectiveTopics.join(', ') });
    const overrideReason = h('input', { id: 'ov-reason', type: 'text', maxlength: '500', required: true });
    const overrideButton = h('button', { type: 'submit', id: 'act-override', text: t('actions.override') });
    const overrideForm = h(
      'form',
      { class: 'action-form override', novalidate: true },
      h('div', { class: 'field' }, h('label', { for: 'ov-level', text: t('actions.overrideLevel') }), overrideLevel),
      h(
        'div',
        { class: 'field' },
        h('label', { for: 'ov-sentiment', text: t('actions.overrideSentiment') }),
        overrideSentiment,
      ),
      h('div', { class: 'field' }, h('label', { for: 'ov-topics', text: t('actions.overrideTopics') }), overrideTopics),
      h(
        'div',
        { class: 'field wide' },
        h('label', { for: 'ov-reason', text: t('actions.overrideReason') }),
        overrideReason,
      ),
      overrideButton,
    );
    overrideForm.addEventListener('submit', (e) => {
      e.preventDefault();
      const body = { reason: overrideReason.value.trim() };
      if (overrideLevel.value) body.level = overrideLevel.value;
      if (overrideSentiment.value) body.sentiment = overrideSentiment.value;
      const topics = overrideTopics.value
        .split(/[,、]/)
        .map((s) => s.trim())
        .filter(Boolean);
      if (topics.length) body.topics = topics;
      if (!body.level && !body.sentiment && !body.topics) {
        actionError.textContent = t('error.overrideEmpty');
        overrideLevel.focus();
        return;
      }
      if (!body.reason) {
        actionError.textContent = t('error.reasonRequired');
        overrideReason.focus();
        return;
      }
      act('override', body, 'actions.done.override', overrideButton);
    });

    // --- history ---
    const history = (item.history ?? []).map((entry) =>
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

    replace(
      container,
      h(
        'div',
        { class: 'item', dataset: { id: item.id, status: triage.status ?? '' } },
        h(
          'div',
          { class: 'item-head' },
          h(
            'h2',
            { id: 'item-title', tabindex: '-1' },
            levelBadge(level),
            ' ',
            h('span', { class: 'item-id' }, item.id),
          ),
          h(
            'span',
            { class: 'badge status', id: 'item-status' },
            t(`status.${triage.status}`, {}, triage.status ?? ''),
          ),
          item.overdue ? h('span', { class: 'badge overdue' }, t('queue.overdueBadge')) : null,
          item.status !== 'analyzed'
            ? h('span', { class: 'badge' }, t(`status.${item.status}`, {}, item.status))
            : null,
          h('span', { class: 'spacer' }),
          h('button', { type: 'button', class: 'secondary', text: t('item.close'), onclick: options.onClose }),
        ),
        h(
          'section',
          { 'aria-labelledby': 'h-text' },
          h('h3', { id: 'h-text', text: t(transcript ? 'item.transcript' : 'item.text') }),
          textBlock,
          analysis?.sentiment?.sentences?.length ? h('p', { class: 'hint', text: t('item.sentimentLegend') }) : null,
        ),
        h(
          'section',
          { 'aria-labelledby': 'h-reasons' },
          h('h3', { id: 'h-reasons', text: t('item.reasons') }),
          reasonItems.length
            ? h('ul', { class: 'reasons' }, reasonItems)
            : h('p', { class: 'muted', text: t('item.noReasons') }),
        ),
        h(
          'section',
          { class: 'two-col' },
          h(
            'div',
            {},
            h('h3', { text: t('item.topics') }),
            topicChips.length
              ? h('ul', { class: 'chips' }, topicChips)
              : h('p', { class: 'muted', text: t('item.noTopics') }),
          ),
          h(
            'div',
            {},
            h('h3', { text: t('item.sentiment') }),
            sentimentLabel
              ? h('p', {}, sentimentBadge(sentimentLabel), ' ', formatNumber(analysis?.sentiment?.score, 2))
              : h('p', { class: 'muted' }, '—'),
          ),
        ),
        h(
          'section',
          { 'aria-labelledby': 'h-actions', class: 'actions' },
          h('h3', { id: 'h-actions', text: t('actions.title') }),
          actionError,
          open ? h('div', { class: 'buttons' }, claimButton, triage.status === 'open' ? ackButton : null) : null,
          open ? resolveForm : null,
          overrideForm,
        ),
        h(
          'section',
          { 'aria-labelledby': 'h-details' },
          h('h3', { id: 'h-details', text: t('item.details') }),
          h(
            'dl',
            { class: 'details' },
            detailRows.map(([key, value]) => [h('dt', {}, t(key)), h('dd', {}, value)]),
          ),
        ),
        h(
          'section',
          { 'aria-labelledby': 'h-history' },
          h('h3', { id: 'h-history', text: t('item.history') }),
          history.length
            ? h('ol', { class: 'history', id: 'history' }, history)
            : h('p', { class: 'muted', text: t('item.noHistory') }),
        ),
      ),
    );
  };

  call(`/v1/feedback/${encodeURIComponent(id)}`).then(render, (e) => {
    if (disposed) return;
    replace(
      container,
      h('p', { class: 'error', role: 'alert' }, errorMessage(e)),
      h('button', { type: 'button', class: 'secondary', text: t('item.close'), onclick: options.onClose }),
    );
  });

  return () => {
    disposed = true;
    replace(container);
  };
};
