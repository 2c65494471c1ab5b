import assert from 'node:assert/strict';

import { parseInspectOutput, parseRuntimeApplyOutput } from '../../../../src/adapters/haproxy/container-admin';
import { commandText, parseServersState, refusalOf, splitAnswers } from '../../../../src/adapters/haproxy/runtime-api';
import { changeLines, problemIn } from '../../../../src/adapters/haproxy/runtime-switch';
import { drained, parseServerStats } from '../../../../src/adapters/haproxy/server-stats';
import { batches } from '../../../../src/adapters/haproxy/unix-socket-command';
import type { ProxySlot } from '../../../../src/domain/proxy-slots';

const header = '# be_id be_name srv_id srv_name srv_addr srv_op_state srv_admin_state srv_uweight srv_iweight srv_time_since_last_change srv_check_status srv_check_result srv_check_health srv_check_state srv_agent_state bk_f_forced_id srv_f_forced_id srv_fqdn srv_port srvrecord srv_use_ssl srv_check_port srv_check_addr srv_agent_addr srv_agent_port';
/** `show servers state demo-app` as HAProxy 2.6.12 answered it: s1 forced to maint, s2 ready (4: disabled in the file, made ready), s3 never used (5), s4 drain (8). */
const state = (backend: string, rows: readonly string[]): string => `1\n${header}\n${rows.map((r) => `3 ${backend} ${r}`).join('\n')}\n\n`;
const demo = state('demo-app', [
  '1 s1 10.0.0.1 0 1 1 1 0 6 3 0 14 0 0 0 - 32001 - 0 0 - - 0',
  '2 s2 10.0.0.1 2 4 3 1 0 1 0 2 6 0 0 0 - 32101 - 0 0 - - 0',
  '3 s3 0.0.0.0 0 5 1 1 4 1 0 0 14 0 0 0 - 0 - 0 0 - - 0',
  '4 s4 10.0.0.2 2 8 1 1 4 1 0 0 14 0 0 0 node-2.example 8080 - 0 0 - - 0',
]);
const slot = (name: string, address: string, port: number, weight: number, admin: ProxySlot['admin']): ProxySlot => ({ name, address, port, weight, admin });

