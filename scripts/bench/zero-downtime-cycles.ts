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

/** The CLI's timeline line when a new instance passed its health gate (`✓ wait until X is healthy`). */
const healthyLine = /✓ wait until .+ is healthy/;

/**
 * Watches one release's CLI output. The cutover moment is the last "healthy" line before the next
 * kind of line (every new instance healthy; the proxy switch comes next). Calls `onHealthy` once
 * with that line's arrival time.
 */
export class HealthyLineWatcher {
  private lastHealthyAt: number | undefined;
  private reported = false;

  constructor(private readonly onHealthy: (atMs: number) => void) {}

  line(text: string, atMs: number): void {
    if (this.reported) return;
    if (healthyLine.test(text)) this.lastHealthyAt = atMs;
    else if (this.lastHealthyAt !== undefined) this.report(this.lastHealthyAt);
  }

  /** The CLI ended: report a healthy line that nothing followed. */
  end(): void {
    if (!this.reported && this.lastHealthyAt !== undefined) this.report(this.lastHealthyAt);
  }

  get seen(): boolean {
    return this.reported;
  }

  private report(atMs: number): void {
    this.reported = true;
    this.onHealthy(atMs);
  }
}
