/** HAProxy accepts server weights 0..256; 0 means "no traffic". */
export const maxServerWeight = 256;

export interface WeightedGroup {
  /** Share of requests for the group, 0..100. */
  readonly percent: number;
  readonly serverCount: number;
}

/**
 * The weight of each server of each group so that the groups' shares of traffic match their percent:
 * group share = serverCount × weight / Σ(serverCount × weight). Returns undefined when at most one
 * group takes traffic (no split: servers keep their own weight). Groups with 0 % or no server get 0.
 * Picks the smallest weights with the closest shares (10/90 with one server each gives 1 and 9);
 * beyond what 1..256 can express, the smallest group gets 1 and the largest 256.
 */
export function canaryWeights(groups: readonly WeightedGroup[]): readonly number[] | undefined {
  const takes = (group: WeightedGroup): boolean => group.percent > 0 && group.serverCount > 0;
  const active = groups.filter(takes);
  if (active.length <= 1) return undefined;
  const totalPercent = active.reduce((sum, group) => sum + group.percent, 0);
  const perServer = groups.map((group) => (takes(group) ? group.percent / group.serverCount : 0));
  const smallest = Math.min(...perServer.filter((value) => value > 0));
  const largest = Math.max(...perServer);
  let best: { readonly weights: readonly number[]; readonly error: number } | undefined;
  for (let unit = 1; unit <= maxServerWeight && (best === undefined || best.error > 0); unit += 1) {
    const weights = perServer.map((value) => Math.round((value * unit) / smallest));
    if (Math.max(...weights) > maxServerWeight) break;
    const total = groups.reduce((sum, group, index) => sum + group.serverCount * (weights[index] ?? 0), 0);
    const error = Math.max(...groups.map((group, index) => (takes(group) ? Math.abs((group.serverCount * (weights[index] ?? 0)) / total - group.percent / totalPercent) : 0)));
    if (best === undefined || error < best.error - 1e-12) best = { weights, error };
  }
  return best?.weights ?? perServer.map((value) => (value === 0 ? 0 : Math.max(1, Math.round((value * maxServerWeight) / largest))));
}
