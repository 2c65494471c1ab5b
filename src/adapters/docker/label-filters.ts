/** `{a: 'x', b: true}` → the engine's label filter values `["a=x", "b"]`, sorted. */
export function labelFilters(labels: Readonly<Record<string, string | true>>): string[] {
  return Object.entries(labels)
    .map(([key, value]) => (value === true ? key : `${key}=${value}`))
    .sort();
}
