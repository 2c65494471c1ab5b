import assert from 'node:assert/strict';

import { isIpAddress, planSlots, slotCommands } from '../../../src/domain/plan-slots';
import { freshSlots, sameSlots, slotCapacity, type ProxySlot, type SlotServer } from '../../../src/domain/proxy-slots';

const server = (name: string, port: number, weight = 1, address = '10.0.0.1'): SlotServer => ({ name, address, port, weight });
const table = (slots: ProxySlot[]): string[] => slots.map((s) => (s.admin === 'maint' ? `${s.name} -` : `${s.name} ${s.address}:${s.port} w${s.weight} ${s.admin}`));
const blue = [server('app-blue_1', 32001), server('app-blue_2', 32002)];
const green = [server('app-green_1', 32101), server('app-green_2', 32102)];

describe('domain planSlots / slotCommands', () => {
  it('a new backend gets its servers in s1.. by name and room for as many again (at least 8 slots)', () => {
    assert.deepEqual([1, 4, 5, 9, 17].map((n) => slotCapacity(n)), [8, 8, 10, 18, 34]);
    assert.deepEqual(table([...freshSlots([blue[1] ?? server('x', 1), blue[0] ?? server('y', 2)], 4)]), ['s1 10.0.0.1:32001 w1 ready', 's2 10.0.0.1:32002 w1 ready', 's3 -', 's4 -']);
  });

  it('a blue-green switch fills free slots, makes them ready, then takes the old servers out (maint), in that order', () => {
    const current = freshSlots(blue, 8);
    const plan = planSlots('demo-app', current, green);
    assert.equal(plan.kind, 'runtime');
    assert.deepEqual(table([...plan.slots]).slice(0, 5), ['s1 -', 's2 -', 's3 10.0.0.1:32101 w1 ready', 's4 10.0.0.1:32102 w1 ready', 's5 -']);
    assert.deepEqual(slotCommands('demo-app', current, plan.slots), [
      { kind: 'addr', backend: 'demo-app', slot: 's3', address: '10.0.0.1', port: 32101 },
      { kind: 'state', backend: 'demo-app', slot: 's3', state: 'ready' },
      { kind: 'addr', backend: 'demo-app', slot: 's4', address: '10.0.0.1', port: 32102 },
      { kind: 'state', backend: 'demo-app', slot: 's4', state: 'ready' },
      { kind: 'state', backend: 'demo-app', slot: 's1', state: 'maint' },
      { kind: 'state', backend: 'demo-app', slot: 's2', state: 'maint' },
    ]);
  });

  it('scaling keeps the servers that stay where they are; a server taken out only goes to maint', () => {
    const current = freshSlots(blue, 8);
    const up = planSlots('demo-app', current, [...blue, server('app-blue_3', 32003)]);
    assert.deepEqual(slotCommands('demo-app', current, up.slots), [
      { kind: 'addr', backend: 'demo-app', slot: 's3', address: '10.0.0.1', port: 32003 },
      { kind: 'state', backend: 'demo-app', slot: 's3', state: 'ready' },
    ]);
    const down = planSlots('demo-app', current, [server('app-blue_2', 32002)]);
    assert.deepEqual(slotCommands('demo-app', current, down.slots), [{ kind: 'state', backend: 'demo-app', slot: 's1', state: 'maint' }]);
  });

  it('a canary step changes weights only', () => {
    const current = freshSlots([...blue, server('app-green_1', 32101)], 8);
    const plan = planSlots('demo-app', current, [server('app-blue_1', 32001, 9), server('app-blue_2', 32002, 9), server('app-green_1', 32101, 2)]);
    assert.deepEqual(slotCommands('demo-app', current, plan.slots), [
      { kind: 'weight', backend: 'demo-app', slot: 's1', weight: 9 },
      { kind: 'weight', backend: 'demo-app', slot: 's2', weight: 9 },
      { kind: 'weight', backend: 'demo-app', slot: 's3', weight: 2 },
    ]);
  });

  it('an instance started again at its old address and port gets its old slot back (no address change)', () => {
    const current = planSlots('demo-app', freshSlots(blue, 8), green).slots;
    const back = planSlots('demo-app', current, blue);
    assert.deepEqual(table([...back.slots]).slice(0, 4), ['s1 10.0.0.1:32001 w1 ready', 's2 10.0.0.1:32002 w1 ready', 's3 -', 's4 -']);
    assert.deepEqual(slotCommands('demo-app', current, back.slots).map((c) => `${c.kind} ${c.slot}`), ['state s1', 'state s2', 'state s3', 'state s4']);
  });

  it('out of slots: the table doubles until the change fits, with one reload and the reason', () => {
    const current = freshSlots(blue, 2);
    const plan = planSlots('demo-app', current, green);
    assert.equal(plan.kind, 'reload');
    assert.equal(plan.kind === 'reload' ? plan.why : '', 'demo-app needs 4 slots at once and has 2: growing to 4');
    assert.deepEqual(table([...plan.slots]), ['s1 -', 's2 -', 's3 10.0.0.1:32101 w1 ready', 's4 10.0.0.1:32102 w1 ready']);
  });

  it('a new server with a host name address reloads (the runtime API sets IP addresses only)', () => {
    const plan = planSlots('demo-app', freshSlots(blue, 8), [server('app-green_1', 80, 1, 'node-1.example')]);
    assert.equal(plan.kind === 'reload' ? plan.why : plan.kind, 'server app-green_1 of demo-app has the host name address node-1.example (the runtime API sets IP addresses only)');
    assert.deepEqual(['10.0.0.1', '::1', 'fe80::1', 'node-1', '10.0.0'].map(isIpAddress), [true, true, true, false, false]);
  });

  it('the commands backwards put the previous table back; free slots compare equal whatever address they last held', () => {
    const current = freshSlots(blue, 8);
    const next = planSlots('demo-app', current, green).slots;
    const undo = slotCommands('demo-app', next, current);
    assert.deepEqual(undo.map((c) => `${c.kind} ${c.slot}${c.kind === 'state' ? ` ${c.state}` : ''}`), ['state s1 ready', 'state s2 ready', 'state s3 maint', 'state s4 maint']);
    assert.equal(sameSlots(next, [...next.slice(0, 7), { name: 's8', address: '10.9.9.9', port: 1, weight: 3, admin: 'maint' }]), true);
    assert.equal(sameSlots(next, current), false);
  });
});
