import { setImmediate as turn } from 'node:timers/promises';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createMetrics } from '../../src/observability/metrics.ts';
import { createSpanExportReport, WARN_EVERY_MS } from '../../src/observability/tracing/exportReport.ts';
import { createRecordingLogger } from '../helpers/recordingLogger.ts';

/** The report with a real logger and metrics; only the clock is the test's (a minute passes in no time). */
function setUp() {
  const { logger, lines } = createRecordingLogger('info');
  const metrics = createMetrics({ defaultMetrics: false });
  const report = createSpanExportReport(logger, metrics);
  const logged = async () => {
    // Log lines leave a loop turn after they are written (src/observability/lineBatches.ts).
    await turn();
    await turn();
    return lines.map((line) => JSON.parse(line) as Record<string, unknown>).map(({ level, msg, failedSpans, failedByReason, droppedSpans, collectorFailing }) => ({ level, msg, failedSpans, failedByReason, droppedSpans, collectorFailing }));
  };
  const counted = async () => Object.fromEntries((await metrics.traceSpans.get()).values.map((value) => [value.labels.outcome, value.value]));
  return { report, logged, counted };
}

const NOT_DELIVERED = 'spans not delivered to the OTLP collector; tracing goes on, the gateway is unaffected';
const AGAIN = 'spans reach the OTLP collector again';

describe('the span export report', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('warns of the first loss at once, folds the rest of the minute into one warning when the minute is up, and tells one recovery', async () => {
    const { report, logged, counted } = setUp();
    report.failed(4, 'http 401');
    for (let batch = 0; batch < 50; batch++) report.failed(2, batch % 2 === 0 ? 'http 401' : 'timeout');
    expect(await logged()).toEqual([{ level: 40, msg: NOT_DELIVERED, failedSpans: 4, failedByReason: { 'http 401': 4 }, droppedSpans: 0, collectorFailing: true }]);

    vi.advanceTimersByTime(WARN_EVERY_MS);
    expect((await logged())[1]).toEqual({ level: 40, msg: NOT_DELIVERED, failedSpans: 100, failedByReason: { 'http 401': 50, timeout: 50 }, droppedSpans: 0, collectorFailing: true });

    report.delivered(3);
    report.delivered(3);
    expect((await logged()).slice(2)).toEqual([{ level: 30, msg: AGAIN, failedSpans: undefined, failedByReason: undefined, droppedSpans: undefined, collectorFailing: undefined }]);
    expect(await counted()).toEqual({ failed: 104, delivered: 6 });
  });

  it('a collector that flaps within the minute: no line per batch, every loss told within the minute', async () => {
    const { report, logged } = setUp();
    report.failed(1, 'ECONNREFUSED');
    report.delivered(1);
    for (let flap = 0; flap < 20; flap++) {
      report.failed(1, 'ECONNREFUSED');
      report.delivered(1);
    }
    // The first outage was warned of and recovered from; the next twenty were inside the quiet minute, and are told
    // when it is up, as past (the collector answers again).
    expect((await logged()).map((line) => line.msg)).toEqual([NOT_DELIVERED, AGAIN]);
    vi.advanceTimersByTime(WARN_EVERY_MS);
    expect((await logged()).slice(2)).toEqual([{ level: 40, msg: NOT_DELIVERED, failedSpans: 20, failedByReason: { ECONNREFUSED: 20 }, droppedSpans: 0, collectorFailing: false }]);
  });

  it('drops with a healthy collector are warned of as losses, not as an outage with recoveries', async () => {
    const { report, logged, counted } = setUp();
    report.dropped(1);
    report.delivered(512);
    report.dropped(7);
    report.delivered(512);
    vi.advanceTimersByTime(WARN_EVERY_MS);
    expect(await logged()).toEqual([
      { level: 40, msg: NOT_DELIVERED, failedSpans: 0, failedByReason: {}, droppedSpans: 1, collectorFailing: false },
      { level: 40, msg: NOT_DELIVERED, failedSpans: 0, failedByReason: {}, droppedSpans: 7, collectorFailing: false },
    ]);
    expect(await counted()).toEqual({ dropped: 8, delivered: 1024 });
  });

  it('tells what is not yet told when it closes, and hears nothing after', async () => {
    const { report, logged, counted } = setUp();
    report.failed(2, 'timeout');
    report.failed(12, 'shutdown deadline');
    report.close();
    report.failed(5, 'timeout');
    report.delivered(5);
    vi.advanceTimersByTime(WARN_EVERY_MS);
    expect((await logged()).map((line) => line.failedByReason)).toEqual([{ timeout: 2 }, { 'shutdown deadline': 12 }]);
    expect(await counted()).toEqual({ failed: 14 });
  });
});
