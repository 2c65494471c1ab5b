import type { ResponseSample } from '../../../src/adapters/haproxy/response-log';
import type { ProxyRenderTarget, ProxyRuntime, ProxyRuntimeStatus, RunningProxy, RuntimeChange, RuntimeSwitch, SlotStats } from '../../../src/ports/proxy-runtime';
import { ProxyError, UnreachableError } from '../../../src/errors';

/**
 * A proxy for tier tests: it serves whatever text it was last given (by reload or at runtime),
 * can be made unreachable (its host does not answer) or refusing (like `haproxy -c` refusing), and
 * records every change it was given, in order.
 */
export class FakeProxyRuntime implements ProxyRuntime {
  readonly renderTarget: ProxyRenderTarget = { httpPort: 80, statusPort: 8080, statusBind: '0.0.0.0', socketPath: '/run/admin.sock', versionMap: '/etc/haproxy/version.map' };
  served: { readonly text: string; readonly version: string } | undefined;
  /** Versions it was given, in order (put-backs included). */
  readonly changes: string[] = [];
  unreachable = false;
  /** Refuses every change to another version than these. */
  refuseExcept: ReadonlySet<string> | undefined;

  constructor(readonly name: string) {}

  describe(): string {
    return `fake proxy ${this.name}`;
  }

  inspect(): Promise<RunningProxy | undefined> {
    return this.answer(() => (this.served === undefined ? undefined : { ...this.served, slots: new Map() }));
  }

  apply(text: string, version: string): Promise<{ readonly changed: boolean }> {
    return this.answer(() => {
      this.take(text, version);
      return { changed: true };
    });
  }

  async applyRuntime(change: RuntimeChange, _signal: AbortSignal, beforeSwitch?: () => Promise<void>): Promise<RuntimeSwitch> {
    this.reach();
    await beforeSwitch?.();
    this.take(change.text, change.version);
    return { confirmedMs: 1 };
  }

  serverStats(): Promise<readonly SlotStats[]> {
    return this.answer(() => []);
  }

  responseSamples(): Promise<readonly ResponseSample[]> {
    return this.answer(() => []);
  }

  async waitForOldWorkers(): Promise<void> {}

  status(): Promise<ProxyRuntimeStatus> {
    return this.answer(() => ({ running: this.served !== undefined, listen: `${this.name}:80`, httpPort: 80, statusPort: 8080, ...(this.served === undefined ? {} : { version: this.served.version }), configPath: '/etc/haproxy/haproxy.cfg', workers: [] }));
  }

  stop(): Promise<void> {
    return this.answer(() => {
      this.served = undefined;
    });
  }

  /** Answers like a remote proxy: later, or not at all when unreachable. */
  private async answer<T>(read: () => T): Promise<T> {
    await Promise.resolve();
    this.reach();
    return read();
  }

  private take(text: string, version: string): void {
    this.reach();
    if (this.refuseExcept !== undefined && !this.refuseExcept.has(version)) throw new ProxyError(`haproxy -c refused the configuration in ${this.describe()}`);
    this.served = { text, version };
    this.changes.push(version);
  }

  private reach(): void {
    if (this.unreachable) throw new UnreachableError(`the Docker engine of ${this.name} does not answer`);
  }
}
