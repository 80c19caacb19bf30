// Why: percentages are Arabic digits with %, and within one passage the same kind of number
// takes the same form, so every percentage carries exactly one decimal (10.0%, not 10%).

/** 0.125 → "12.5%", 0.1 → "10.0%", -0.03 → "-3.0%". Rounds half away from zero. */
export function formatPercent(ratio: number): string {
  requireFinite(ratio, 'formatPercent');
  const t = tenthsOfPercent(ratio);
  const sign = t < 0 ? '-' : '';
  const abs = Math.abs(t);
  return `${sign}${Math.floor(abs / 10)}.${abs % 10}%`;
}

/**
 * "同比增长12.5%" / "同比下降3.0%" / "持平". "持平" also covers a change that rounds to 0.0%,
 * since "同比增长0.0%" reads as a contradiction. undefined when previous is missing, 0 or
 * negative (no meaningful base) or current is missing.
 */
export function yearOverYear(previous: number | null | undefined, current: number | null | undefined): string | undefined {
  if (previous === undefined || previous === null || current === undefined || current === null) return undefined;
  requireFinite(previous, 'yearOverYear');
  requireFinite(current, 'yearOverYear');
  if (previous <= 0) return undefined;
  const change = (current - previous) / previous;
  const t = tenthsOfPercent(change);
  if (t === 0) return '持平';
  return `同比${t > 0 ? '增长' : '下降'}${formatPercent(Math.abs(change))}`;
}

/** "完成率104.2%". undefined when target is missing, 0 or negative (no meaningful target). */
export function completionRate(actual: number, target: number | null | undefined): string | undefined {
  requireFinite(actual, 'completionRate');
  if (target === undefined || target === null) return undefined;
  requireFinite(target, 'completionRate');
  if (target <= 0) return undefined;
  return `完成率${formatPercent(actual / target)}`;
}

// Integer tenths of a percent. toPrecision(12) first strips float noise such as
// 0.1235 × 1000 = 123.49999999999999 so that the visible half rounds up as a reader expects.
function tenthsOfPercent(ratio: number): number {
  const scaled = Number((Math.abs(ratio) * 1000).toPrecision(12));
  const t = Math.round(scaled);
  return ratio < 0 && t !== 0 ? -t : t;
}

function requireFinite(x: number, caller: string): void {
  if (typeof x !== 'number' || !Number.isFinite(x)) {
    throw new RangeError(`${caller}: expected a finite number, got ${String(x)}`);
  }
}
