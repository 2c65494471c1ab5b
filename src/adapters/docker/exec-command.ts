import type Dockerode from 'dockerode';
import { setTimeout as delay } from 'node:timers/promises';
import { toReadable, streamUntilEnd } from './stream-until-end';
import { DemuxOutput } from './demux-output';
import type { EngineCaller } from './engine-caller';
import { isRecord, numberAt } from '../../domain/json-fields';

/**
 * Runs `cmd` in a running container and returns its exit code and output (stdout and stderr
 * interleaved as the engine sent them). The whole exec counts against the API timeout:
 * it is meant for short commands such as `haproxy -c`.
 */
export async function execCommand(
  caller: EngineCaller,
  id: string,
  cmd: readonly string[],
  signal: AbortSignal,
): Promise<{ readonly exitCode: number; readonly output: string }> {
  return caller.call(
    `exec ${cmd.join(' ')}`,
    signal,
    async (docker, callSignal) => {
      const exec = await docker.getContainer(id).exec({ Cmd: [...cmd], AttachStdout: true, AttachStderr: true, abortSignal: callSignal });
      const stream = toReadable(await exec.start({ hijack: true, stdin: false, abortSignal: callSignal }));
      let output = '';
      const demux = new DemuxOutput((text) => {
        output += text;
      });
      stream.on('data', (chunk: Buffer) => demux.push(chunk));
      await streamUntilEnd(stream, callSignal);
      demux.end();
      return { exitCode: await execExitCode(exec, callSignal), output };
    },
    { target: id },
  );
}

/** The exit code of a finished exec: its output can close a moment before the engine records the code. */
export async function execExitCode(exec: Dockerode.Exec, signal: AbortSignal): Promise<number> {
  let inspect: unknown = await exec.inspect({ abortSignal: signal });
  for (let attempt = 0; isRecord(inspect) && inspect['Running'] === true && attempt < 40; attempt++) {
    await delay(25, undefined, { signal });
    inspect = await exec.inspect({ abortSignal: signal });
  }
  return numberAt(inspect, 'ExitCode') ?? -1;
}
