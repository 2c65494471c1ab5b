/**
 * No overlapping runs of one schedule: a tick that comes while the previous run of the same
 * schedule is still going is refused (the agent logs and records it as skipped).
 */
export class OverlapGuard {
  private readonly running = new Map<string, number>();

  constructor(private readonly now: () => number) {}

  /** Marks `name` as running, or says since when its previous run has been going. */
  begin(name: string): { readonly started: true } | { readonly started: false; readonly sinceMs: number; readonly forMs: number } {
    const since = this.running.get(name);
    if (since !== undefined) return { started: false, sinceMs: since, forMs: this.now() - since };
    this.running.set(name, this.now());
    return { started: true };
  }

  end(name: string): void {
    this.running.delete(name);
  }

  isRunning(name: string): boolean {
    return this.running.has(name);
  }
}
