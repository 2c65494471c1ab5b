import { request as httpRequest } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { TokenBindings } from './token-bindings';
import type { Transcript, TranscriptStep } from './transcript';
import { classifyWake, parseWake, sameWake, showWake, type Timed } from './wake-bucket';

/** What the double answered to one step. */
interface Answer {
  readonly status: number;
  readonly contentType: string | undefined;
  readonly index: string | undefined;
  readonly text: string;
  readonly json: unknown;
  readonly timing: Timed;
}

export interface ReplayTarget {
  /** `http://127.0.0.1:<port>` */
  readonly address: string;
  /** The management token (`master` in acl-* files). */
  readonly managementToken?: string;
  /** Tokens made by an earlier replay of acl-setup: `kv-session` → its secret. */
  readonly tokens?: ReadonlyMap<string, string>;
}

export interface ReplayResult {
  readonly problems: readonly string[];
  /** Tokens the transcript created (acl-setup), by the policy's short name. */
  readonly tokens: ReadonlyMap<string, string>;
}

/**
 * Sends the steps of a transcript in order, the way it was recorded (pauses, steps left pending
 * while later ones are sent), and compares each answer of the double with the real agent's:
 * status, Content-Type, X-Consul-Index presence, body (tokens bound consistently), the index
 * relations of the whole file and, for blocking reads, what woke them.
 */
export async function replayTranscript(transcript: Transcript, target: ReplayTarget): Promise<ReplayResult> {
  const bindings = new TokenBindings();
  const answers = new Map<number, Answer>();
  const tokens = new Map(target.tokens ?? []);
  const problems: string[] = [];
  const pending = new Map<number, Promise<void>>();
  const leftPending = (step: TranscriptStep): boolean => transcript.steps.some((later) => later.step > step.step && later.sentWhilePending.includes(step.step));

  const runStep = async (step: TranscriptStep): Promise<void> => {
    const answer = await send(step, target, tokens, bindings, answers);
    answers.set(step.step, answer);
    const label = `step ${step.step} (${step.note})`;
    problems.push(...compare(step, answer, bindings).map((problem) => `${label}: ${problem}`));
    rememberToken(answer.json, tokens);
  };
  for (const step of transcript.steps) {
    if (step.pauseBeforeMs > 0) await sleep(step.pauseBeforeMs);
    for (const [number, running] of pending) {
      if (step.sentWhilePending.includes(number)) continue;
      await running;
      pending.delete(number);
    }
    const running = runStep(step);
    if (leftPending(step)) pending.set(step.step, running);
    else await running;
  }
  await Promise.all(pending.values());
  for (const step of transcript.steps) {
    if (step.wake === undefined) continue;
    const answer = answers.get(step.step);
    if (answer === undefined) continue;
    const expected = parseWake(step.wake);
    // What can wake a read: the writes of the scenario (other reads answer at the same moment but wake nothing).
    const others = transcript.steps.filter((s) => s.step !== step.step && s.request.method !== 'GET').flatMap((s) => answers.get(s.step)?.timing ?? []);
    const actual = classifyWake(answer.timing, waitMsOf(step.request.path), others);
    if (!sameWake(expected, actual)) problems.push(`step ${step.step} (${step.note}): woken ${showWake(actual)} after ${Math.round(answer.timing.answeredMs - answer.timing.sentMs)} ms; the agent: ${step.wake}`);
  }
  problems.push(...bindings.relationProblems());
  return { problems, tokens };
}

async function send(step: TranscriptStep, target: ReplayTarget, tokens: ReadonlyMap<string, string>, bindings: TokenBindings, answers: ReadonlyMap<number, Answer>): Promise<Answer> {
  let path = step.request.path;
  for (const source of step.request.indexFrom) path = path.replaceAll(source.token, String(indexValue(answers.get(source.step), source.field)));
  path = bindings.substitute(path);
  const { text, body, bytes } = step.request;
  const payload = bytes !== undefined ? Buffer.alloc(bytes.length, bytes.fill) : text !== undefined ? Buffer.from(bindings.substitute(text)) : body !== undefined ? Buffer.from(bindings.substitute(JSON.stringify(body))) : undefined;
  const headers: Record<string, string> = {};
  if (payload !== undefined) headers['Content-Type'] = body !== undefined ? 'application/json' : 'text/plain';
  const token = tokenFor(step.token, target, tokens);
  if (token !== undefined) headers['X-Consul-Token'] = token;
  const sentMs = performance.now();
  const raw = await exchange(target.address, step.request.method, path, headers, payload);
  const answeredMs = performance.now();
  let json: unknown;
  try {
    json = raw.text === '' ? undefined : JSON.parse(raw.text);
  } catch {
    json = undefined;
  }
  return { ...raw, json: normalise(path, json), timing: { step: step.step, sentMs, answeredMs } };
}

