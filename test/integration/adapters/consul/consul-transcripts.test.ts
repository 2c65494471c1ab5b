import assert from 'node:assert/strict';
import { startConsulDouble } from '../../../support/consul-double/start-consul-double';
import { replayTranscript, type ReplayResult } from './replay/replay-transcript';
import { loadTranscript, transcriptFiles } from './replay/transcript';

const managementToken = 'c0ffee00-0000-4000-8000-00000000beef';

/**
 * The ground truth for the Consul API double: every transcript of a real Consul 1.10.12 agent
 * (test/fixtures/consul-transcripts, ACL files from an agent with default deny) replayed against
 * a fresh double, answer by answer. The files replay at once (each has its own double), so the
 * suite takes as long as its longest file (session TTL expiry, about 30 s).
 */
describe('the Consul API double answers like a real Consul 1.10.12 agent (transcript replay)', function () {
  this.timeout(120_000);
  const files = transcriptFiles();
  const results = new Map<string, Promise<ReplayResult>>();

  before(() => {
    for (const file of files) {
      const replay = replayFile(file);
      replay.catch(() => undefined);
      results.set(file, replay);
    }
  });

  for (const file of files) {
    it(file.replace(/\.json$/, ''), async () => {
      const result = await results.get(file);
      assert.ok(result !== undefined);
      assert.deepEqual(result.problems, [], `${file}: the double answered differently from the agent:\n  ${result.problems.join('\n  ')}`);
    });
  }
});

/** acl-* files run against a double with ACLs on (default deny) that knows the tokens acl-setup makes. */
async function replayFile(file: string): Promise<ReplayResult> {
  const acl = file.startsWith('acl-');
  const double = await startConsulDouble(acl ? { aclManagementToken: managementToken } : {});
  try {
    const target = { address: double.address, managementToken };
    if (!acl || file === 'acl-setup.json') return await replayTranscript(loadTranscript(file), target);
    const setup = loadTranscript('acl-setup.json');
    const made = await replayTranscript({ ...setup, steps: setup.steps.filter((step) => step.setup) }, target);
    if (made.problems.length > 0) throw new Error(`acl-setup did not replay: ${made.problems.join('; ')}`);
    return await replayTranscript(loadTranscript(file), { ...target, tokens: made.tokens });
  } finally {
    await double.stop();
  }
}
