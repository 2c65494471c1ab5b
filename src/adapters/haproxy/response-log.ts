/** One answered request as the `docker-flow` ring holds it (log-format "%b %s %Tr %pid %rt"). */
export interface ResponseSample {
  /** `<worker pid>:<request counter>`: the same request read twice (the ring is read whole each time) counts once. */
  readonly id: string;
  readonly slot: string;
  /** Time to the response headers (%Tr), ms. */
  readonly ms: number;
}

/** The ring's name in the rendered configuration. */
export const responseRing = 'docker-flow';

export function showEventsText(): string {
  return `show events ${responseRing}`;
}

/** The samples of `backend` in the output of `show events`; requests that got no response (%Tr -1) are left out (the counters count them as errors). */
export function parseResponseLog(output: string, backend: string): readonly ResponseSample[] {
  const samples: ResponseSample[] = [];
  for (const line of output.split('\n')) {
    const [name, slot, tr, pid, counter] = line.trim().split(/\s+/);
    if (name !== backend || slot === undefined || pid === undefined || counter === undefined) continue;
    const ms = Number(tr);
    if (!Number.isInteger(ms) || ms < 0) continue;
    samples.push({ id: `${pid}:${counter}`, slot, ms });
  }
  return samples;
}
