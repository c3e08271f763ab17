// Agreement between a grader and human grades: Pearson, Spearman, quadratic-weighted kappa, MAE.

function mean(xs: readonly number[]): number {
  return xs.reduce((sum, x) => sum + x, 0) / Math.max(1, xs.length);
}

/** Pearson's r; 0 when either side has no variance. */
export function pearson(xs: readonly number[], ys: readonly number[]): number {
  const mx = mean(xs);
  const my = mean(ys);
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < xs.length; i++) {
    const dx = (xs[i] ?? 0) - mx;
    const dy = (ys[i] ?? 0) - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  return sxx === 0 || syy === 0 ? 0 : sxy / Math.sqrt(sxx * syy);
}

/** Ranks with ties sharing their average rank. */
function ranks(xs: readonly number[]): number[] {
  const order = xs.map((x, i) => [x, i] as const).sort((a, b) => a[0] - b[0]);
  const result = new Array<number>(xs.length).fill(0);
  for (let i = 0; i < order.length; ) {
    let j = i;
    while (j + 1 < order.length && order[j + 1]?.[0] === order[i]?.[0]) j++;
    const rank = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) result[order[k]?.[1] ?? 0] = rank;
    i = j + 1;
  }
  return result;
}

/** Spearman's rho: Pearson on ranks (ties averaged). */
export function spearman(xs: readonly number[], ys: readonly number[]): number {
  return pearson(ranks(xs), ranks(ys));
}

/** Cohen's kappa with quadratic weights, on integer ratings 0..max. */
export function quadraticWeightedKappa(a: readonly number[], b: readonly number[], max: number): number {
  const k = max + 1;
  const observed = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  const histA = new Array<number>(k).fill(0);
  const histB = new Array<number>(k).fill(0);
  for (let i = 0; i < a.length; i++) {
    const x = a[i] ?? 0;
    const y = b[i] ?? 0;
    (observed[x] as number[])[y] = ((observed[x] as number[])[y] ?? 0) + 1;
    histA[x] = (histA[x] ?? 0) + 1;
    histB[y] = (histB[y] ?? 0) + 1;
  }
  const n = a.length;
  let num = 0;
  let den = 0;
  for (let i = 0; i < k; i++) {
    for (let j = 0; j < k; j++) {
      const weight = ((i - j) * (i - j)) / ((k - 1) * (k - 1) || 1);
      num += weight * ((observed[i] as number[])[j] ?? 0);
      den += (weight * (histA[i] ?? 0) * (histB[j] ?? 0)) / (n || 1);
    }
  }
  return den === 0 ? 1 : 1 - num / den;
}

export function meanAbsoluteError(xs: readonly number[], ys: readonly number[]): number {
  return mean(xs.map((x, i) => Math.abs(x - (ys[i] ?? 0))));
}

/** A 0–100 score on a 0..max grade scale, rounded to the nearest grade. */
export function scoreToGrade(score: number, max: number): number {
  return Math.min(max, Math.max(0, Math.round((score / 100) * max)));
}

export interface Agreement {
  n: number;
  pearson: number;
  spearman: number;
  qwk: number;
  mae: number;
}

/** Agreement of 0–100 scores with human grades on 0..max (MAE on the grade scale). */
export function agreement(scores: readonly number[], grades: readonly number[], max: number): Agreement {
  const predicted = scores.map((s) => scoreToGrade(s, max));
  return {
    n: scores.length,
    pearson: pearson(scores, grades),
    spearman: spearman(scores, grades),
    qwk: quadraticWeightedKappa(predicted, grades, max),
    mae: meanAbsoluteError(predicted, grades),
  };
}
