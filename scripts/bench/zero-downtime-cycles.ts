/** One CLI run of the zero-downtime benchmark, while the load flows. */
export interface BenchCycle {
  readonly label: string;
  readonly kind: 'release' | 'scale';
  /** VERSION for the compose file (the image tag); a scale keeps the live one. */
  readonly version: 'v1' | 'v2';
  readonly args: readonly string[];
}

const releaseArgs = ['--flow=deploy', '--flow=proxy', '--flow=stop-old'] as const;

/**
 * `releases` blue-green releases alternating v2 and v1 (the first deploy put v1 live), with a scale
 * up by 2 after 40% of them and back down by 2 after 70%, so the releases in between run 3
 * instances per colour. 10 releases: R1-R4, +2, R5-R7, -2, R8-R10.
 */
export function planCycles(releases: number): readonly BenchCycle[] {
  const upAfter = Math.ceil(releases * 0.4);
  const downAfter = Math.ceil(releases * 0.7);
  const cycles: BenchCycle[] = [];
  let live: 'v1' | 'v2' = 'v1';
  for (let r = 1; r <= releases; r += 1) {
    const next: 'v1' | 'v2' = live === 'v1' ? 'v2' : 'v1';
    cycles.push({ label: `release ${r}: ${live} → ${next}`, kind: 'release', version: next, args: releaseArgs });
    live = next;
    if (r === upAfter) cycles.push({ label: 'scale +2', kind: 'scale', version: live, args: ['--scale=+2', '--flow=scale', '--flow=proxy'] });
    if (r === downAfter) cycles.push({ label: 'scale -2', kind: 'scale', version: live, args: ['--scale=-2', '--flow=scale', '--flow=proxy'] });
  }
  return cycles;
}

/** The same cycle for a project no proxy routes: a release is deploy + stop-old, a scale is the scale flow alone. */
export function unroutedArgs(cycle: BenchCycle): readonly string[] {
  return cycle.args.filter((arg) => arg !== '--flow=proxy');
}
