// Runs one mode of a benchmark in its own process (so its peak memory is its own) and reads
// the JSON result it prints. The benchmark file runs the mode when given `--child <mode>`.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** Runs `benchFile` (an `import.meta.url`) with `--child <mode>` and parses its stdout. */
export function runChild<T>(benchFile: string, mode: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', fileURLToPath(benchFile), '--child', mode],
      {
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    let out = '';
    child.stdout.on('data', (chunk) => {
      out += chunk;
    });
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) reject(new Error(`benchmark child ${mode} of ${benchFile} exited ${code}`));
      else resolve(JSON.parse(out) as T);
    });
  });
}
