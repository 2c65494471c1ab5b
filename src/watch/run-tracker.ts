import { setMaxListeners } from 'node:events';
import type { WatchTimers } from './watch-timers';

/**
 * The runs the agent has going, each with its own AbortController (not the agent's stop signal:
 * SIGTERM stops the scheduling, and a running flow gets a grace period to finish before it is
 * aborted, which makes it roll back cleanly).
 */
export class RunTracker {
  private readonly runs = new Set<{ readonly done: Promise<unknown>; readonly controller: AbortController }>();

  /** Runs `job` with a signal that aborts only when `drain` gives up waiting. */
  track<T>(job: (signal: AbortSignal) => Promise<T>): Promise<T> {
    const controller = new AbortController();
    // a flow waits on many engine calls at once, each listening to the signal (as the CLI's own signal allows)
    setMaxListeners(1000, controller.signal);
    const done = job(controller.signal);
    const entry = { done, controller };
    this.runs.add(entry);
    const forget = (): void => void this.runs.delete(entry);
    done.then(forget, forget);
    return done;
  }

  get active(): number {
    return this.runs.size;
  }

  /** Waits for every run; those still going after `graceMs` are aborted, then waited for. Returns how many were aborted. */
  async drain(graceMs: number, timers: WatchTimers): Promise<number> {
    const all = (): Promise<unknown> => Promise.allSettled([...this.runs].map((r) => r.done));
    const finished = new AbortController();
    const settled = all().then(() => finished.abort());
    await timers.sleep(graceMs, finished.signal);
    const late = [...this.runs];
    for (const run of late) run.controller.abort(new Error(`the agent is stopping and the run did not finish within ${graceMs} ms`));
    await settled;
    await all();
    return late.length;
  }
}
