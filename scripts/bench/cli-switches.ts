import { isRecord, type JsonRecord } from '../../src/domain/json-fields';

/** The proxy changes one docker-flow run made, read from its JSON log (--log-format=json). */
export interface CliSwitches {
  /** Wall time of each `route …` step (the timeline's step-done events), ms. */
  readonly routeStepsMs: readonly number[];
  /** How each proxy change went: at runtime (commands sent → read-back and status endpoint confirmed, ms), or by reload and why. */
  readonly changes: readonly ({ readonly path: 'runtime'; readonly confirmedMs: number } | { readonly path: 'reload'; readonly why: string })[];
  /** Each route step's parts and when each finished, ms from the step's start (the gateway's debug line; needs --log-level=debug). */
  readonly timelines: readonly Readonly<Record<string, number>>[];
  /** Each runtime change's parts on the local proxy (candidate file, check, intent, switched, served, written), the same way. */
  readonly runtimeTimelines: readonly Readonly<Record<string, number>>[];
}

const record = (line: string): JsonRecord | undefined => {
  if (!line.startsWith('{')) return undefined;
  try {
    const value: unknown = JSON.parse(line);
    return isRecord(value) ? value : undefined;
  } catch {
    return undefined;
  }
};

export function readCliSwitches(output: string): CliSwitches {
  const routeStepsMs: number[] = [];
  const changes: CliSwitches['changes'][number][] = [];
  const timelines: Record<string, number>[] = [];
  const runtimeTimelines: Record<string, number>[] = [];
  const numbers = (value: JsonRecord): Record<string, number> => Object.fromEntries(Object.entries(value).filter((e): e is [string, number] => typeof e[1] === 'number'));
  for (const line of output.split('\n')) {
    const r = record(line);
    if (r === undefined) continue;
    if (r['type'] === 'step-done' && typeof r['step'] === 'string' && r['step'].startsWith('route ') && typeof r['durationMs'] === 'number') routeStepsMs.push(r['durationMs']);
    if (r['path'] === 'runtime' && typeof r['confirmedMs'] === 'number') changes.push({ path: 'runtime', confirmedMs: r['confirmedMs'] });
    if (r['path'] === 'reload' && typeof r['why'] === 'string') changes.push({ path: 'reload', why: r['why'] });
    const timeline = r['timeline'];
    if (isRecord(timeline)) timelines.push(numbers(timeline));
    const runtimeTimeline = r['runtimeTimeline'];
    if (isRecord(runtimeTimeline)) runtimeTimelines.push(numbers(runtimeTimeline));
  }
  return { routeStepsMs, changes, timelines, runtimeTimelines };
}
