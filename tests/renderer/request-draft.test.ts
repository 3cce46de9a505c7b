/**
 * The request bar's GraphQL draft: what it sends across the bridge (checked by the bridge's own
 * validation), what it reads back from a session's request, why it cannot connect yet, and the
 * app's own fields of an imported draft dropped when malformed.
 */
import { describe, expect, it } from 'vitest';
import {
  draftToRequest,
  EMPTY_DRAFT,
  EMPTY_GRAPHQL,
  graphqlDraftProblem,
  isDraft,
  requestToDraft,
  withoutMalformedFields,
  type RequestDraft,
} from '../../src/renderer/lib/request-draft';
import { validateCall } from '../../src/shared/validate';

const query = 'subscription T($n: Int) { ticks(count: $n) { n } }';
const draft = (url: string, graphql: Partial<typeof EMPTY_GRAPHQL>): RequestDraft => ({
  ...EMPTY_DRAFT,
  url,
  method: 'POST',
  body: 'not sent',
  format: 'ndjson',
  graphql: { ...EMPTY_GRAPHQL, query, ...graphql },
});

describe('GraphQL drafts', () => {
  it('send the operation only (blank fields left out, the mode only for http), and come back the same', () => {
    const ws = draft('ws://127.0.0.1:1/graphql', { variables: '{"n":2}', operationName: ' T ', sseMode: 'single' });
    const request = draftToRequest(ws);
    expect(request).toEqual({
      url: 'ws://127.0.0.1:1/graphql',
      method: 'POST',
      graphql: { query, variables: '{"n":2}', operationName: 'T' },
    });
    expect(validateCall('sessions.open', [{ request }]).ok).toBe(true);
    const sse = draftToRequest(draft('http://127.0.0.1:1/graphql', { sseMode: 'single' }));
    expect(sse.graphql).toEqual({ query, sseMode: 'single' });
    expect(validateCall('sessions.open', [{ request: sse }]).ok).toBe(true);
    expect(requestToDraft(sse).graphql).toEqual({ query, variables: '', operationName: '', sseMode: 'single' });
  });

  it('say why they cannot connect: no query, variables that are not a JSON object', () => {
    const url = 'http://127.0.0.1:1/graphql';
    expect(graphqlDraftProblem(draft(url, { query: '  ' }))).toBe('GraphQL: enter a query');
    expect(graphqlDraftProblem(draft(url, { variables: '{"n":' }))).toBe('GraphQL variables is not valid JSON');
    expect(graphqlDraftProblem(draft(url, { variables: '[1]' }))).toBe('GraphQL variables must be a JSON object');
    expect(graphqlDraftProblem(draft(url, { variables: ' ' }))).toBeNull();
    expect(graphqlDraftProblem(EMPTY_DRAFT)).toBeNull();
  });

  it('imported drafts keep well-formed GraphQL fields and lose malformed ones', () => {
    const good = draft('ws://127.0.0.1:1/graphql', {});
    expect(isDraft(good)).toBe(true);
    expect(withoutMalformedFields(good)).toEqual(good);
    const bad = { ...good, graphql: { query: 1 }, socketio: { namespace: '/a' } } as unknown as RequestDraft;
    expect(isDraft(bad)).toBe(false);
    const cleaned = withoutMalformedFields(bad);
    expect(cleaned).not.toHaveProperty('graphql');
    expect(cleaned.socketio).toEqual({ namespace: '/a' });
    expect(isDraft(cleaned)).toBe(true);
  });
});
