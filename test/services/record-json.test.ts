// The record parser shared by imports and admin PUTs: UTF-8 refused rather than replaced, and a
// key given twice refused at any depth, whether or not the cheap pre-check had to call the exact one.

import { describe, expect, it } from 'vitest';
import { parseRecordJson } from '../../src/services/record-json.js';

const parse = (text: string | Buffer) => parseRecordJson(typeof text === 'string' ? Buffer.from(text, 'utf8') : text);
const problemOf = (text: string | Buffer) => {
  const parsed = parse(text);
  return parsed.ok ? null : { field: parsed.field, message: parsed.message };
};

describe('parseRecordJson', () => {
  it('reads a record, multi-byte characters and a leading byte-order mark included', () => {
    expect(parse('{"name":"zürich-tools","description":"日本語 😀"}')).toEqual({ ok: true, record: { name: 'zürich-tools', description: '日本語 😀' } });
    expect(parse('\ufeff{"a":1}')).toEqual({ ok: true, record: { a: 1 } });
  });

  it.each([
    ['Latin-1 é', Buffer.from('{"name":"caf\xe9"}', 'latin1')],
    ['an overlong "/"', Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xc0, 0xaf, 0x22, 0x7d])],
    ['an encoded surrogate', Buffer.concat([Buffer.from('{"a":"'), Buffer.from([0xed, 0xa0, 0x80]), Buffer.from('"}')])],
    ['a cut sequence', Buffer.concat([Buffer.from('{"a":"'), Buffer.from([0xe2, 0x82]), Buffer.from('"}')])],
    ['a code point past U+10FFFF', Buffer.concat([Buffer.from('{"a":"'), Buffer.from([0xf4, 0x90, 0x80, 0x80]), Buffer.from('"}')])],
  ])('refuses %s as not UTF-8 instead of replacing it', (_what, bytes) => {
    expect(problemOf(bytes)).toEqual({ field: null, message: 'is not valid UTF-8' });
  });

  it('says when the text is not JSON', () => {
    expect(problemOf('{"score":')).toEqual({ field: null, message: expect.stringMatching(/^is not valid JSON \(/) });
  });

  it.each([
    ['at the top', '{"score":99,"name":"x","score":40}', 'score'],
    ['inside dimensions', '{"dimensions":{"security":10,"privacy":5,"security":90}}', 'dimensions.security'],
    ['spelled with an escape', '{"name":"a","\\u006eame":"b"}', 'name'],
    ['across white space', '{ "a" : 1 ,\t"a"\t:\t2 }', 'a'],
    ['as __proto__', '{"__proto__":{},"__proto__":{"x":1}}', '__proto__'],
    ['in an object inside an array', '{"aliases":[{"k":1},{"k":1,"k":2}]}', 'aliases[1].k'],
    ['while a string value also holds \\":', '{"description":"say \\"hi\\": ok","score":1,"score":2}', 'score'],
    ['ending in an escaped backslash', '{"a\\\\":1,"a\\\\":2}', 'a\\'],
    ['beside a value that starts with a colon', '{"a":":x","b":1,"b":2}', 'b'],
  ])('refuses a key given twice %s, naming its path', (_where, text, field) => {
    expect(problemOf(text)).toEqual({ field, message: 'is given more than once' });
  });

  it.each([
    ['a string value holding \\":', '{"description":"he said \\"go\\": fine","score":1}'],
    ['keys holding quotes and colons', '{"a\\":":1,"a\\"":2,"b:":3}'],
    ['equal keys in different objects', '{"x":{"k":1},"y":{"k":1},"z":[{"k":1},{"k":2}]}'],
    ['no object at all', '[1,"a:",null]'],
  ])('accepts %s', (_what, text) => {
    expect(parse(text)).toEqual({ ok: true, record: JSON.parse(text) });
  });

  it('answers for nesting deeper than the tree parser can follow, without a crash', () => {
    for (const deep of [`{"a":1,"a":${'['.repeat(100_000)}${']'.repeat(100_000)}}`, `{"a":${'['.repeat(100_000)}${']'.repeat(100_000)}}`]) {
      expect(problemOf(deep)).toEqual({ field: null, message: 'is nested too deeply to check for repeated keys' });
    }
  });

  it('checks nesting deeper than the cheap count follows with the exact check', () => {
    const nested = (inner: string) => `${'{"k":'.repeat(50)}${inner}${'}'.repeat(50)}`;
    expect(parse(nested('1')).ok).toBe(true);
    expect(problemOf(nested('{"x":1,"x":2}'))).toEqual({ field: `${'k.'.repeat(50)}x`, message: 'is given more than once' });
  });
});
