// CPU time per thread for the map benches (Linux only: NaN elsewhere).
import { readFileSync } from 'node:fs';

/** the main thread's own CPU time in ms (Linux: /proc/self/task/PID/stat, ticks of 10 ms): what a
 * second thread takes off it shows here even when a busy machine hides it from the wall clock */
export function mainThreadCpuMs(): number {
  try {
    const f = readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8');
    const rest = f.slice(f.lastIndexOf(')') + 2).split(' ');
    return (Number(rest[11]) + Number(rest[12])) * 10;
  } catch {
    return NaN;
  }
}
