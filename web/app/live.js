/** The polite live region: refresh results and action outcomes, read out without moving focus. */
const region = () => document.getElementById('live');

/** @param {string} message */
export const announce = (message) => {
  const el = region();
  if (!el) return;
  // Clearing first makes a repeated message be read again.
  el.textContent = '';
  setTimeout(() => {
    el.textContent = message;
  }, 50);
};
