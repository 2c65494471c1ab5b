/**
 * What a configuration is apart from its server slots: the text split into sections (`global`,
 * `frontend http`, `backend demo-app`, ...) with the slot lines of the generated backends reduced to
 * their slot name. Two configurations with the same structure differ only in what the runtime API
 * can change (slot addresses, weights, states), so no reload is needed between them.
 */
export function configSections(text: string, slotBackends: ReadonlySet<string>): ReadonlyMap<string, string> {
  const sections = new Map<string, string[]>();
  let header = '(top of the file)';
  for (const line of text.split('\n')) {
    if (/^\S/.test(line) && !line.startsWith('#')) {
      header = line.trim();
      if (!sections.has(header)) sections.set(header, []);
      continue;
    }
    const backend = /^backend (\S+)$/.exec(header)?.[1];
    const slot = backend !== undefined && slotBackends.has(backend) ? /^\s+server (s\d+) /.exec(line)?.[1] : undefined;
    const body = sections.get(header) ?? [];
    body.push(slot === undefined ? line : `server ${slot}`);
    sections.set(header, body);
  }
  return new Map([...sections].map(([name, body]) => [name, body.join('\n')]));
}

/**
 * Why `next` cannot be reached from `current` at runtime, or undefined when only slots differ:
 * `new backend shop-b`, `backend shop-a removed`, `frontend http changed`, ... (at most three named).
 */
export function structureChange(current: string, next: string, slotBackends: ReadonlySet<string>, customBackends: ReadonlySet<string>): string | undefined {
  const before = configSections(current, slotBackends);
  const after = configSections(next, slotBackends);
  const reasons: string[] = [];
  for (const [name, body] of after) {
    const custom = customBackends.has(/^backend (\S+)$/.exec(name)?.[1] ?? '') ? ' (a custom backend template: its servers change only with a reload)' : '';
    if (!before.has(name)) reasons.push(`new ${name}`);
    else if (before.get(name) !== body) reasons.push(`${name} changed${custom}`);
  }
  for (const name of before.keys()) if (!after.has(name)) reasons.push(`${name} removed`);
  if (reasons.length === 0) return undefined;
  return reasons.length <= 3 ? reasons.join('; ') : `${reasons.slice(0, 3).join('; ')} and ${reasons.length - 3} more`;
}
