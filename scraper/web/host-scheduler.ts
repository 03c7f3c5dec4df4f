// Politeness per host: one request at a time, and a pause between them (Crawl-delay or ours).
import PQueue from 'p-queue';

export class HostScheduler {
  private readonly queues = new Map<string, PQueue>();

  /** @param defaultDelayMs the pause between two requests to one host when robots.txt names none */
  constructor(private readonly defaultDelayMs: number) {}

  /**
   * Runs `task` when the host of `url` is free and its pause has passed.
   * @param delayMs this host's pause (its Crawl-delay), when it has one
   */
  run<T>(url: string | URL, task: () => Promise<T>, delayMs?: number): Promise<T> {
    const host = new URL(url).host;
    let queue = this.queues.get(host);
    if (!queue) {
      queue = new PQueue({ concurrency: 1 });
      this.queues.set(host, queue);
    }
    const pause = delayMs ?? this.defaultDelayMs;
    const result = queue.add(task) as Promise<T>;
    // The pause holds the host's queue, not the caller: the next request waits for it.
    if (pause > 0) void queue.add(() => new Promise((resolve) => setTimeout(resolve, pause)));
    return result;
  }
}
