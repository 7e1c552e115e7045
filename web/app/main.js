/**
 * The dashboard's entry: static labels, the language switch, sign-in state and the hash router
 * (#/queue, #/item/<id>, #/metrics). Views mount into <main> and return an unmount function.
 */
import { call, clearKey, getKey, setUnauthorizedHandler } from './api.js';
import { describeError } from './errors.js';
import { formatNumber, formatRelative, lang, onLangChange, setLang, t } from './i18n.js';
import { usePromotedTopics } from './labels.js';
import { mountMetrics } from './metrics-view.js';
import { mountQueue } from './queue-view.js';
import { mountSignIn } from './sign-in.js';
import { onStatus, startStatus, stopStatus } from './status.js';

const main = /** @type {HTMLElement} */ (document.getElementById('main'));
const nav = /** @type {HTMLElement} */ (document.getElementById('nav'));
const signOutButton = /** @type {HTMLButtonElement} */ (document.getElementById('signout'));
const langSelect = /** @type {HTMLSelectElement} */ (document.getElementById('lang'));
const backlogBanner = /** @type {HTMLElement} */ (document.getElementById('backlog'));

/** @type {(() => void) | undefined} */
let unmount;
/** A message for the sign-in form after a forced sign-out. */
let signInNotice = '';

/** Labels written in index.html (data-i18n) follow the language too. */
const translateStatic = () => {
  document.title = t('app.title');
  for (const el of document.querySelectorAll('[data-i18n]'))
    el.textContent = t(/** @type {HTMLElement} */ (el).dataset.i18n ?? '');
  for (const el of document.querySelectorAll('[data-i18n-aria-label]'))
    el.setAttribute('aria-label', t(/** @type {HTMLElement} */ (el).dataset.i18nAriaLabel ?? ''));
  langSelect.value = lang();
};

const parseRoute = () => {
  const hash = location.hash.replace(/^#\/?/, '');
  const [name = 'queue', ...rest] = hash.split('/');
  if (name === 'metrics') return { view: 'metrics' };
  if (name === 'item' && rest.length) return { view: 'queue', selected: decodeURIComponent(rest.join('/')) };
  return { view: 'queue' };
};

/** @type {{view: string, select?: (id: string | undefined) => void} | undefined} */
let mounted;
/** The key whose promoted topics the labels hold: read once per sign-in, before a view names a topic. */
let topicsFor = /** @type {string | null} */ (null);
/** The key whose promoted topics are being read (one request, whatever renders meanwhile). */
let topicsAsked = /** @type {string | null} */ (null);

/** The banner while analysis is still running: the figures on every view are still moving. */
const showBacklog = (/** @type {import('./status.js').Status} */ status) => {
  const { queued, inFlight, oldestQueuedAt } = status.backlog;
  const waiting = queued + inFlight;
  backlogBanner.hidden = waiting === 0;
  backlogBanner.textContent = waiting
    ? t(oldestQueuedAt ? 'backlog.since' : 'backlog', {
        count: formatNumber(waiting),
        since: formatRelative(oldestQueuedAt),
      })
    : '';
};
onStatus(showBacklog);

const render = ({ force = false } = {}) => {
  const signedIn = Boolean(getKey());
  nav.hidden = !signedIn;
  signOutButton.hidden = !signedIn;
  if (!signedIn) {
    stopStatus();
    backlogBanner.hidden = true;
    unmount?.();
    mounted = { view: 'signin' };
    unmount = mountSignIn(main, {
      notice: signInNotice,
      onSignedIn: () => {
        signInNotice = '';
        render({ force: true });
        main.focus();
      },
    });
    return;
  }
  if (force) startStatus();
  const key = getKey();
  if (topicsFor !== key) {
    if (topicsAsked === key) return;
    topicsAsked = key;
    // Without them a promoted topic shows as its id; a refusal leaves the default taxonomy's names.
    call('/v1/taxonomy/promoted')
      .then(
        (answer) => usePromotedTopics(answer?.topics ?? []),
        () => undefined,
      )
      .then(() => {
        topicsAsked = null;
        if (getKey() !== key) return;
        topicsFor = key;
        render({ force: true });
      });
    return;
  }
  const route = parseRoute();
  for (const link of nav.querySelectorAll('a')) {
    if (link.dataset.route === route.view) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
  // Within the queue a new selection only swaps the item panel: the list, its filters and focus stay.
  if (!force && mounted?.view === 'queue' && route.view === 'queue' && mounted.select) {
    mounted.select(route.selected);
    return;
  }
  unmount?.();
  if (route.view === 'metrics') {
    mounted = { view: 'metrics' };
    unmount = mountMetrics(main);
  } else {
    const queue = mountQueue(main, { selected: route.selected });
    mounted = { view: 'queue', select: queue.select };
    unmount = queue.unmount;
  }
};

setUnauthorizedHandler((error) => {
  clearKey();
  signInNotice = t('signedOut.expired', { message: describeError(error) });
  render({ force: true });
});

signOutButton.addEventListener('click', () => {
  clearKey();
  signInNotice = '';
  render({ force: true });
});

langSelect.addEventListener('change', () => setLang(langSelect.value));
onLangChange(() => {
  translateStatic();
  render({ force: true });
});
window.addEventListener('hashchange', () => render());

translateStatic();
render({ force: true });
