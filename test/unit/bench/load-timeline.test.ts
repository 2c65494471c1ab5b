import assert from 'node:assert/strict';
import { LoadTimeline } from '../../../scripts/bench/load-timeline';

/** A timeline on a hand-moved clock. */
function timelineAt(): { timeline: LoadTimeline; at(ms: number): void } {
  let now = 0;
  return { timeline: new LoadTimeline(() => now), at: (ms) => void (now = ms) };
}

describe('bench/LoadTimeline', () => {
  it('reports, for each cutover, when the expected class first came through and how long that took', () => {
    const { timeline, at } = timelineAt();
    at(1000);
    timeline.start();
    for (const t of [1010, 1020]) timeline.observe('version: v1', t);
    at(1100);
    timeline.mark('cutover 1 started', { expect: 'version: v2' });
    timeline.observe('version: v1', 1150);
    timeline.observe('version: v2', 1180);
    timeline.observe('version: v1', 1190);
    timeline.observe('version: v2', 1200);
    at(2000);
    timeline.mark('cutover 2 started', { expect: 'version: v1' });
    timeline.observe('version: v1', 2300);
    assert.deepEqual(timeline.entries(), [
      { label: 'cutover 1 started', atMs: 100, expect: 'version: v2', firstExpectedMs: 180, switchMs: 80, lastOtherMs: 190 },
      { label: 'cutover 2 started', atMs: 1000, expect: 'version: v1', firstExpectedMs: 1300, switchMs: 300 },
    ]);
  });

  it('a cutover whose new class never came has no firstExpectedMs', () => {
    const { timeline, at } = timelineAt();
    timeline.start();
    at(50);
    timeline.mark('cutover', { expect: 'version: v2' });
    timeline.observe('version: v1', 60);
    assert.deepEqual(timeline.entries(), [{ label: 'cutover', atMs: 50, expect: 'version: v2', lastOtherMs: 60 }]);
  });

  it('answers that arrived before the mark do not count for it', () => {
    const { timeline } = timelineAt();
    timeline.start(0);
    timeline.mark('healthy', { expect: 'version: v2', atMs: 500 });
    timeline.observe('version: v2', 499);
    assert.equal(timeline.entries()[0]?.firstExpectedMs, undefined);
    timeline.observe('version: v2', 500);
    assert.equal(timeline.entries()[0]?.switchMs, 0);
  });

  it('plain events (no expect) are listed with their time and do not end the previous cutover window', () => {
    const { timeline } = timelineAt();
    timeline.start(0);
    timeline.mark('cutover', { expect: 'B', atMs: 10 });
    timeline.mark('cli exited', { atMs: 20 });
    timeline.observe('A', 30);
    timeline.observe('B', 40);
    assert.deepEqual(timeline.entries(), [
      { label: 'cutover', atMs: 10, expect: 'B', firstExpectedMs: 40, switchMs: 30, lastOtherMs: 30 },
      { label: 'cli exited', atMs: 20 },
    ]);
  });
});
