import type { ServerResponse } from 'node:http';
import { SECURITY_HEADERS } from './http.js';

/**
 * The live status as server-sent events. One reader for every open page: the status is read once
 * per tick and sent only when it changed; a stream that has sent nothing for a while gets a ping,
 * which keeps it open through proxies and sleeping laptops.
 */
export class StatusStream {
  private readonly streams = new Set<ServerResponse>();
  private last = '';
  private reading = false;
  private readonly timer: NodeJS.Timeout;
  private readonly ping: NodeJS.Timeout;

  constructor(private readonly read: () => Promise<unknown>, pollMs: number) {
    this.timer = setInterval(() => void this.tick(), pollMs);
    this.ping = setInterval(() => this.streams.forEach((s) => s.write(': ping\n\n')), 15_000);
  }

  open(res: ServerResponse): void {
    res.writeHead(200, { ...SECURITY_HEADERS, 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-store', Connection: 'keep-alive' });
    this.streams.add(res);
    res.on('close', () => this.streams.delete(res));
    if (this.last) res.write(`event: status\ndata: ${this.last}\n\n`);
    else void this.tick();
  }

  /** Stops reading; with `endStreams`, ends every open stream too. */
  close(endStreams: boolean): void {
    clearInterval(this.timer);
    clearInterval(this.ping);
    if (endStreams) for (const s of this.streams) s.end();
  }

  private async tick(): Promise<void> {
    if (this.reading || this.streams.size === 0) return;
    this.reading = true;
    try {
      const now = JSON.stringify(await this.read());
      if (now !== this.last) {
        this.last = now;
        for (const s of this.streams) s.write(`event: status\ndata: ${now}\n\n`);
      }
    } catch (err) {
      process.stderr.write(`dropsweep serve: reading the status: ${(err as Error).message}\n`);
    } finally {
      this.reading = false;
    }
  }
}
