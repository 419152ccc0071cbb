/**
 * Text the kit was given (exhibit names, labels, ids) on its way to a terminal, an SVG file or a page.
 * Pure: used by the CLI, the hardware docs and the validators alike.
 */

/** An unpaired UTF-16 surrogate: not a character, and not allowed in XML or UTF-8. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
/** C0 and C1 control characters other than tab and newline: a terminal would obey them. */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;
/** Characters XML 1.0 forbids outright (its Char production), besides lone surrogates. */
// eslint-disable-next-line no-control-regex
const XML_FORBIDDEN = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g;

/** `s` with every unpaired surrogate replaced by U+FFFD (the replacement character). */
export function wellFormed(s: string): string {
  return s.replace(LONE_SURROGATE, '\uFFFD');
}

/** True when `s` holds no control characters (tab and newline included) and no unpaired surrogates. */
export function isPrintable(s: string): boolean {
  // eslint-disable-next-line no-control-regex
  return !/[\u0000-\u001f\u007f-\u009f]/.test(s) && !new RegExp(LONE_SURROGATE.source).test(s);
}

/** Text and attribute content for XML/SVG/HTML: escaped, well-formed, without characters XML forbids. */
export function xmlText(s: string): string {
  return wellFormed(s)
    .replace(XML_FORBIDDEN, '\uFFFD')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}

/**
 * A line for a terminal: control characters (escape sequences that could move the cursor, retitle the
 * window or clear the screen) shown as `\u001b` instead of obeyed; unpaired surrogates as U+FFFD.
 */
export function terminalText(s: string): string {
  return wellFormed(s).replace(CONTROL, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
