import { redactUrl } from '../../domain/notification';
import { InterruptedError, UnreachableError } from '../../errors';
import type { PostWebhook } from '../../ports/post-webhook';

/**
 * POSTs `body` as JSON with node's fetch. A non-2xx answer, a network error or the timeout is an
 * UnreachableError that names only the scheme and host of the URL (the rest may be a secret).
 */
export const postWebhook: PostWebhook = async (url, body, timeoutMs, signal) => {
  const where = redactUrl(url);
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'user-agent': 'docker-flow' },
      body: JSON.stringify(body),
      signal: AbortSignal.any([signal, AbortSignal.timeout(timeoutMs)]),
    });
  } catch (error) {
    if (signal.aborted) throw new InterruptedError(`webhook ${where}: delivery stopped`, { cause: error });
    const timedOut = error instanceof Error && error.name === 'TimeoutError';
    throw new UnreachableError(`webhook ${where} ${timedOut ? `did not answer within ${timeoutMs} ms` : `could not be reached: ${reasonOf(error)}`}`, {
      hint: 'check that the webhook receiver is up and reachable from this machine',
    });
  }
  // The body is not needed; read it so the connection can be reused or closed.
  await response.arrayBuffer().catch(() => undefined);
  if (!response.ok) {
    throw new UnreachableError(`webhook ${where} answered HTTP ${response.status}${response.statusText === '' ? '' : ` ${response.statusText}`}`, {
      hint: 'check the webhook URL and what the receiver expects',
    });
  }
};

/** fetch wraps the network error in `cause` (ECONNREFUSED, ENOTFOUND...); its message can hold the URL, so only the code is kept. */
function reasonOf(error: unknown): string {
  const cause = error instanceof Error ? error.cause : undefined;
  if (typeof cause === 'object' && cause !== null && 'code' in cause && typeof cause.code === 'string') return cause.code;
  return error instanceof Error ? error.name : 'unknown error';
}
