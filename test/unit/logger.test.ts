import { afterEach, describe, expect, it } from 'vitest';
import { appendLogKeys, logger, withLogKeys } from '../../functions/lib/logger';

/** The JSON lines written to stdout/stderr while `fn` runs, at LOG_LEVEL `level`. */
async function written(level: string, fn: () => Promise<void>): Promise<Record<string, unknown>[]> {
  const lines: Record<string, unknown>[] = [];
  const { stdout, stderr } = process;
  const writes = { out: stdout.write, err: stderr.write };
  const read = ((chunk: string | Uint8Array) => {
    for (const line of String(chunk).split('\n')) if (line.startsWith('{')) lines.push(JSON.parse(line));
    return true;
  }) as typeof stdout.write;
  stdout.write = read;
  stderr.write = read;
  process.env.LOG_LEVEL = level;
  try {
    await fn();
  } finally {
    stdout.write = writes.out;
    stderr.write = writes.err;
  }
  return lines;
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

afterEach(() => {
  process.env.LOG_LEVEL = 'silent';
});

describe('functions/lib/logger.ts', () => {
  it('writes one JSON line per entry with level, message, timestamp, service and the fields', async () => {
    const lines = await written('info', async () => logger.warn('SES refused a send', { sendId: 's-1' }));
    expect(lines).toEqual([
      { level: 'WARN', message: 'SES refused a send', timestamp: expect.any(String), service: 'carnet', sampling_rate: 0, sendId: 's-1' },
    ]);
  });

  it('keeps each request its own keys while requests interleave (the local server runs them at once)', async () => {
    // Powertools' own appendKeys() would stamp every line with the last request's id here.
    const request = async (id: string, org: string, delay: number) =>
      withLogKeys({ request_id: id }, async () => {
        logger.info('start');
        await pause(delay);
        appendLogKeys({ organization_id: org });
        await pause(delay);
        logger.info('end');
      });
    const lines = await written('info', async () => {
      await Promise.all([request('r-1', 'o-1', 15), request('r-2', 'o-2', 5), request('r-3', 'o-3', 10)]);
    });
    expect(lines).toHaveLength(6);
    for (const line of lines) {
      const n = String(line.request_id).slice(2);
      if (line.message === 'end') expect(line.organization_id).toBe(`o-${n}`);
      else expect(line.organization_id).toBeUndefined();
    }
    expect(lines.map((l) => l.request_id).sort()).toEqual(['r-1', 'r-1', 'r-2', 'r-2', 'r-3', 'r-3']);
  });

  it.each([
    ['silent', []],
    ['error', ['error']],
    ['warn', ['warn', 'error']],
    ['info', ['info', 'warn', 'error']],
    ['debug', ['debug', 'info', 'warn', 'error']],
  ])('LOG_LEVEL=%s lets %j through, read at each entry', async (level, expected) => {
    const lines = await written(level, async () => {
      logger.debug('debug');
      logger.info('info');
      logger.warn('warn');
      logger.error('error');
    });
    expect(lines.map((l) => l.message)).toEqual(expected);
  });
});
