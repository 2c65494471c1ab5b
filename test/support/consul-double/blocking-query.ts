import type { DoubleRequest, DoubleResponse } from './double-http';
import { text } from './double-http';
import type { DoubleState } from './double-state';
import { parseGoDurationMs } from '../../../src/domain/duration-parser';

const defaultWaitMs = 5 * 60_000;
const maxWaitMs = 10 * 60_000;

/** One evaluation of a read: its X-Consul-Index, the answer it would give now, and what it watches. */
export interface ReadResult {
  readonly index: number;
  readonly response: DoubleResponse;
  /** What the query watches in the state store: it is looked at again only when this changed (default: the answer's body). */
  readonly watch?: string;
  /** A read that found nothing: while it still finds nothing it keeps blocking, even when its index moved. */
  readonly notFound?: boolean;
}

/**
 * Answers a read the way Consul's blocking queries do: without `?index` (or index 0) at once;
 * with `?index=N`, at once when the read's index is already past N. Else it waits until what the
 * read watches changes and the index moved past N (a missing key: until it exists), or until
 * `?wait` (default 5m, at most 10m, plus up to wait/16 of jitter) elapses, and then answers with
 * the last evaluation: on a timeout that can carry an index older than the state's.
 */
export async function blockingRead(state: DoubleState, request: DoubleRequest, read: () => ReadResult): Promise<DoubleResponse> {
  const indexText = request.query.get('index');
  const minIndex = indexText === null ? 0 : Number(indexText);
  if (!/^\d*$/.test(indexText ?? '') || !Number.isSafeInteger(minIndex)) return text(400, 'Invalid index');
  const waitText = request.query.get('wait');
  const parsedWaitMs = waitText === null ? defaultWaitMs : parseGoDurationMs(waitText);
  if (parsedWaitMs === undefined) return text(400, 'Invalid wait time');
  let latest = read();
  if (minIndex === 0 || latest.index > minIndex) return answer(latest);
  const waitMs = Math.min(parsedWaitMs <= 0 ? defaultWaitMs : parsedWaitMs, maxWaitMs);
  const jitterMs = Math.random() * (waitMs / 16);
  return new Promise<DoubleResponse>((resolve) => {
    const finish = (): void => {
      clearTimeout(timer);
      unsubscribe();
      request.signal.removeEventListener('abort', finish);
      resolve(answer(latest));
    };
    const timer = setTimeout(finish, waitMs + jitterMs);
    const unsubscribe = state.onChange(() => {
      const next = read();
      if (watched(next) === watched(latest)) return;
      const stillMissing = next.notFound === true && latest.notFound === true;
      latest = next;
      if (next.index > minIndex && !stillMissing) finish();
    });
    request.signal.addEventListener('abort', finish, { once: true });
  });
}

function watched(result: ReadResult): string {
  return result.watch ?? (typeof result.response.body === 'string' ? result.response.body : result.response.body.toString('base64'));
}

function answer(result: ReadResult): DoubleResponse {
  return { ...result.response, index: Math.max(1, result.index) };
}
