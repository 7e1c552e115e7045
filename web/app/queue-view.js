/**
 * The urgency queue: filters, the list in the API's order, live refresh that keeps the selection and
 * focus, and the selected item — beside the list on a wide screen (a sticky pane; the list keeps its
 * scroll), in place of it on a narrow one (a view of its own with a way back). Keys: arrows, Home/End
 * and j/k move through the rows, Enter opens one, Esc closes it.
 */
import { call } from './api.js';
import { h, replace } from './dom.js';
import { describeError } from './errors.js';
import { formatDate, formatDateTime, formatNumber, formatRelative, formatTime, t } from './i18n.js';
import { mountItem } from './item-view.js';
import { CHANNELS, LEVELS, levelBadge, STATUSES, TOPICS, topicChip, topicLabel } from './labels.js';
import { announce } from './live.js';

const REFRESH_MS = 5000;
const PAGE = 50;
const DAY_MS = 86_400_000;
const FILTER_STORAGE = 'koe.filters';
const DEFAULT_FILTERS = { level: '', status: 'open', channel: '', topic: '', assignee: '', overdue: false };
/** Below this width the item replaces the list instead of sitting beside it (matches styles.css). */
const NARROW = window.matchMedia('(max-width: 899px)');

/** @typedef {typeof DEFAULT_FILTERS} Filters */

/** @returns {Filters} */
const loadFilters = () => {
  try {
    return { ...DEFAULT_FILTERS, ...JSON.parse(sessionStorage.getItem(FILTER_STORAGE) ?? '{}') };
  } catch {
    return { ...DEFAULT_FILTERS };
  }
};

/** The query string the API reads; an empty level means its default (critical, high, normal). @param {Filters} filters @param {number} limit @param {string} [cursor] */
const toQuery = (filters, limit, cursor) => ({
  level: filters.level === 'all' ? LEVELS.join(',') : filters.level || undefined,
  status: filters.status,
  channel: filters.channel || undefined,
  topic: filters.topic || undefined,
  assignee: filters.assignee || undefined,
  overdue: filters.overdue ? 'true' : undefined,
  limit: String(limit),
  cursor,
});

/** True when a key press belongs to a form control (typing "j" in a filter is not navigation). @param {EventTarget | null} target */
const inControl = (target) => target instanceof HTMLElement && Boolean(target.closest('input, select, textarea'));

/**
 * The filter form. Calls `onApply` with the new filters on submit and when a select changes.
 * @param {Filters} initial
 * @param {(filters: Filters) => void} onApply
 */
const filterForm = (initial, onApply) => {
  /** @param {string} id @param {string} labelKey @param {HTMLElement} control */
  const field = (id, labelKey, control) =>
    h('div', { class: 'field' }, h('label', { for: id, text: t(labelKey) }), control);
  /** @param {string} value @param {string} label @param {string} current */
  const option = (value, label, current) => h('option', { value, selected: value === current }, label);
  const level = h(
    'select',
    { id: 'f-level', name: 'level' },
    option('', t('queue.level.default'), initial.level),
    option('all', t('queue.level.all'), initial.level),
    LEVELS.map((l) => option(l, t(`level.${l}`), initial.level)),
  );
  const status = h(
    'select',
    { id: 'f-status', name: 'status' },
    STATUSES.map((s) => option(s, t(`status.${s}`), initial.status)),
  );
  const channel = h(
    'select',
    { id: 'f-channel', name: 'channel' },
    option('', t('queue.channel.any'), initial.channel),
    CHANNELS.map((c) => option(c, t(`channel.${c}`), initial.channel)),
  );
  /** @param {string} id @param {string} value @param {string} placeholder */
  const text = (id, value, placeholder) => h('input', { id, name: id.slice(2), type: 'text', value, placeholder });
  // Topics by their names in the UI's language; a discovered theme in the filter (from a link) stays selectable.
  const topicIds = [...TOPICS, ...(initial.topic && !TOPICS.includes(initial.topic) ? [initial.topic] : [])];
  const topic = h(
    'select',
    { id: 'f-topic', name: 'topic' },
    option('', t('queue.topic.any'), initial.topic),
    topicIds
      .map((id) => ({ id, label: topicLabel(id) }))
      .sort((a, b) => a.label.localeCompare(b.label))
      .map(({ id, label }) => option(id, label, initial.topic)),
  );
  const assignee = text('f-assignee', initial.assignee, t('queue.assignee.placeholder'));
  const overdue = h('input', { id: 'f-overdue', name: 'overdue', type: 'checkbox', checked: initial.overdue });
  /** @returns {Filters} */
  const read = () => ({
    level: level.value,
    status: status.value,
    channel: channel.value,
    topic: topic.value,
    assignee: assignee.value.trim(),
    overdue: overdue.checked,
  });
  const reset = () => {
    level.value = DEFAULT_FILTERS.level;
    status.value = DEFAULT_FILTERS.status;
    channel.value = DEFAULT_FILTERS.channel;
    topic.value = '';
    assignee.value = '';
    overdue.checked = false;
    onApply(read());
  };
  const form = h(
    'form',
    {
      class: 'filters',
      'aria-labelledby': 'filters-title',
      onsubmit: (/** @type {Event} */ e) => {
        e.preventDefault();
        onApply(read());
      },
    },
    h('h2', { id: 'filters-title', class: 'visually-hidden', text: t('queue.filters') }),
    field('f-level', 'queue.level', level),
    field('f-status', 'queue.status', status),
    field('f-channel', 'queue.channel', channel),
    field('f-topic', 'queue.topic', topic),
    field('f-assignee', 'queue.assignee', assignee),
    h('div', { class: 'field checkbox' }, overdue, h('label', { for: 'f-overdue', text: t('queue.overdue') })),
    h(
      'div',
      { class: 'field buttons' },
      h('button', { type: 'submit', text: t('queue.apply') }),
      h('button', { type: 'button', class: 'secondary', text: t('queue.reset'), onclick: reset }),
    ),
  );
  for (const control of [level, status, channel, topic, overdue])
    control.addEventListener('change', () => onApply(read()));
  return form;
};

