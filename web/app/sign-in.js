/** The sign-in form: checks the key against the API (GET /v1/queue) before keeping it for the tab. */
import { call, setKey } from './api.js';
import { h, replace } from './dom.js';
import { describeError } from './errors.js';
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
      // 401 (unknown key) and 403 (no read scope) each say what is wrong, in the UI's language.
      error.textContent = describeError(e);
      submit.disabled = false;
      input.focus();
      input.select();
    }
  });
  replace(container, form);
  input.focus();
  return () => replace(container);
};
