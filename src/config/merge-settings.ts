import type { FlowOptions } from './flow-options';
import type { RawSetting } from './option-row';

/**
 * Merges raw settings key by key: for each FlowOptions field the setting of the last source that
 * has it wins (pass sources in precedence order: file, env, flags). Lists replace, never append.
 */
export function mergeSettings(sources: readonly (readonly RawSetting[])[]): ReadonlyMap<keyof FlowOptions, RawSetting> {
  const merged = new Map<keyof FlowOptions, RawSetting>();
  for (const source of sources) {
    for (const setting of source) merged.set(setting.field, setting);
  }
  return merged;
}