/** One row: on a narrow screen the cells stack as a card, each labelled (data-label). @param {any} item @param {string | undefined} selected */
const rowFor = (item, selected) => {
  const now = new Date();
  /** @param {string} column @param {...unknown} content */
  const cell = (column, ...content) =>
    h('td', { class: `col-${column}`, dataset: { label: t(`queue.col.${column}`) } }, content);
  const topics = (item.topics ?? []).map((/** @type {string} */ topic) => topicChip(topic));
  return h(
    'tr',
    { class: item.id === selected ? 'selected' : '', dataset: { id: item.id, level: item.level ?? '' } },
    cell('level', levelBadge(item.level), h('span', { class: 'score' }, item.score ?? '')),
    cell(
      'item',
      h(
        'a',
        {
          href: `#/item/${encodeURIComponent(item.id)}`,
          class: 'row-link',
          dataset: { id: item.id },
          'aria-current': item.id === selected ? 'true' : undefined,
        },
        item.excerpt,
      ),
      topics.length ? h('div', { class: 'chips' }, topics) : null,
    ),
    cell('status', t(`status.${item.status}`, {}, item.status)),
    cell('assignee', item.assignee ?? h('span', { class: 'muted' }, t('queue.unassigned'))),
    cell(
      'due',
      item.dueAt
        ? h('time', { datetime: item.dueAt, title: formatDateTime(item.dueAt) }, formatRelative(item.dueAt, now))
        : '—',
      item.overdue ? h('span', { class: 'badge overdue' }, t('queue.overdueBadge')) : null,
    ),
    cell(
      'received',
      h('time', { datetime: item.receivedAt }, formatDateTime(item.receivedAt)),
      // Imported history (a 2015 tweet received today): when the customer wrote matters as much as receipt.
      Date.parse(item.receivedAt) - Date.parse(item.occurredAt) > DAY_MS
        ? h('span', { class: 'occurred' }, t('queue.occurred', { date: formatDate(item.occurredAt) }))
        : null,
    ),
  );
};

/**
 * The queue header: "50 of 1,234", "50 of 1,000+" past the API's cap, "12 items" when all are shown.
 * @param {number} shown
 * @param {{count: number, atLeast: boolean} | undefined} total
 */
export const countText = (shown, total) => {
  // A bounded count of a wide filter may have stopped before the rows shown: never say fewer than those.
  if (total && shown > 0 && (total.atLeast || total.count > shown))
    return t(total.atLeast ? 'queue.count.ofAtLeast' : 'queue.count.of', {
      shown: formatNumber(shown),
      total: formatNumber(Math.max(total.count, shown)),
    });
  return t(shown === 1 ? 'queue.count.one' : 'queue.count', { count: formatNumber(shown) });
};

/**
 * @param {HTMLElement} container
 * @param {{selected?: string}} options
 * @returns {{unmount: () => void, select: (id: string | undefined) => void}}
 */