function compare(step: TranscriptStep, answer: Answer, bindings: TokenBindings): readonly string[] {
  const expected = step.response;
  const problems: string[] = [];
  if (answer.status !== expected.status) problems.push(`status ${answer.status}, the agent: ${expected.status} (body ${JSON.stringify(answer.text.slice(0, 200))})`);
  if (answer.contentType !== expected.headers['Content-Type']) problems.push(`Content-Type ${answer.contentType ?? '(none)'}, the agent: ${expected.headers['Content-Type'] ?? '(none)'}`);
  const wantedIndex = expected.headers['X-Consul-Index'];
  if ((answer.index === undefined) !== (wantedIndex === undefined)) problems.push(`X-Consul-Index ${answer.index === undefined ? 'missing' : 'sent'}, the agent ${wantedIndex === undefined ? 'sends none' : 'sends one'}`);
  if (wantedIndex !== undefined && answer.index !== undefined) problems.push(...bindings.match(wantedIndex, answer.index, 'X-Consul-Index'));
  if (expected.hasBody) {
    if (answer.json === undefined) problems.push(`body ${JSON.stringify(answer.text.slice(0, 200))} is not JSON`);
    else problems.push(...bindings.match(expected.body, answer.json, 'body'));
  } else {
    problems.push(...bindings.match(expected.text, answer.text, 'text'));
  }
  return problems;
}

function exchange(address: string, method: string, path: string, headers: Record<string, string>, payload: Buffer | undefined): Promise<Omit<Answer, 'json' | 'timing'>> {
  return new Promise((resolve, reject) => {
    const url = new URL(address);
    const req = httpRequest({ host: url.hostname, port: url.port, method, path, headers: { ...headers, ...(payload === undefined ? {} : { 'Content-Length': String(payload.length) }) }, timeout: 120_000 }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        const index = res.headers['x-consul-index'];
        resolve({ status: res.statusCode ?? 0, contentType: res.headers['content-type'], index: typeof index === 'string' ? index : undefined, text: Buffer.concat(chunks).toString('utf8') });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.on('timeout', () => req.destroy(new Error(`${method} ${path} got no answer`)));
    req.end(payload);
  });
}

/** The orders Consul does not keep stable, sorted as the transcripts are. */
function normalise(path: string, json: unknown): unknown {
  const route = path.split('?')[0] ?? '';
  if (route === '/v1/catalog/services' && typeof json === 'object' && json !== null && !Array.isArray(json)) {
    return Object.fromEntries(Object.entries(json).map(([name, tags]) => [name, Array.isArray(tags) ? tags.slice().sort() : tags]));
  }
  if ((route === '/v1/session/list' || route.startsWith('/v1/session/node/')) && Array.isArray(json)) {
    return json.slice().sort((a: unknown, b: unknown) => Number(field(a, 'CreateIndex')) - Number(field(b, 'CreateIndex')));
  }
  return json;
}

function indexValue(answer: Answer | undefined, source: string): number {
  if (source === 'X-Consul-Index') return Number(answer?.index);
  const first: unknown = Array.isArray(answer?.json) ? answer.json[0] : undefined;
  return Number(field(first, source.replace(/^\[0\]\./, '')));
}

function tokenFor(token: string | undefined, target: ReplayTarget, tokens: ReadonlyMap<string, string>): string | undefined {
  if (token === undefined || token === 'none') return undefined;
  if (token === 'master') return target.managementToken;
  if (token === 'bad:uuid') return '3f1e0c52-9d0b-4a7c-8e21-5b6a9c0d1e2f';
  if (token === 'bad:text') return 'not-a-token';
  const secret = tokens.get(token.replace(/^token:/, ''));
  if (secret === undefined) throw new Error(`no token ${token} was made (replay acl-setup first)`);
  return secret;
}

/** A token made through PUT /v1/acl/token, named like the transcripts: policy docker-flow-kv-session → token:kv-session. */
function rememberToken(json: unknown, tokens: Map<string, string>): void {
  const secret = field(json, 'SecretID');
  const policies = field(json, 'Policies');
  const policy: unknown = Array.isArray(policies) ? field(policies[0], 'Name') : undefined;
  if (typeof secret === 'string' && typeof policy === 'string') tokens.set(policy === 'docker-flow' ? policy : policy.replace(/^docker-flow-/, ''), secret);
}

function waitMsOf(path: string): number {
  const wait = new URL(path, 'http://x').searchParams.get('wait');
  const match = wait === null ? null : /^(\d+)(ms|s)$/.exec(wait);
  return match === null ? 300_000 : Number(match[1]) * (match[2] === 's' ? 1000 : 1);
}

function field(raw: unknown, name: string): unknown {
  return typeof raw === 'object' && raw !== null ? Reflect.get(raw, name) : undefined;
}
