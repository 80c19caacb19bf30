// The progress line for slow steps: drawn in place on a terminal with the elapsed time, cleared at
// the end; nothing at all when the stream is not a terminal or the caller asks for quiet.

import { describe, expect, it } from 'vitest';
import { withProgress, type ProgressStream } from '../../src/cli/progress.js';

function recorder(isTTY: boolean): ProgressStream & { text: string } {
  return {
    isTTY,
    text: '',
    write(chunk: string) {
      this.text += chunk;
      return true;
    },
  };
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('withProgress', () => {
  it('on a terminal redraws one line with the elapsed time, then clears it, and returns the result', async () => {
    const stream = recorder(true);
    const result = await withProgress('正在用 LibreOffice 生成 bulletin.pdf', async () => (await pause(350), 42), { stream });
    expect(result).toBe(42);
    const frames = stream.text.split('\r\x1b[2K').filter(Boolean);
    expect(frames.length).toBeGreaterThanOrEqual(3);
    for (const frame of frames) expect(frame).toMatch(/^. 正在用 LibreOffice 生成 bulletin\.pdf… \d+\.\d s$/);
    expect(Number(/(\d+\.\d) s$/.exec(frames.at(-1)!)![1])).toBeGreaterThanOrEqual(0.2);
    expect(stream.text.endsWith('\r\x1b[2K')).toBe(true);
  });

  it('writes nothing when the stream is not a terminal, or with quiet (--reporter json)', async () => {
    for (const [stream, quiet] of [[recorder(false), false], [recorder(true), true]] as const) {
      await withProgress('生成', async () => pause(150), { stream, quiet });
      expect(stream.text).toBe('');
    }
  });

  it('clears its line when the step fails, and passes the failure on', async () => {
    const stream = recorder(true);
    await expect(withProgress('生成', async () => Promise.reject(new Error('LibreOffice 失败')), { stream })).rejects.toThrow('LibreOffice 失败');
    expect(stream.text.endsWith('\r\x1b[2K')).toBe(true);
  });
});
