import { describe, expect, test } from 'vitest';
import { DEFAULT_INVITATION, visitorHeadline } from '../../src/web/page/names.js';

describe('the visitor view\'s headline', () => {
  test('the exhibit\'s invitation, with all of `about` kept for "more"', () => {
    expect(visitorHeadline({ invitation: 'Tap Touch.', about: 'Long. Longer.' })).toEqual({ headline: 'Tap Touch.', more: 'Long. Longer.' });
  });

  test('without one, the first sentence of `about` when it is short, the rest for "more"', () => {
    expect(visitorHeadline({ invitation: null, about: 'Press both together. A new connection grows in.' }))
      .toEqual({ headline: 'Press both together.', more: 'A new connection grows in.' });
    expect(visitorHeadline({ invitation: null, about: 'Just this' })).toEqual({ headline: 'Just this', more: null });
  });

  test('a first sentence too long for a headline stays in "more", under a general invitation', () => {
    const about = `A bit of everything: ${'tap and hold; '.repeat(10)}and watch.`;
    expect(visitorHeadline({ invitation: null, about })).toEqual({ headline: DEFAULT_INVITATION, more: about });
    expect(visitorHeadline({ invitation: null, about: null })).toEqual({ headline: DEFAULT_INVITATION, more: null });
  });
});
