import { EMPTY_DRAFT, type RequestDraft } from '../../lib/request-draft';

/**
 * Requests for the streaming APIs people inspect most: method, URL, headers and body as each
 * provider documents them. `{{NAME}}` marks what the user fills in (their key), never a real value.
 */
export interface ApiPreset {
  name: string;
  draft: RequestDraft;
}

const json: [string, string] = ['Content-Type', 'application/json'];
const body = (value: unknown) => JSON.stringify(value, null, 2);
const post = (url: string, headers: Array<[string, string]>, payload: unknown, extra: Partial<RequestDraft> = {}) => ({
  ...EMPTY_DRAFT,
  method: 'POST',
  url,
  headers,
  body: body(payload),
  ...extra,
});
const hello = 'Say hello in five words.';

export const API_PRESETS: readonly ApiPreset[] = [
  {
    name: 'OpenAI Chat Completions',
    draft: post('https://api.openai.com/v1/chat/completions', [['Authorization', 'Bearer {{OPENAI_API_KEY}}'], json], {
      model: 'gpt-4o-mini',
      stream: true,
      stream_options: { include_usage: true },
      messages: [{ role: 'user', content: hello }],
    }),
  },
  {
    name: 'OpenAI Responses',
    draft: post('https://api.openai.com/v1/responses', [['Authorization', 'Bearer {{OPENAI_API_KEY}}'], json], {
      model: 'gpt-4o-mini',
      stream: true,
      input: hello,
    }),
  },
  {
    name: 'Anthropic Messages',
    draft: post(
      'https://api.anthropic.com/v1/messages',
      [['x-api-key', '{{ANTHROPIC_API_KEY}}'], ['anthropic-version', '2023-06-01'], json],
      { model: 'claude-sonnet-4-5', max_tokens: 1024, stream: true, messages: [{ role: 'user', content: hello }] },
    ),
  },
  {
    name: 'Gemini (alt=sse)',
    draft: post(
      'https://generativelanguage.googleapis.com/v1beta/models/gemini-2.0-flash:streamGenerateContent?alt=sse',
      [['x-goog-api-key', '{{GEMINI_API_KEY}}'], json],
      { contents: [{ role: 'user', parts: [{ text: hello }] }] },
    ),
  },
  {
    name: 'MCP (Streamable HTTP)',
    draft: post(
      'http://127.0.0.1:3000/mcp',
      [['Accept', 'application/json, text/event-stream'], json],
      { jsonrpc: '2.0', id: 1, method: 'tools/list' },
      { mcp: true },
    ),
  },
];
