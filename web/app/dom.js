/**
 * DOM building without innerHTML: every piece of text goes in through textContent, so text from the
 * API (feedback, notes, names) can never become markup (XSS).
 */

/**
 * Creates an element. `attrs` keys: `class`, `text` (textContent), `on<event>` (listener),
 * `dataset` (object), booleans (set when true), anything else via setAttribute.
 * @template {keyof HTMLElementTagNameMap} K
 * @param {K} tag
 * @param {Record<string, unknown>} [attrs]
 * @param {...unknown} children nodes, strings, falsy values (skipped) and arrays of them, nested
 * @returns {HTMLElementTagNameMap[K]}
 */
export const h = (tag, attrs = {}, ...children) => {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'class') el.className = String(value);
    else if (key === 'text') el.textContent = String(value);
    else if (key === 'dataset') Object.assign(el.dataset, value);
    else if (key.startsWith('on') && typeof value === 'function')
      el.addEventListener(key.slice(2), /** @type {EventListener} */ (value));
    else if (value === true) el.setAttribute(key, '');
    else el.setAttribute(key, String(value));
  }
  append(el, children);
  return el;
};

/**
 * Appends children (strings become text nodes, falsy values are skipped).
 * @param {Node} parent
 * @param {unknown[]} children
 */
export const append = (parent, children) => {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    parent.appendChild(child instanceof Node ? child : document.createTextNode(String(child)));
  }
};

/**
 * Replaces all children of `parent`.
 * @param {Element} parent
 * @param {...unknown} children
 */
export const replace = (parent, ...children) => {
  parent.replaceChildren();
  append(parent, children);
};
