/** What answered a blocking read, as the transcripts' `wake` field says it. */
export type WakeBucket =
  | { readonly kind: 'immediate' }
  | { readonly kind: 'on-write'; readonly step: number }
  | { readonly kind: 'on-change'; readonly seconds: number }
  | { readonly kind: 'on-timeout' };

/** `immediate (<0.5s)`, `on-write (~1s, by step 3)`, `on-change (~30s, ...)`, `on-timeout (~3s, wait 3s)`. */
export function parseWake(text: string): WakeBucket {
  if (text.startsWith('immediate')) return { kind: 'immediate' };
  if (text.startsWith('on-timeout')) return { kind: 'on-timeout' };
  const write = /^on-write \(~\d+s, by step (\d+)\)/.exec(text);
  if (write !== null) return { kind: 'on-write', step: Number(write[1]) };
  const change = /^on-change \(~(\d+)s/.exec(text);
  if (change !== null) return { kind: 'on-change', seconds: Number(change[1]) };
  throw new Error(`unknown wake "${text}"`);
}

export interface Timed {
  readonly step: number;
  readonly sentMs: number;
  readonly answeredMs: number;
}

/** How close to an event an answer must come to count as caused by it. */
const slackMs = 400;

/**
 * Classifies the double's answer to a blocking read: at once; at the end of its `?wait` (Consul
 * adds up to wait/16); right after a write of the scenario that was sent while it waited; else
 * woken by a change nobody's request made (a session TTL), after about that many seconds.
 */
export function classifyWake(read: Timed, waitMs: number, writes: readonly Timed[]): WakeBucket {
  const elapsedMs = read.answeredMs - read.sentMs;
  if (elapsedMs < 500) return { kind: 'immediate' };
  if (elapsedMs >= waitMs - slackMs && elapsedMs <= waitMs + waitMs / 16 + slackMs) return { kind: 'on-timeout' };
  const waker = writes.filter((w) => w.sentMs >= read.sentMs && w.sentMs <= read.answeredMs && Math.abs(w.answeredMs - read.answeredMs) <= slackMs).at(-1);
  if (waker !== undefined) return { kind: 'on-write', step: waker.step };
  return { kind: 'on-change', seconds: Math.round(elapsedMs / 1000) };
}

export function sameWake(expected: WakeBucket, actual: WakeBucket): boolean {
  if (expected.kind !== actual.kind) return false;
  if (expected.kind === 'on-write' && actual.kind === 'on-write') return expected.step === actual.step;
  if (expected.kind === 'on-change' && actual.kind === 'on-change') return Math.abs(expected.seconds - actual.seconds) <= 2;
  return true;
}

export function showWake(bucket: WakeBucket): string {
  switch (bucket.kind) {
    case 'immediate':
    case 'on-timeout':
      return bucket.kind;
    case 'on-write':
      return `on-write by step ${bucket.step}`;
    case 'on-change':
      return `on-change after ~${bucket.seconds}s`;
  }
}
