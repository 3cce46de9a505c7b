/**
 * Reads the start of a response body for display, bounded in bytes and in time: a failed
 * response may stream forever or stall, and the user should still see why it failed.
 */
export async function readBodyPrefix(response: Response, maxBytes: number, maxWaitMs: number): Promise<string> {
  if (!response.body) return '';
  const reader: ReadableStreamDefaultReader<Uint8Array> = response.body.getReader();
  const parts: Uint8Array[] = [];
  let size = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), maxWaitMs);
  });
  try {
    while (size < maxBytes) {
      const result = await Promise.race([reader.read(), timeout]);
      if (result === 'timeout' || result.done) break;
      parts.push(result.value);
      size += result.value.byteLength;
    }
  } catch {
    // Aborted or reset mid-body: show what arrived.
  } finally {
    clearTimeout(timer);
    reader.cancel().catch(() => {});
  }
  const bytes = Buffer.concat(parts).subarray(0, maxBytes);
  // A multi-byte character cut at the limit decodes to U+FFFD, like any invalid byte.
  return new TextDecoder('utf-8', { fatal: false }).decode(bytes);
}
