// Validate stage: "did you mean …" for ids, by edit distance, because most unknown ids are typos.

/** Ids are short; comparing a pasted paragraph with every id would cost time and suggest nothing. */
const MAX_COMPARED_LENGTH = 64;

export function suggestion(wrong: string, candidates: readonly string[]): string | undefined {
  if (wrong.length > MAX_COMPARED_LENGTH) return undefined;
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const distance = editDistance(wrong.toLowerCase(), candidate.toLowerCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  const closeEnough = best !== undefined && bestDistance <= Math.max(2, Math.floor(wrong.length / 3));
  return closeEnough ? `是不是 ${best}？` : undefined;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length]!;
}
