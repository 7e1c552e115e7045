/** The sign-in form: checks the key against the API (GET /v1/queue) before keeping it for the tab. */
import { ApiError, call, setKey } from './api.js';
import { h, replace } from './dom.js';
import { t } from './i18n.js';

/**
 * @param {HTMLElement} container
 * @param {{notice?: string, onSignedIn: () => void}} options
 * @returns {() => void} unmount
 */
export const mountSignIn = (container, options) => {
  const input = h('input', {
    id: 'signin-key',
    name: 'key',
    type: 'password',
    autocomplete: 'off',
    spellcheck: 'false',
    required: true,
    'aria-describedby': 'signin-intro signin-error',
  });
  const error = h('p', { id: 'signin-error', class: 'error', role: 'alert' });
  if (options.notice) error.textContent = options.notice;
  const submit = h('button', { type: 'submit', text: t('signin.submit') });
  const form = h(
    'form',
    { class: 'card signin', novalidate: true },
    h('h1', { text: t('signin.title') }),
    h('p', { id: 'signin-intro', text: t('signin.intro') }),
    h('label', { for: 'signin-key', text: t('signin.key') }),
    input,
    error,
    submit,
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const key = input.value.trim();
    if (!key) {
      error.textContent = t('signin.missing');
      input.focus();
      return;
    }
    submit.disabled = true;
    error.textContent = t('signin.checking');
    try {
      await call('/v1/queue', { key, query: { limit: '1' } });
      setKey(key);
      options.onSignedIn();
    } catch (e) {
      // The API's own message (401 "unknown key", 403 "needs read scope") says what is wrong.
      error.textContent =
        e instanceof ApiError && e.status
          ? t('error.generic', { status: e.status, message: e.message })
          : t('error.network');
      submit.disabled = false;
      input.focus();
      input.select();
    }
  });
  replace(container, form);
  input.focus();
  return () => replace(container);
};
