/**
 * The real-world stream shapes in ./fixtures (captured from public APIs and kept byte for byte),
 * embedded in the bundle as strings (Vite `?raw`), served byte for byte at /scenarios/fixture/<name>.
 */
import anthropicMessages from './fixtures/anthropic-messages.sse?raw';
import crlfHeartbeats from './fixtures/crlf-heartbeats.sse?raw';
import mcpStreamableHttp from './fixtures/mcp-streamable-http.sse?raw';
import openaiChatCompletions from './fixtures/openai-chat-completions.sse?raw';
import wikimediaRecentchange from './fixtures/wikimedia-recentchange.sse?raw';
import ollamaChat from './fixtures/ollama-chat.ndjson?raw';

/** One fixture body: its file name without extension, what it imitates and its exact bytes. */
export interface DemoFixture {
  name: string;
  description: string;
  /** The method the imitated server answers; both GET and POST are accepted. */
  method: 'GET' | 'POST';
  bytes: Buffer;
  /** Served with this Content-Type. */
  contentType: string;
}

function fixture(
  name: string,
  method: 'GET' | 'POST',
  description: string,
  text: string,
  contentType = 'text/event-stream',
): DemoFixture {
  // The files are valid UTF-8, so encoding the string again restores the stored bytes exactly.
  return { name, method, description, bytes: Buffer.from(text, 'utf8'), contentType };
}

/** Every fixture, in the order the scenario list shows them. */
export const DEMO_FIXTURES: readonly DemoFixture[] = [
  fixture(
    'openai-chat-completions',
    'POST',
    'Fixture as is: an OpenAI-style chat completion stream ending in data: [DONE]',
    openaiChatCompletions,
  ),
  fixture(
    'anthropic-messages',
    'POST',
    'Fixture as is: an Anthropic-style Messages stream, every event typed, multi-byte UTF-8',
    anthropicMessages,
  ),
  fixture(
    'wikimedia-recentchange',
    'GET',
    'Fixture as is: Wikimedia EventStreams, a :ok comment and JSON-array ids',
    wikimediaRecentchange,
  ),
  fixture(
    'mcp-streamable-http',
    'POST',
    'Fixture as is: an MCP Streamable HTTP answer, event: message with resumable ids',
    mcpStreamableHttp,
  ),
  fixture(
    'crlf-heartbeats',
    'GET',
    'Fixture as is: CRLF line endings, comment heartbeats, retry, id, event: notification',
    crlfHeartbeats,
  ),
  fixture(
    'ollama-chat',
    'POST',
    'Fixture as is: an Ollama /api/chat reply, application/x-ndjson, the last line without a newline',
    ollamaChat,
    'application/x-ndjson',
  ),
];
