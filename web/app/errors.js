/**
 * API errors in the UI's language, chosen by the API's error code (the API's own message is English
 * and is shown only in the English UI, where it names the field that is wrong).
 */
import { ApiError } from './api.js';
import { lang, t } from './i18n.js';

/** The message for a failed call. @param {unknown} e */
export const describeError = (e) => {
  if (!(e instanceof ApiError) || !e.status) return t('error.network');
  const known = t(`error.code.${e.code}`, {}, '');
  const summary = known || t('error.code.other', { status: e.status });
  // The English UI adds the API's detail (which field, which state); other languages keep to the summary.
  return lang() === 'en' && e.message && e.message !== summary ? `${summary} (${e.message})` : summary;
};
