import { runScript } from './run-script';

export type StartedService = 'hosts' | 'registry';

const started = new Set<StartedService>();

/** Records that this test process started a shared service, so the root hooks stop it at the end. */
export function markStarted(service: StartedService): void {
  started.add(service);
}

/**
 * Stops what this process started (simulated hosts, registry) and nothing else: services that
 * were already up before the run (started by hand or by another run) stay up.
 */
export async function stopStartedServices(): Promise<void> {
  const failures: string[] = [];
  for (const service of [...started].sort()) {
    const script = service === 'hosts' ? 'hosts.sh' : 'registry.sh';
    const result = await runScript(script, ['down'], { timeoutMs: 120_000 });
    if (result.code !== 0) failures.push(`scripts/${script} down exited with ${result.code}: ${result.output.trim()}`);
    started.delete(service);
  }
  if (failures.length > 0) throw new Error(failures.join('\n'));
}
