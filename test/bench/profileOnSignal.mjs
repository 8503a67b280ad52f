/**
 * Loaded into a bench gateway with NODE_OPTIONS=--import=… (plain JavaScript: it runs before tsx is loaded):
 * SIGUSR2 starts V8's CPU profiler (then writes `<BENCH_PROFILE_OUT>/<pid>-<n>.started`), the next SIGUSR2 stops it
 * and writes `<BENCH_PROFILE_OUT>/<pid>-<n>.cpuprofile`.
 * Unlike --cpu-prof, the profile covers exactly the window the bench chose (no start-up, no warm-up), so its time
 * can be divided by that window's requests (test/bench/profileWindow.ts).
 */
import { renameSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import { join } from 'node:path';

const out = process.env.BENCH_PROFILE_OUT;
if (!out) throw new Error('profileOnSignal.mjs needs BENCH_PROFILE_OUT (a directory)');
const session = new Session();
session.connect();
session.post('Profiler.enable');
session.post('Profiler.setSamplingInterval', { interval: 250 });
let running = false;
let written = 0;
let started = 0;
process.on('SIGUSR2', () => {
  if (!running) {
    running = true;
    // Starting logs every code object (milliseconds): the bench reads the CPU once this marker says it is done.
    session.post('Profiler.start', () => writeFileSync(join(out, `${process.pid}-${started++}.started`), ''));
    return;
  }
  running = false;
  session.post('Profiler.stop', (error, result) => {
    // The gateway goes on serving; the bench reports the missing profile.
    if (error) return void console.error(`profileOnSignal: ${error.message}`);
    // Written under another name, then renamed: the bench waits for the finished file's name.
    const file = join(out, `${process.pid}-${written++}.cpuprofile`);
    writeFileSync(`${file}.part`, JSON.stringify(result.profile));
    renameSync(`${file}.part`, file);
  });
});
writeFileSync(join(out, `${process.pid}.ready`), '');
