import { describe, expect, it } from 'vitest';
import {
  isSentEntryList,
  isTemplateList,
  putTemplate,
  TEMPLATE_LIMIT,
  type MessageTemplate,
  type SentEntry,
} from '../../src/renderer/lib/ws-messages';
import { isDraft } from '../../src/renderer/lib/request-draft';
import { closeCodeMeaning } from '../../src/renderer/lib/ws-close-codes';

const entry: SentEntry = {
  id: 1,
  at: 1_700_000_000_000,
  mode: 'json',
  encoding: 'hex',
  input: '{"a":1}',
  summary: '{"a":1}',
  size: 7,
  error: null,
};
const template = (name: string, input = 'x'): MessageTemplate => ({ name, mode: 'text', encoding: 'hex', input });

describe('composer memory', () => {
  it('keeps templates by name: a new one with a taken name replaces it; sorted; bounded', () => {
    let list = putTemplate([], template('b', 'first'));
    list = putTemplate(list, template('a'));
    list = putTemplate(list, template('b', 'second'));
    expect(list.map((t) => [t.name, t.input])).toEqual([
      ['a', 'x'],
      ['b', 'second'],
    ]);
    for (let i = 0; i < TEMPLATE_LIMIT + 10; i++) list = putTemplate(list, template(`t${i}`));
    expect(list).toHaveLength(TEMPLATE_LIMIT);
    expect(list.some((t) => t.name === `t${TEMPLATE_LIMIT + 9}`)).toBe(true); // the newest stays
  });

  it('accepts stored history and templates of the right shape only', () => {
    expect(isSentEntryList([entry, { ...entry, error: 'socket closed' }])).toBe(true);
    expect(isSentEntryList([{ ...entry, mode: 'shout' }])).toBe(false);
    expect(isSentEntryList([{ ...entry, input: 3 }])).toBe(false);
    expect(isSentEntryList({ 0: entry })).toBe(false);
    expect(isTemplateList([template('a')])).toBe(true);
    expect(isTemplateList([{ name: 'a', mode: 'text', input: 'x' }])).toBe(false); // no encoding
  });

  it('lets a saved request carry its messages, and refuses a draft whose messages are malformed', () => {
    const draft = { url: 'ws://127.0.0.1:1/ws', method: 'GET', headers: [], body: '', reconnect: 'auto' };
    expect(isDraft(draft)).toBe(true);
    expect(isDraft({ ...draft, messages: [entry] })).toBe(true);
    expect(isDraft({ ...draft, messages: [{ ...entry, at: 'now' }] })).toBe(false);
  });

  it('names close codes, including the ranges for libraries and applications', () => {
    expect(closeCodeMeaning(1000)).toBe('normal closure');
    expect(closeCodeMeaning(1006)).toBe('abnormal closure (no close frame)');
    expect(closeCodeMeaning(4001)).toBe('application-defined');
    expect(closeCodeMeaning(3000)).toBe('registered by a library or framework');
    expect(closeCodeMeaning(1004)).toBeNull();
  });
});
