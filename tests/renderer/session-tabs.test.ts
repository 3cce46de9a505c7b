/**
 * The tab strip's order when tabs close: a closed tab's neighbour becomes active, and a tab opened
 * to replace a failed one (Retry) takes the failed tab's place rather than going to the end.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { useSessions } from '../../src/renderer/stores/sessions';
import { sessionInfo } from '../support/session-info';

function open(...ids: string[]): void {
  for (const id of ids) useSessions.getState().upsert(sessionInfo(id));
}

/** The strip as these tests left it: other files in the worker share the store (isolate: false). */
function closeAll(): void {
  for (const id of useSessions.getState().order) useSessions.getState().remove(id);
  useSessions.getState().setActive(null);
}

beforeEach(closeAll);
afterEach(closeAll);

describe('closing tabs', () => {
  it('a replacing tab takes the closed tab’s place and is the active one', () => {
    open('a', 'b', 'c');
    useSessions.getState().setActive('a');
    open('a2');
    useSessions.getState().remove('a', 'a2');
    expect(useSessions.getState().order).toEqual(['a2', 'b', 'c']);
    expect(useSessions.getState().activeId).toBe('a2');
  });

  it('without a successor, the last tab becomes active and the order closes up', () => {
    open('a', 'b', 'c');
    useSessions.getState().setActive('b');
    useSessions.getState().remove('b');
    expect(useSessions.getState().order).toEqual(['a', 'c']);
    expect(useSessions.getState().activeId).toBe('c');
  });

  it('a successor that is not open is ignored', () => {
    open('a', 'b');
    useSessions.getState().setActive('a');
    useSessions.getState().remove('a', 'gone');
    expect(useSessions.getState().order).toEqual(['b']);
    expect(useSessions.getState().activeId).toBe('b');
  });
});
