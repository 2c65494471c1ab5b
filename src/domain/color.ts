export const colors = ['blue', 'green'] as const;
export type Color = (typeof colors)[number];

/** The first deploy is blue; every later one is the other colour of the live one. */
export function nextColor(live: Color | undefined): Color {
  return live === 'blue' ? 'green' : 'blue';
}

export function otherColor(color: Color): Color {
  return color === 'blue' ? 'green' : 'blue';
}

export function isColor(value: unknown): value is Color {
  return value === 'blue' || value === 'green';
}
