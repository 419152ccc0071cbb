import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readExhibit } from '../../src/exhibit/index.js';
import { wiringMarkdown, wiringSvg } from '../../src/hardware/index.js';
import { describe as describeValue } from '../../src/experiment/duration.js';
import { terminalText, wellFormed, xmlText } from '../../src/safe-text.js';
import { xmlProblems } from '../hardware/xml.js';

/** Text from an exhibit file reaches SVG, HTML and terminals escaped, whatever it holds. */

const doc = JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', 'exhibits', 'use-it-or-lose-it.json'), 'utf8'));

describe('text from files on its way out', () => {
  it('a lone surrogate in a label or name still gives valid XML', () => {
    const exhibit = readExhibit({ ...doc, name: 'Broken \ud800 name <&>', neurons: doc.neurons.map((n: object, i: number) => (i === 0 ? { ...n, label: 'Touch \udc00\u0001' } : n)) });
    const svg = wiringSvg(exhibit);
    expect(xmlProblems(svg)).toEqual([]);
    expect(svg).not.toMatch(/[\ud800-\udfff]|\u0001/);
    expect(Buffer.from(svg, 'utf8').toString('utf8')).toBe(svg);
    expect(svg).toContain('Broken \ufffd name &lt;&amp;&gt;');
    expect(wiringMarkdown(exhibit)).toContain('Broken');
  });
  it('xmlText escapes markup and drops what XML forbids', () => {
    expect(xmlText('a<b>&"c"\u0000\ud800\uffff')).toBe('a&lt;b&gt;&amp;&quot;c&quot;\ufffd\ufffd\ufffd');
    expect(wellFormed('ok \ud83d\ude00')).toBe('ok \ud83d\ude00');
  });
  it('terminalText shows escape sequences instead of obeying them, keeps lines and tabs', () => {
    expect(terminalText('name\u001b[2J\u009b\tnext\nline')).toBe('name\\u001b[2J\\u009b\tnext\nline');
  });
  it('values quoted in error messages are escaped and cut short', () => {
    expect(describeValue('a\u001b[31m')).toBe('"a\\u001b[31m"');
    expect(describeValue('x'.repeat(100))).toBe(`"${'x'.repeat(60)}…"`);
  });
});
