import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../../../support/repo-root';

/** Where the answers of a real Consul 1.10.12 agent are kept (format: README.md there). */
export const transcriptDir = join(repoRoot(), 'test', 'fixtures', 'consul-transcripts');

export interface IndexSource {
  readonly token: string;
  readonly step: number;
  /** `X-Consul-Index` or `[0].ModifyIndex` */
  readonly field: string;
}

export interface TranscriptRequest {
  readonly method: string;
  readonly path: string;
  readonly text?: string;
  readonly body?: unknown;
  readonly bytes?: { readonly length: number; readonly fill: string };
  readonly indexFrom: readonly IndexSource[];
}

export interface TranscriptResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  /** Parsed JSON body (hasBody) or the raw text. */
  readonly hasBody: boolean;
  readonly body: unknown;
  readonly text: string;
}

export interface TranscriptStep {
  readonly step: number;
  readonly note: string;
  readonly setup: boolean;
  /** `none`, `master`, `bad:uuid`, `bad:text`, `token:<name>`; undefined outside acl-* files. */
  readonly token?: string;
  readonly pauseBeforeMs: number;
  readonly sentWhilePending: readonly number[];
  readonly request: TranscriptRequest;
  readonly response: TranscriptResponse;
  readonly wake?: string;
}

export interface Transcript {
  readonly file: string;
  readonly scenario: string;
  readonly steps: readonly TranscriptStep[];
}

/** Every transcript file, by name. */
export function transcriptFiles(): readonly string[] {
  return readdirSync(transcriptDir)
    .filter((name) => name.endsWith('.json'))
    .sort();
}

export function loadTranscript(file: string): Transcript {
  const raw: unknown = JSON.parse(readFileSync(join(transcriptDir, file), 'utf8'));
  const steps = list(get(raw, 'steps')).map((step) => toStep(step, file));
  return { file, scenario: str(get(raw, 'scenario')), steps };
}

function toStep(raw: unknown, file: string): TranscriptStep {
  const request = get(raw, 'request');
  const response = get(raw, 'response');
  const token = get(raw, 'token');
  const wake = get(raw, 'wake');
  const bytes = get(request, 'bytes');
  const text = get(request, 'text');
  const headers = get(response, 'headers');
  const step = Number(get(raw, 'step'));
  if (!Number.isInteger(step)) throw new Error(`${file}: a step without a number`);
  return {
    step,
    note: str(get(raw, 'note')),
    setup: get(raw, 'setup') === true,
    ...(typeof token === 'string' ? { token } : {}),
    pauseBeforeMs: durationMs(get(raw, 'pauseBefore')),
    sentWhilePending: pendingSteps(get(raw, 'sentWhilePending')),
    request: {
      method: str(get(request, 'method')),
      path: str(get(request, 'path')),
      ...(typeof text === 'string' ? { text } : {}),
      ...(has(request, 'body') ? { body: get(request, 'body') } : {}),
      ...(bytes === undefined ? {} : { bytes: { length: Number(get(bytes, 'length')), fill: str(get(bytes, 'fill')) } }),
      indexFrom: list(get(request, 'indexFrom')).map((source) => ({ token: str(get(source, 'token')), step: Number(get(source, 'step')), field: str(get(source, 'field')) })),
    },
    response: {
      status: Number(get(response, 'status')),
      headers: Object.fromEntries(Object.entries(typeof headers === 'object' && headers !== null ? headers : {}).map(([name, value]) => [name, String(value)])),
      hasBody: has(response, 'body'),
      body: get(response, 'body'),
      text: str(get(response, 'text')),
    },
    ...(typeof wake === 'string' ? { wake } : {}),
  };
}

/** `"1s"`, `"3.5s"`, `"500ms"`. */
function durationMs(value: unknown): number {
  if (typeof value !== 'string') return 0;
  const match = /^(\d+(?:\.\d+)?)(ms|s)$/.exec(value);
  if (match === null) throw new Error(`pauseBefore "${value}" is not a duration`);
  return Number(match[1]) * (match[2] === 's' ? 1000 : 1);
}

/** `"step 10, step 11"` */
function pendingSteps(value: unknown): readonly number[] {
  if (typeof value !== 'string') return [];
  return [...value.matchAll(/step (\d+)/g)].map((match) => Number(match[1]));
}

function get(raw: unknown, name: string): unknown {
  return typeof raw === 'object' && raw !== null ? Reflect.get(raw, name) : undefined;
}

function has(raw: unknown, name: string): boolean {
  return typeof raw === 'object' && raw !== null && name in raw;
}

function list(value: unknown): readonly unknown[] {
  return Array.isArray(value) ? value : [];
}

function str(value: unknown): string {
  return typeof value === 'string' ? value : '';
}
