// Peak memory of a benchmark's whole process tree (Chromium's processes included).
import { execFileSync } from 'node:child_process';

/** Peak resident memory of this process and its descendants, sampled every 100 ms. */
export function sampleTreeMemory(): () => number {
  let peak = 0;
  const sample = () => {
    const rows = execFileSync('ps', ['-e', '-o', 'pid=,ppid=,rss='], { encoding: 'utf8' })
      .trim()
      .split('\n')
      .map((line) => line.trim().split(/\s+/).map(Number));
    const tree = new Set([process.pid]);
    let grew = true;
    while (grew) {
      grew = false;
      for (const [pid, ppid] of rows) {
        if (pid !== undefined && ppid !== undefined && tree.has(ppid) && !tree.has(pid)) {
          tree.add(pid);
          grew = true;
        }
      }
    }
    const rss = rows.reduce(
      (sum, [pid, , kb]) => (pid !== undefined && tree.has(pid) ? sum + (kb ?? 0) : sum),
      0,
    );
    peak = Math.max(peak, rss / 1024);
  };
  const timer = setInterval(sample, 100);
  return () => {
    clearInterval(timer);
    sample();
    return peak;
  };
}
