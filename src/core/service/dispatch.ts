/**
 * The one path from a transport (Electron IPC, the host's WebSocket) into the service: validate
 * the method and its arguments, call, and turn anything thrown into an 'internal' Result so a bug
 * never crashes the host or leaves the caller waiting.
 */
import type { ApiMethodName } from '#shared/channels';
import { fail, type Result } from '#shared/result';
import { validateCall } from '#shared/validate';
import type { InspectorService } from './inspector-service';
import { errorMessage } from '#shared/error-message';

type AnyMethod = (...args: unknown[]) => Promise<Result<unknown>>;

/** Looks up `group.method` on the service. */
function methodOf(service: InspectorService, name: ApiMethodName): AnyMethod | undefined {
  const [group, method] = name.split('.') as [string, string];
  const area = (service as unknown as Record<string, Record<string, unknown> | undefined>)[group];
  const fn = area?.[method];
  return typeof fn === 'function' ? (fn as AnyMethod) : undefined;
}

/** Validates `params` for `method` and calls the service. Never rejects. */
export async function dispatchCall(
  service: InspectorService,
  method: unknown,
  params: unknown,
): Promise<Result<unknown>> {
  const call = validateCall(method, params);
  if (!call.ok) return call;
  const fn = methodOf(service, call.value.method);
  if (!fn) return fail('unsupported', `${call.value.method} is not available`);
  try {
    return await fn(...(call.value.args as unknown[]));
  } catch (err) {
    return fail('internal', `${call.value.method} failed: ${errorMessage(err)}`.split('\n')[0]!);
  }
}