describe('adapters/haproxy runtime API text (commands, answers, read-back)', () => {
  it('reads slot tables from show servers state: admin bits, user weight, host names; backends with other servers left out', () => {
    const custom = state('custom', ['1 web_1 10.0.0.9 2 0 1 1 0 6 3 4 6 0 0 0 - 80 - 0 0 - - 0']);
    const tables = parseServersState(`${demo}${custom}`);
    assert.deepEqual([...tables.keys()], ['demo-app']);
    assert.deepEqual(tables.get('demo-app'), [
      slot('s1', '10.0.0.1', 32001, 1, 'maint'),
      slot('s2', '10.0.0.1', 32101, 3, 'ready'),
      slot('s3', '0.0.0.0', 0, 1, 'maint'),
      slot('s4', 'node-2.example', 8080, 1, 'drain'),
    ]);
  });

  it('splits the answers of ;-separated commands (each ends with an empty line) and tells done from refused', () => {
    const output = "IP changed from '0.0.0.0' to '10.0.0.1', port changed from '+0' to '32101' by 'stats socket command'\n\n\nAbsolute weight can only be between 0 and 256 inclusive.\n\n\nNo such server.\n\n";
    const answers = splitAnswers(output, 5) ?? [];
    assert.equal(answers.length, 5);
    const lines = ['set server demo-app/s2 addr 10.0.0.1 port 32101', 'set server demo-app/s2 state ready', 'set weight demo-app/s2 300', 'set map /x/version.map version abc', 'set server demo-app/s9 state ready'];
    assert.deepEqual(lines.map((line, i) => refusalOf(line, answers[i] ?? '')), [undefined, undefined, 'Absolute weight can only be between 0 and 256 inclusive.', undefined, 'No such server.']);
    assert.equal(splitAnswers('\n', 2), undefined, 'an answer that ends early is noticed');
    assert.equal(commandText({ kind: 'weight', backend: 'demo-app', slot: 's2', weight: 9 }), 'set weight demo-app/s2 9');
  });

  it('a change is confirmed only when every command was done and the read-back matches; otherwise it names the command or the slot', () => {
    const expected = new Map([['demo-app', [slot('s1', '10.0.0.1', 32001, 1, 'maint'), slot('s2', '10.0.0.1', 32101, 3, 'ready'), slot('s3', '1.1.1.1', 0, 1, 'maint'), slot('s4', 'node-2.example', 8080, 1, 'drain')]]]);
    const lines = changeLines(['set server demo-app/s1 state maint'], ['demo-app'], '/x/version.map', 'abc');
    assert.deepEqual(lines, ['set server demo-app/s1 state maint', 'set map /x/version.map version abc', 'show servers state demo-app']);
    assert.equal(problemIn(lines, `\n\n${demo}`, expected), undefined);
    assert.equal(problemIn(lines, `No such server.\n\n\n${demo}`, expected), 'HAProxy refused "set server demo-app/s1 state maint": "No such server."');
    const other = new Map([['demo-app', [slot('s1', '10.0.0.1', 32001, 1, 'ready')]]]);
    assert.equal(problemIn(lines, `\n\n${demo}`, other), 'the read-back of backend demo-app disagrees with the change: expected s1 10.0.0.1:32001 weight 1 ready, HAProxy has s1 free');
  });

  it('reads per-server counters from show stat and tells when servers taken out have finished their requests', () => {
    const csv = [
      '# pxname,svname,qcur,qmax,scur,smax,slim,stot,bin,bout,dreq,dresp,ereq,econ,eresp,status,weight,req_tot,hrsp_2xx,hrsp_5xx,rtime,ttime,rtime_max,ttime_max,addr,uweight,',
      'demo-app,s1,0,0,2,3,,40,0,0,,0,,1,2,MAINT,1,40,37,3,6,7,9,12,10.0.0.1:32001,1,',
      'demo-app,s2,0,0,0,1,,9,0,0,,0,,0,0,UP,3,9,9,0,2,3,4,5,10.0.0.1:32101,3,',
      'demo-app,BACKEND,0,0,2,3,,49,0,0,,0,,1,2,UP,3,49,46,3,4,5,9,12,,3,',
      '',
    ].join('\n');
    const stats = parseServerStats(csv, 'demo-app');
    assert.deepEqual(stats.map((s) => [s.slot, s.address, s.status, s.weight, s.sessions, s.requests, s.responses['5xx'], s.connectionErrors, s.responseErrors, s.averageMs.response, s.maxMs.total]), [
      ['s1', '10.0.0.1:32001', 'MAINT', 1, 2, 40, 3, 1, 2, 6, 12],
      ['s2', '10.0.0.1:32101', 'UP', 3, 0, 9, 0, 0, 0, 2, 5],
    ]);
    assert.equal(drained(stats), false, 's1 is out but still has 2 requests');
    assert.equal(drained(stats.map((s) => ({ ...s, sessions: 0 }))), true);
  });

  it('long batches go in several connections of at most 8,000 characters', () => {
    const lines = Array.from({ length: 300 }, (_, i) => `set server demo-app/s${i + 1} state maint`);
    const groups = batches(lines);
    assert.ok(groups.length > 1 && groups.every((g) => g.length <= 8000));
    assert.deepEqual(groups.flatMap((g) => g.split('; ')), lines);
  });

  it('container exec outputs: the file and the slots; the answer, whether the files were written, and a failed check', () => {
    const inspect = parseInspectOutput(`global\n    master-worker\n\n@@docker-flow:servers@@\n${demo}`);
    assert.equal(inspect.text, 'global\n    master-worker\n');
    assert.equal(inspect.slots.get('demo-app')?.length, 4);
    assert.match(parseInspectOutput('\n@@docker-flow:servers@@\nnc: can\'t connect to remote host (127.0.0.1): Connection refused\n@@docker-flow:admin-failed@@\n').adminError ?? '', /Connection refused/);
    assert.deepEqual(parseRuntimeApplyOutput(`\n\n${demo}@@docker-flow:written@@\n`), { answer: `\n\n${demo}`, written: true });
    const failed = parseRuntimeApplyOutput(`\n\n${demo}@@docker-flow:check-failed@@\n[ALERT] config : parsing [x:3] : unknown keyword 'bogus'\n`);
    assert.equal(failed.written, false);
    assert.match(failed.checkOutput ?? '', /unknown keyword 'bogus'/);
  });
});
