// Statistics for the timing bench: medians and the Mann-Whitney U test (normal approximation).

/** Linear interpolation between closest ranks (R-7, numpy's default). */
export function quantile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b)
  const pos = (sorted.length - 1) * q
  const lo = Math.floor(pos)
  const hi = Math.ceil(pos)
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo)
}

export const median = (values: number[]) => quantile(values, 0.5)

export interface MannWhitney {
  /** U of the first sample: pairs (a, b) with a > b, ties counted as a half. */
  u: number
  /** U / (n₁·n₂): the probability that a random `a` is larger than a random `b` (ties: ½). */
  probabilityGreater: number
  /** Two-sided p-value (normal approximation with tie and continuity correction). */
  p: number
}

/** Mann-Whitney U test of `a` against `b`. */
export function mannWhitney(a: number[], b: number[]): MannWhitney {
  const n1 = a.length
  const n2 = b.length
  const all = [...a.map((x) => ({ x, first: true })), ...b.map((x) => ({ x, first: false }))]
  all.sort((p, q) => p.x - q.x)
  let rankSumA = 0
  let tieTerm = 0
  for (let i = 0; i < all.length; ) {
    let j = i
    while (j + 1 < all.length && all[j + 1]!.x === all[i]!.x) j++
    // Tied values share the mean of the ranks they span (1-based: i+1 … j+1).
    const rank = (i + j + 2) / 2
    for (let k = i; k <= j; k++) if (all[k]!.first) rankSumA += rank
    const t = j - i + 1
    tieTerm += t ** 3 - t
    i = j + 1
  }
  const u = rankSumA - (n1 * (n1 + 1)) / 2
  const n = n1 + n2
  const mean = (n1 * n2) / 2
  const variance = ((n1 * n2) / 12) * (n + 1 - tieTerm / (n * (n - 1)))
  const z = variance > 0 ? Math.max(0, Math.abs(u - mean) - 0.5) / Math.sqrt(variance) : 0
  return { u, probabilityGreater: u / (n1 * n2), p: Math.min(1, erfc(z / Math.SQRT2)) }
}

/** Complementary error function (Numerical Recipes' erfcc: fractional error below 1.2e-7). */
export function erfc(x: number): number {
  const z = Math.abs(x)
  const t = 1 / (1 + 0.5 * z)
  const poly =
    -1.26551223 +
    t *
      (1.00002368 +
        t *
          (0.37409196 +
            t *
              (0.09678418 +
                t *
                  (-0.18628806 +
                    t *
                      (0.27886807 +
                        t *
                          (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277))))))))
  const r = t * Math.exp(-z * z + poly)
  return x >= 0 ? r : 2 - r
}
