import type { KvEntry, KvStore } from '../../../src/ports/kv-store';
import { keyNamesUnder } from '../../../src/domain/kv-key-names';
import type { TagSource } from '../../../src/ports/tag-source';
import type { ReleaseRecord } from '../../../src/domain/records';
import type { Logger } from '../../../src/logger';
import { parseImageRepository } from '../../../src/domain/image-repository';
import type { FlowRunRequest } from '../../../src/watch/schedule-runner';

/** A KvStore in memory with Consul's check-and-set semantics (cas 0: only when absent). */
export class MemoryKvStore implements KvStore {
  readonly description = 'memory store';
  private index = 0;
  readonly entries = new Map<string, KvEntry>();

  get(key: string): Promise<KvEntry | undefined> {
    return Promise.resolve(this.entries.get(key));
  }

  list(prefix: string): Promise<readonly KvEntry[]> {
    return Promise.resolve([...this.entries.values()].filter((e) => e.key.startsWith(prefix)).sort((a, b) => a.key.localeCompare(b.key)));
  }

  keys(prefix: string, separator: string): Promise<readonly string[]> {
    return Promise.resolve(keyNamesUnder(this.entries.keys(), prefix, separator));
  }

  put(key: string, value: string, options: { readonly cas?: number }): Promise<boolean> {
    const current = this.entries.get(key);
    if (options.cas !== undefined && (current?.modifyIndex ?? 0) !== options.cas) return Promise.resolve(false);
    this.index += 1;
    this.entries.set(key, { key, value, modifyIndex: this.index });
    return Promise.resolve(true);
  }

  delete(key: string, options: { readonly cas?: number }): Promise<boolean> {
    const current = this.entries.get(key);
    if (options.cas !== undefined && (current?.modifyIndex ?? 0) !== options.cas) return Promise.resolve(false);
    this.entries.delete(key);
    return Promise.resolve(true);
  }

  json(key: string): unknown {
    const entry = this.entries.get(key);
    return entry === undefined ? undefined : JSON.parse(entry.value);
  }
}

export interface RecordingLogger extends Logger {
  readonly lines: string[];
}

/** Every line as `level message`, children included. */
export function recordingLogger(lines: string[] = []): RecordingLogger {
  const log = (level: string) => (message: string): void => void lines.push(`${level} ${message}`);
  return { lines, debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error'), child: () => recordingLogger(lines) };
}

/** A repository whose tags the test sets. */
export function fakeTags(reference: string, tags: string[]): TagSource & { tags: string[] } {
  const parsed = parseImageRepository(reference);
  if (!parsed.ok) throw new Error(parsed.problem);
  const source = { repository: parsed.repository, tags, listTags: () => Promise.resolve([...source.tags]) };
  return source;
}

/** A release record as the deploy flow writes it. */
export function release(service: string, number: number, image: string, result: ReleaseRecord['result']): ReleaseRecord {
  return {
    number, service, startedAt: `2024-06-0${number}T10:00:00.000Z`, finishedAt: `2024-06-0${number}T10:01:00.000Z`, who: 'ci@build', scale: 1,
    images: { app: { image, digests: [] } }, configHash: 'abc', hosts: ['local'], result,
  };
}

/** A flow runner that records each request and lets the test decide how each run ends. */
export class FakeFlows {
  readonly requests: FlowRunRequest[] = [];
  private readonly pending: { resolve: () => void; reject: (error: unknown) => void; signal: AbortSignal }[] = [];
  /** When set, runs end at once: undefined = success, an error = that failure. */
  outcome: ((request: FlowRunRequest) => Error | undefined) | undefined;

  readonly run = (request: FlowRunRequest): Promise<void> => {
    this.requests.push(request);
    if (this.outcome !== undefined) {
      const error = this.outcome(request);
      return error === undefined ? Promise.resolve() : Promise.reject(error);
    }
    return new Promise<void>((resolve, reject) => {
      this.pending.push({ resolve, reject, signal: request.signal });
    });
  };

  get running(): number {
    return this.pending.length;
  }

  /** Ends the oldest pending run (successfully, or with `error`). */
  finish(error?: unknown): void {
    const run = this.pending.shift();
    if (run === undefined) throw new Error('no run is pending');
    if (error === undefined) run.resolve();
    else run.reject(error);
  }

  /** The signal of the oldest pending run. */
  signalOfOldest(): AbortSignal {
    const run = this.pending[0];
    if (run === undefined) throw new Error('no run is pending');
    return run.signal;
  }
}
