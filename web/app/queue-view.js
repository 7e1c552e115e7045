/**
 * The urgency queue: filters, the list in the API's order, live refresh that keeps the selection and
 * focus, and the selected item beside it. Arrow keys move through the rows; Enter opens one.
 */
import { ApiError, call } from './api.js';
import { h, replace } from './dom.js';
import { formatDateTime, formatRelative, formatTime, t } from './i18n.js';
import { mountItem } from './item-view.js';
import { CHANNELS, LEVELS, levelBadge, STATUSES, topicLabel } from './labels.js';
import { announce } from './live.js';

const REFRESH_MS = 5000;
const PAGE = 50;
const FILTER_STORAGE = 'koe.filters';
const DEFAULT_FILTERS = { level: '', status: 'open', channel: '', topic: '', assignee: '', overdue: false };

const loadFilters = () => {
  try {
    return { ...DEFAULT_FILTERS, ...JSON.parse(sessionStorage.getItem(FILTER_STORAGE) ?? '{}') };
  } catch {
    return { ...DEFAULT_FILTERS };
  }
};

/** The query string the API reads; an empty level means its default (critical, high, normal). */
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
  let selected = options.selected;
  let lastSignature = '';
  let timer;
  let loading = false;
  let pending = false;
  let disposed = false;
  let autoRefresh = true;
  /** @type {(() => void) | undefined} */
  let unmountItem;

  // --- filters -------------------------------------------------------------------------------
  const field = (id, labelKey, control) =>
    h('div', { class: 'field' }, h('label', { for: id, text: t(labelKey) }), control);
  const option = (value, label, current) => h('option', { value, selected: value === current }, label);
  const levelSelect = h(
    'select',
    { id: 'f-level', name: 'level' },
    option('', t('queue.level.default'), filters.level),
    option('all', t('queue.level.all'), filters.level),
    LEVELS.map((l) => option(l, t(`level.${l}`), filters.level)),
  );
  const statusSelect = h(
    'select',
    { id: 'f-status', name: 'status' },
    STATUSES.map((s) => option(s, t(`status.${s}`), filters.status)),
  );
  const channelSelect = h(
    'select',
    { id: 'f-channel', name: 'channel' },
    option('', t('queue.channel.any'), filters.channel),
    CHANNELS.map((c) => option(c, t(`channel.${c}`), filters.channel)),
  );
  const topicInput = h('input', {
    id: 'f-topic',
    name: 'topic',
    type: 'text',
    value: filters.topic,
    placeholder: t('queue.topic.placeholder'),
  });
  const assigneeInput = h('input', {
    id: 'f-assignee',
    name: 'assignee',
    type: 'text',
    value: filters.assignee,
    placeholder: t('queue.assignee.placeholder'),
  });
  const overdueInput = h('input', { id: 'f-overdue', name: 'overdue', type: 'checkbox', checked: filters.overdue });
  const autoInput = h('input', { id: 'f-auto', type: 'checkbox', checked: autoRefresh });

  const readFilters = () => ({
    level: levelSelect.value,
    status: statusSelect.value,
    channel: channelSelect.value,
    topic: topicInput.value.trim(),
    assignee: assigneeInput.value.trim(),
    overdue: overdueInput.checked,
  });
  const applyFilters = () => {
    filters = readFilters();
    sessionStorage.setItem(FILTER_STORAGE, JSON.stringify(filters));
    load({ reset: true });
  };
  const filterForm = h(
    'form',
    {
      class: 'filters',
      'aria-labelledby': 'filters-title',
      onsubmit: (e) => {
        e.preventDefault();
        applyFilters();
      },
    },
    h('h2', { id: 'filters-title', class: 'visually-hidden', text: t('queue.filters') }),
    field('f-level', 'queue.level', levelSelect),
    field('f-status', 'queue.status', statusSelect),
    field('f-channel', 'queue.channel', channelSelect),
    field('f-topic', 'queue.topic', topicInput),
    field('f-assignee', 'queue.assignee', assigneeInput),
    h('div', { class: 'field checkbox' }, overdueInput, h('label', { for: 'f-overdue', text: t('queue.overdue') })),
    h(
      'div',
      { class: 'field buttons' },
      h('button', { type: 'submit', text: t('queue.apply') }),
      h('button', {
        type: 'button',
        class: 'secondary',
        text: t('queue.reset'),
        onclick: () => {
          levelSelect.value = '';
          statusSelect.value = 'open';
          channelSelect.value = '';
          topicInput.value = '';
          assigneeInput.value = '';
          overdueInput.checked = false;
          applyFilters();
        },
      }),
    ),
  );
  for (const control of [levelSelect, statusSelect, channelSelect, overdueInput])
    control.addEventListener('change', applyFilters);

  // --- list ----------------------------------------------------------------------------------
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
          h('th', { scope: 'col', text: t(`queue.col.${c}`) }),
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
  const refreshButton = h('button', {
    type: 'button',
    class: 'secondary',
    text: t('queue.refresh'),
    onclick: () => load({ announceAlways: true }),
  });
  autoInput.addEventListener('change', () => {
    autoRefresh = autoInput.checked;
    schedule();
  });

  const rowFor = (item) => {
    const now = new Date();
    const link = h(
      'a',
      {
        href: `#/item/${encodeURIComponent(item.id)}`,
        class: 'row-link',
        dataset: { id: item.id },
        'aria-current': item.id === selected ? 'true' : undefined,
      },
      item.excerpt,
    );
    const topics = (item.topics ?? []).map((topic) => h('span', { class: 'chip' }, topicLabel(topic)));
    return h(
      'tr',
      { class: item.id === selected ? 'selected' : '', dataset: { id: item.id, level: item.level ?? '' } },
      h('td', {}, levelBadge(item.level), h('span', { class: 'score' }, item.score ?? '')),
      h('td', { class: 'excerpt' }, link, topics.length ? h('div', { class: 'chips' }, topics) : null),
      h('td', {}, t(`status.${item.status}`, {}, item.status)),
      h('td', {}, item.assignee ?? h('span', { class: 'muted' }, t('queue.unassigned'))),
      h(
        'td',
        {},
        item.dueAt
          ? h('time', { datetime: item.dueAt, title: formatDateTime(item.dueAt) }, formatRelative(item.dueAt, now))
          : '—',
        item.overdue ? h('span', { class: 'badge overdue' }, t('queue.overdueBadge')) : null,
      ),
      h('td', {}, h('time', { datetime: item.receivedAt }, formatDateTime(item.receivedAt))),
    );
  };

  const renderRows = () => {
    // Keep keyboard focus on the same row across a refresh.
    const focusedId = document.activeElement?.closest?.('#queue-rows a')?.dataset.id;
    replace(tbody, items.map(rowFor));
    empty.hidden = items.length > 0;
    table.hidden = items.length === 0;
    more.hidden = !nextCursor;
    count.textContent = t(
      items.length === 1 ? 'queue.count.one' : 'queue.count',
      { count: items.length },
      t('queue.count', { count: items.length }),
    );
    if (focusedId) tbody.querySelector(`a[data-id="${CSS.escape(focusedId)}"]`)?.focus();
  };

  tbody.addEventListener('keydown', (event) => {
    if (event.key !== 'ArrowDown' && event.key !== 'ArrowUp' && event.key !== 'Home' && event.key !== 'End') return;
    const links = [...tbody.querySelectorAll('a.row-link')];
    const index = links.indexOf(document.activeElement);
    if (index === -1) return;
    event.preventDefault();
    const next =
      event.key === 'Home'
        ? 0
        : event.key === 'End'
          ? links.length - 1
          : Math.max(0, Math.min(links.length - 1, index + (event.key === 'ArrowDown' ? 1 : -1)));
    links[next]?.focus();
  });

  /** Loads the first page (or the next one); a refresh reloads as many rows as are shown. */
  const load = async ({ reset = false, append = false, announceAlways = false } = {}) => {
    // A refresh asked for while one is in flight (an action just changed the queue) runs right after it.
    if (loading && !reset) {
      pending = true;
      return;
    }
    loading = true;
    pending = false;
    if (reset) {
      items = [];
      nextCursor = null;
      lastSignature = '';
      count.textContent = t('queue.loading');
    }
    try {
      const limit = append ? PAGE : Math.min(200, Math.max(PAGE, items.length));
      const page = await call('/v1/queue', {
        query: toQuery(filters, limit, append ? (nextCursor ?? undefined) : undefined),
      });
      if (disposed) return;
      error.textContent = '';
      const before = new Set(items.map((i) => i.id));
      items = append ? [...items, ...page.items] : page.items;
      nextCursor = page.nextCursor ?? null;
      const signature = JSON.stringify(page.items);
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
      if (disposed) return;
      error.textContent =
        e instanceof ApiError && e.status
          ? t('error.generic', { status: e.status, message: e.message })
          : t('error.network');
    } finally {
      loading = false;
      if (pending && !disposed) load();
      else schedule();
    }
  };

  const schedule = () => {
    clearTimeout(timer);
    if (!disposed && autoRefresh) timer = setTimeout(() => load(), REFRESH_MS);
  };

  // --- item panel ----------------------------------------------------------------------------
  const panel = h('section', { class: 'item-panel', 'aria-label': t('item.details') });
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
      replace(panel);
      panel.hidden = true;
      return;
    }
    panel.hidden = false;
    unmountItem = mountItem(panel, selected, {
      // An action changes the queue (a resolved item leaves the open queue): reload now, not in 5 s.
      onChanged: () => load({ announceAlways: false }),
      onClose: () => {
        const id = selected;
        location.hash = '#/queue';
        tbody.querySelector(`a[data-id="${CSS.escape(id ?? '')}"]`)?.focus();
      },
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
        refreshButton,
      ),
      filterForm,
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
      unmountItem?.();
      replace(container);
    },
    select: (id) => {
      if (id === selected) return;
      selected = id;
      showItem();
    },
  };
};