export const mountQueue = (container, options) => {
  let filters = loadFilters();
  /** @type {any[]} */
  let items = [];
  /** @type {string | null} */
  let nextCursor = null;
  /** The first page's count of everything the filters select (later pages do not repeat it). */
  /** @type {{count: number, atLeast: boolean} | undefined} */
  let total;
  let selected = options.selected;
  let lastSignature = '';
  /** @type {ReturnType<typeof setTimeout> | undefined} */
  let timer;
  let loading = false;
  let pending = false;
  /** Counts filter changes: a load answers only if no change came after it started. */
  let generation = 0;
  let disposed = false;
  let autoRefresh = true;
  /** The page's scroll when a narrow screen left the list for an item, restored on the way back. */
  let listScroll = 0;
  /** @type {(() => void) | undefined} */
  let unmountItem;

  const form = filterForm(filters, (next) => {
    filters = next;
    sessionStorage.setItem(FILTER_STORAGE, JSON.stringify(filters));
    load({ reset: true });
  });
  const count = h('p', { class: 'count', id: 'queue-count' });
  const error = h('p', { class: 'error', role: 'alert' });
  const tbody = h('tbody', { id: 'queue-rows' });
  const table = h(
    'table',
    { class: 'queue', 'aria-labelledby': 'queue-title', 'aria-describedby': 'queue-help' },
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        ['level', 'item', 'status', 'assignee', 'due', 'received'].map((c) =>
          h('th', { scope: 'col', class: `col-${c}`, text: t(`queue.col.${c}`) }),
        ),
      ),
    ),
    tbody,
  );
  const empty = h('p', { class: 'empty', text: t('queue.empty'), hidden: true });
  const more = h('button', {
    type: 'button',
    class: 'secondary',
    text: t('queue.more'),
    hidden: true,
    onclick: () => load({ append: true }),
  });
  const autoInput = h('input', { id: 'f-auto', type: 'checkbox', checked: autoRefresh });
  autoInput.addEventListener('change', () => {
    autoRefresh = autoInput.checked;
    schedule();
  });

  /** @param {string | undefined} id */
  const rowLink = (id) =>
    /** @type {HTMLAnchorElement | null} */ (tbody.querySelector(`a.row-link[data-id="${CSS.escape(id ?? '')}"]`));

  const renderRows = () => {
    // Keep keyboard focus on the same row across a refresh.
    const focused = /** @type {HTMLElement | null} */ (document.activeElement?.closest?.('#queue-rows a') ?? null);
    replace(
      tbody,
      items.map((item) => rowFor(item, selected)),
    );
    empty.hidden = items.length > 0;
    table.hidden = items.length === 0;
    more.hidden = !nextCursor;
    count.textContent = countText(items.length, total);
    if (focused?.dataset.id) rowLink(focused.dataset.id)?.focus();
  };

  /** Loads the first page (or the next one); a refresh reloads as many rows as are shown. */
  const load = async ({ reset = false, append = false, announceAlways = false } = {}) => {
    // A refresh asked for while one is in flight (an action just changed the queue) runs right after it.
    if (loading && !reset) {
      pending = true;
      return;
    }
    loading = true;
    pending = false;
    // New filters make every answer still on the way stale: a refresh of the old filters that lands after
    // (a fast unfiltered page beating a slow "overdue" one) must not put the old rows back.
    if (reset) generation++;
    const mine = generation;
    const stale = () => disposed || mine !== generation;
    if (reset) {
      items = [];
      nextCursor = null;
      total = undefined;
      lastSignature = '';
      count.textContent = t('queue.loading');
      // New filters: the old rows go at once. Left up while a slow filter loads, they read as its answer
      // (non-overdue rows under "Overdue only").
      replace(tbody);
      table.hidden = true;
      empty.hidden = true;
      more.hidden = true;
    }
    try {
      const limit = append ? PAGE : Math.min(200, Math.max(PAGE, items.length));
      const page = await call('/v1/queue', {
        query: toQuery(filters, limit, append ? (nextCursor ?? undefined) : undefined),
      });
      if (stale()) return;
      error.textContent = '';
      const before = new Set(items.map((i) => i.id));
      items = append ? [...items, ...page.items] : page.items;
      nextCursor = page.nextCursor ?? null;
      if (page.total) total = page.total;
      const signature = JSON.stringify([page.items, page.total]);
      const changed = append || signature !== lastSignature;
      if (!append) lastSignature = signature;
      if (changed) renderRows();
      if ((changed && !reset && !append) || announceAlways) {
        const added = items.filter((i) => !before.has(i.id)).length;
        const time = formatTime(new Date());
        announce(
          added && before.size
            ? t('queue.updatedNew', { time, count: items.length, added })
            : t('queue.updated', { time, count: items.length }),
        );
      }
    } catch (e) {
      if (stale()) return;
      error.textContent = describeError(e);
    } finally {
      // A stale load leaves the flags to the load that replaced it.
      if (!stale()) {
        loading = false;
        if (pending) load();
        else schedule();
      }
    }
  };

  const schedule = () => {
    clearTimeout(timer);
    if (!disposed && autoRefresh) timer = setTimeout(() => load(), REFRESH_MS);
  };

  /** Opens the item `step` rows away from the selected (or focused) one; j/k and the item view's next/previous. @param {number} step */
  const move = (step) => {
    const focusedId = /** @type {HTMLElement | null} */ (document.activeElement?.closest?.('#queue-rows a') ?? null)
      ?.dataset.id;
    const from = items.findIndex((i) => i.id === (focusedId ?? selected));
    const next = items[Math.max(0, Math.min(items.length - 1, from === -1 ? 0 : from + step))];
    if (!next) return;
    if (NARROW.matches && !selected) {
      rowLink(next.id)?.focus();
      return;
    }
    location.hash = `#/item/${encodeURIComponent(next.id)}`;
    rowLink(next.id)?.focus({ preventScroll: NARROW.matches });
    rowLink(next.id)?.scrollIntoView({ block: 'nearest' });
  };

  const close = () => {
    const id = selected;
    location.hash = '#/queue';
    // Back on the list (select() restores where it was), with focus on the row that was open.
    rowLink(id)?.focus({ preventScroll: true });
  };

  tbody.addEventListener('keydown', (event) => {
    if (event.key !== 'ArrowDown' && event.key !== 'ArrowUp' && event.key !== 'Home' && event.key !== 'End') return;
    const links = [...tbody.querySelectorAll('a.row-link')];
    const index = links.indexOf(/** @type {Element} */ (document.activeElement));
    if (index === -1) return;
    event.preventDefault();
    const next =
      event.key === 'Home'
        ? 0
        : event.key === 'End'
          ? links.length - 1
          : Math.max(0, Math.min(links.length - 1, index + (event.key === 'ArrowDown' ? 1 : -1)));
    /** @type {HTMLElement | undefined} */ (links[next])?.focus();
  });
  /** @param {KeyboardEvent} event */
  const onKey = (event) => {
    if (event.altKey || event.ctrlKey || event.metaKey || inControl(event.target)) return;
    if (event.key === 'j' || event.key === 'k') {
      event.preventDefault();
      move(event.key === 'j' ? 1 : -1);
    } else if (event.key === 'Escape' && selected) {
      event.preventDefault();
      close();
    }
  };
  document.addEventListener('keydown', onKey);

  // --- the item: a sticky pane beside the list, or a view of its own on a narrow screen -----------
  const placeholder = h('p', { class: 'muted pane-placeholder', text: t('item.placeholder') });
  const panel = h('section', { class: 'item-panel', 'aria-label': t('item.details') }, placeholder);
  const showItem = () => {
    unmountItem?.();
    unmountItem = undefined;
    layout.classList.toggle('has-item', Boolean(selected));
    for (const row of tbody.querySelectorAll('tr')) {
      const isSelected = row.dataset.id === selected;
      row.classList.toggle('selected', isSelected);
      const link = row.querySelector('a.row-link');
      if (isSelected) link?.setAttribute('aria-current', 'true');
      else link?.removeAttribute('aria-current');
    }
    if (!selected) {
      replace(panel, placeholder);
      return;
    }
    panel.scrollTop = 0;
    unmountItem = mountItem(panel, selected, {
      // On a narrow screen the list is gone: focus goes to the item. Beside the list it stays on the row (j/k).
      focus: NARROW.matches,
      // An action changes the queue (a resolved item leaves the open queue): reload now, not in 5 s.
      onChanged: () => load(),
      onClose: close,
    });
  };

  const layout = h(
    'div',
    { class: 'queue-layout' },
    h(
      'section',
      { class: 'queue-panel', 'aria-labelledby': 'queue-title' },
      h(
        'div',
        { class: 'queue-head' },
        h('h1', { id: 'queue-title', text: t('queue.title') }),
        count,
        h('span', { class: 'spacer' }),
        h('div', { class: 'field checkbox' }, autoInput, h('label', { for: 'f-auto', text: t('queue.autoRefresh') })),
        h('button', {
          type: 'button',
          class: 'secondary',
          text: t('queue.refresh'),
          onclick: () => load({ announceAlways: true }),
        }),
      ),
      form,
      error,
      h('p', { id: 'queue-help', class: 'hint', text: t('queue.help') }),
      table,
      empty,
      more,
    ),
    panel,
  );
  replace(container, layout);
  table.hidden = true;
  showItem();
  load({ reset: true });

  return {
    unmount: () => {
      disposed = true;
      clearTimeout(timer);
      document.removeEventListener('keydown', onKey);
      unmountItem?.();
      replace(container);
    },
    select: (id) => {
      if (id === selected) return;
      if (NARROW.matches && !selected) listScroll = window.scrollY;
      const wasOpen = Boolean(selected);
      selected = id;
      showItem();
      // A narrow screen shows the item in place of the list: start at its top; coming back (the back
      // button, Esc or the browser's Back), return to where the list was.
      if (NARROW.matches && selected) window.scrollTo(0, 0);
      else if (NARROW.matches && wasOpen) window.scrollTo(0, listScroll);
    },
  };
};
