import type { DoubleResponse } from './double-http';
import { json, text } from './double-http';

/**
 * Failures a test injects, modelled on what a real agent answers while its cluster has no leader
 * (500 "No cluster leader", "rpc error making call: ..."; `status/leader` answers "") or while
 * it restarts (connections closed).
 */
export class FaultPlan {
  private readonly next: { status: number; message: string }[] = [];
  private failingUntilMs = 0;
  private failingMessage = 'No cluster leader';
  private droppingUntilMs = 0;

  failNext(status: number, count: number, message: string | undefined): void {
    const body = message ?? (status >= 500 ? 'rpc error making call: failure injected by the test (failNext)' : 'failure injected by the test (failNext)');
    for (let i = 0; i < count; i += 1) this.next.push({ status, message: body });
  }

  failFor(durationMs: number, message = 'No cluster leader'): void {
    this.failingUntilMs = Date.now() + durationMs;
    this.failingMessage = message;
  }

  dropFor(durationMs: number): void {
    this.droppingUntilMs = Date.now() + durationMs;
  }

  dropping(): boolean {
    return Date.now() < this.droppingUntilMs;
  }

  /** The injected answer for this request, if any. */
  take(rawPath: string): DoubleResponse | undefined {
    const queued = this.next.shift();
    if (queued !== undefined) return text(queued.status, queued.message);
    if (Date.now() >= this.failingUntilMs) return undefined;
    return rawPath === '/v1/status/leader' ? json('') : text(500, this.failingMessage);
  }
}
