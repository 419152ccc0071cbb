import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { readExhibit } from '../../src/exhibit/index.js';
import { problemsOf } from '../helpers/exhibit.js';

/** The exhibit's `idle`, `attract` and `hours`: validated by path, in the schema, optional. */

const folder = join(import.meta.dirname, '..', '..', 'exhibits');
const schema = JSON.parse(readFileSync(join(folder, 'exhibit.schema.json'), 'utf8'));
const validateSchema = new Ajv({ allErrors: true }).compile(schema);
const base = () => JSON.parse(readFileSync(join(folder, 'default.json'), 'utf8')) as Record<string, unknown>;


const full = () => ({
  ...base(),
  idle: { afterS: 45, mode: 'keep', restS: 2 },
  attract: { script: [{ at: '1s', tap: 'A' }, { at: 2, press: 'A' }, { at: '4s', release: 'A' }, { at: '5s', repeat: { tap: 'B', hz: 2, count: 3 } }, { at: '7s', turn: 'age', to: 0.1 }], everyS: 20 },
  hours: { timeZone: 'Europe/London', weekly: { tue: '10:00-17:30', sat: ['10:00-12:30', '13:30-24:00'] }, atOpening: 'saved' },
});

describe('idle, attract and hours', () => {
  it('an exhibit with all three is valid for neuron-kit and for the published schema', () => {
    const doc = full();
    expect(problemsOf(doc)).toEqual([]);
    expect(validateSchema(doc), JSON.stringify(validateSchema.errors)).toBe(true);
    const ex = readExhibit(doc);
    expect(ex.idle).toEqual({ afterMs: 45_000, mode: 'keep', restMs: 2_000 });
    expect(ex.attract).toMatchObject({ everyMs: 20_000 });
    expect(ex.attract && ex.attract.script.map((a) => `${a.atMs} ${a.target} ${a.kind === 'button' ? a.pressed : a.fraction}`)).toEqual([
      '1000 A true', '1050 A false', '2000 A true', '4000 A false', '5000 B true', '5050 B false', '5500 B true', '5550 B false', '6000 B true', '6050 B false', '7000 age 0.1',
    ]);
    expect(ex.hours).toEqual({ timeZone: 'Europe/London', weekly: { mon: [], tue: [[600, 1050]], wed: [], thu: [], fri: [], sat: [[600, 750], [810, 1440]], sun: [] }, atOpening: 'saved' });
  });

  it('all are optional: an exhibit without them reads as before (no new fields), and gets the defaults at run time', () => {
    const ex = readExhibit(base());
    expect('idle' in ex || 'attract' in ex || 'hours' in ex).toBe(false);
    expect(readExhibit({ ...base(), idle: {}, attract: false }).idle).toEqual({ afterMs: 60_000, mode: 'reset', restMs: 3_000 });
    expect(readExhibit({ ...base(), attract: false }).attract).toBe(false);
    expect(readExhibit({ ...base(), attract: { script: [] } }).attract).toEqual({ script: [], everyMs: 10_000 });
    expect(readExhibit({ ...base(), hours: { weekly: { mon: '09:00-17:00' } } }).hours!.timeZone).toBe(Intl.DateTimeFormat().resolvedOptions().timeZone);
  });

  const cases: Array<[string, Record<string, unknown>, RegExp]> = [
    ['a visit ending after no time', { idle: { afterS: 0 } }, /^idle\.afterS: must be ≥ 1, got 0/],
    ['an unknown idle mode', { idle: { mode: 'forget' } }, /^idle\.mode: must be "reset" .* or "keep" .*, got "forget"/],
    ['a rest of minutes', { idle: { restS: 600 } }, /^idle\.restS: must be ≤ 60, got 600/],
    ['a misspelt idle field', { idle: { afterSeconds: 30 } }, /^idle\.afterSeconds: unknown field; expected one of afterS, mode, restS/],
    ['attract: true', { attract: true }, /^attract: must be an object, got true/],
    ['a demo pressing a button the exhibit lacks', { attract: { script: [{ at: '1s', tap: 'Z' }] } }, /^attract\.script\[0\]\.tap: "Z" has no button in this exhibit; buttons: A, B, injury/],
    ['a demo without times', { attract: { script: [{ tap: 'A' }] } }, /^attract\.script\[0\]\.at: is missing/],
    ['a demo without a script', { attract: { everyS: 10 } }, /^attract\.script: is missing; expected an array/],
    ['a round shorter than its demo', { attract: { script: [{ at: '30s', tap: 'A' }], everyS: 10 } }, /^attract\.everyS: a round must be longer than its script: the last action is at 30\.05 s, got 10/],
    ['a demo of hours', { attract: { script: [{ at: '2h', tap: 'A' }] } }, /^attract\.script: a demo round may last at most 3600 s/],
    ['an unknown time zone', { hours: { timeZone: 'Mars/Olympus_Mons', weekly: { mon: '09:00-17:00' } } }, /^hours\.timeZone: unknown time zone "Mars\/Olympus_Mons"; use an IANA name like "Europe\/Paris"/],
    ['a period in another format', { hours: { weekly: { mon: '9-5' } } }, /^hours\.weekly\.mon: must be a period like "09:30-17:00"/],
    ['a period past midnight', { hours: { weekly: { fri: ['18:00-02:00'] } } }, /^hours\.weekly\.fri\[0\]: must end after it starts, got "18:00-02:00"; a period past midnight is two/],
    ['overlapping periods', { hours: { weekly: { tue: ['10:00-12:00', '11:00-13:00'] } } }, /^hours\.weekly\.tue: periods overlap/],
    ['25 o\'clock', { hours: { weekly: { tue: '10:00-25:00' } } }, /^hours\.weekly\.tue: must be a period like/],
    ['a day that is not one', { hours: { weekly: { monday: '10:00-12:00' } } }, /^hours\.weekly\.monday: unknown field; expected one of mon, tue, wed, thu, fri, sat, sun/],
    ['a week without an open hour', { hours: { weekly: {} } }, /^hours\.weekly: no day has an open period; leave out "hours"/],
    ['hours without a week', { hours: { timeZone: 'UTC' } }, /^hours\.weekly: is missing; expected an object/],
    ['an unknown opening', { hours: { weekly: { mon: '09:00-17:00' }, atOpening: 'stale' } }, /^hours\.atOpening: must be "fresh" .* or "saved" .*, got "stale"/],
  ];
  for (const [what, fields, message] of cases) {
    it(`refuses ${what}, by path`, () => {
      const doc = { ...base(), ...fields };
      const problems = problemsOf(doc);
      expect(problems.some((p) => message.test(p)), problems.join('\n')).toBe(true);
    });
  }

  it('the schema refuses what neuron-kit refuses where it can say so', () => {
    for (const fields of [{ idle: { afterS: 0 } }, { idle: { mode: 'forget' } }, { attract: true }, { attract: { script: [{ tap: 'A' }] } }, { hours: { weekly: { mon: '9-5' } } }, { hours: { weekly: { monday: '10:00-12:00' } } }, { hours: {} }]) {
      expect(validateSchema({ ...base(), ...fields }), JSON.stringify(fields)).toBe(false);
    }
  });
});
