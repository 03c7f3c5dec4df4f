// Child processes of the fault and signal tests: each run marked in its environment, so that
// whatever it started (Chromium included) can be found, and nothing is left behind.
import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { resolve } from 'node:path';

export const REPO_ROOT = resolve(import.meta.dirname, '../..');

/** The PIDs of the processes whose environment holds `marker`. */
export function processesMarked(marker: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/environ`, 'latin1').includes(marker))
        pids.push(Number(entry));
    } catch {
      // Gone already, or not ours to read.
    }
  }
  return pids;
}

/** Waits until no process holds `marker` (within `ms`) and returns those still there. */
export async function processesLeft(marker: string, ms = 10_000): Promise<number[]> {
  const deadline = Date.now() + ms;
  while (processesMarked(marker).length > 0 && Date.now() < deadline)
    await new Promise((done) => setTimeout(done, 100));
  return processesMarked(marker);
}

export interface Command {
  child: ChildProcess;
  /** Everything written to stderr so far. */
  stderr: () => string;
  stdout: () => string;
  /** Resolves with the exit code (or the signal's name). */
  exited: Promise<number | string>;
  marker: string;
  /** SIGKILL to everything the run started: a power cut. */
  killAll(): void;
}

/** Runs `command args` from the repository root with `env` added, marked. */
export function startCommand(
  command: string,
  args: string[],
  env: Record<string, string>,
): Command {
  const marker = `PORTFOLIO_TRACE_RUN=${randomUUID()}`;
  const [name, value] = marker.split('=') as [string, string];
  const child = spawn(command, args, {
    cwd: REPO_ROOT,
    env: { ...process.env, ...env, [name]: value },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  let stdout = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  child.stdout?.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  const exited = new Promise<number | string>((done) =>
    child.once('exit', (code, signal) => done(code ?? signal ?? -1)),
  );
  return {
    child,
    stderr: () => stderr,
    stdout: () => stdout,
    exited,
    marker,
    killAll: () => {
      for (const pid of processesMarked(marker)) {
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          // Gone already.
        }
      }
    },
  };
}

/** Runs a repository script with tsx, as the npm scripts do (without npm in between). */
export function startScript(script: string, args: string[], env: Record<string, string>) {
  return startCommand(process.execPath, ['--import', 'tsx', script, ...args], env);
}

/** Resolves when `condition` holds, polling; rejects after `ms` with `what`. */
export async function waitFor(
  condition: () => boolean | Promise<boolean>,
  what: string,
  ms = 120_000,
): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((done) => setTimeout(done, 20));
  }
}

/** A TCP port free right now on 127.0.0.1. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as { port: number };
  await new Promise<void>((done) => server.close(() => done()));
  return port;
}
