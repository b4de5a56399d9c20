// The two model families train.mjs compares on the validation split:
// logistic regression (what ships: ~90 weights, one dot product per
// candidate) and small gradient-boosted trees (depth 2, histogram splits),
// the richer alternative. Plain JavaScript, no dependencies.

/** Logistic regression with L2, on standardised features, by full-batch Adam. */
export function fitLogistic(X, Y, { l2 = 1, epochs = 400, rate = 0.05 } = {}) {
  const n = X.length;
  const d = X[0].length;
  const mean = new Array(d).fill(0);
  const scale = new Array(d).fill(0);
  for (const x of X) for (let j = 0; j < d; j++) mean[j] += x[j] / n;
  for (const x of X) for (let j = 0; j < d; j++) scale[j] += (x[j] - mean[j]) ** 2 / n;
  for (let j = 0; j < d; j++) scale[j] = Math.sqrt(scale[j]) || 1;
  // The bias feature is constant 1: keep it unscaled so its weight is the intercept.
  mean[0] = 0;
  scale[0] = 1;
  const Z = X.map((x) => x.map((v, j) => (v - mean[j]) / scale[j]));
  const w = new Array(d).fill(0);
  const m = new Array(d).fill(0);
  const v = new Array(d).fill(0);
  const b1 = 0.9, b2 = 0.999, eps = 1e-8;
  for (let t = 1; t <= epochs; t++) {
    const g = new Array(d).fill(0);
    for (let i = 0; i < n; i++) {
      const z = Z[i];
      let s = 0;
      for (let j = 0; j < d; j++) s += w[j] * z[j];
      const p = 1 / (1 + Math.exp(-s));
      const e = p - Y[i];
      for (let j = 0; j < d; j++) g[j] += (e * z[j]) / n;
    }
    for (let j = 1; j < d; j++) g[j] += (l2 * w[j]) / n;
    for (let j = 0; j < d; j++) {
      m[j] = b1 * m[j] + (1 - b1) * g[j];
      v[j] = b2 * v[j] + (1 - b2) * g[j] * g[j];
      w[j] -= (rate * (m[j] / (1 - b1 ** t))) / (Math.sqrt(v[j] / (1 - b2 ** t)) + eps);
    }
  }
  return { mean, scale, weights: w };
}

export function sigmoidScore(model, x) {
  let s = 0;
  for (let j = 0; j < x.length; j++) s += model.weights[j] * ((x[j] - model.mean[j]) / model.scale[j]);
  return 1 / (1 + Math.exp(-s));
}

/** Gradient-boosted regression trees of depth `depth` on logistic loss, splits on per-feature quantile bins. */
export function fitStumps(X, Y, { rounds = 150, depth = 2, rate = 0.2, bins = 16, lambda = 1 } = {}) {
  const n = X.length;
  const d = X[0].length;
  const cuts = [];
  for (let j = 0; j < d; j++) {
    const vals = X.map((x) => x[j]).sort((a, b) => a - b);
    const c = new Set();
    for (let k = 1; k < bins; k++) c.add(vals[Math.floor((k * n) / bins)]);
    cuts.push([...c].sort((a, b) => a - b));
  }
  const binned = X.map((x) => x.map((v, j) => binOf(cuts[j], v)));
  const F = new Float64Array(n);
  const trees = [];
  for (let r = 0; r < rounds; r++) {
    const g = new Float64Array(n);
    const h = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const p = 1 / (1 + Math.exp(-F[i]));
      g[i] = p - Y[i];
      h[i] = Math.max(p * (1 - p), 1e-6);
    }
    const idx = Array.from({ length: n }, (_, i) => i);
    const tree = grow(idx, 0);
    trees.push(tree);
    for (let i = 0; i < n; i++) F[i] += rate * leafOf(tree, binned[i]);
    function grow(rows, level) {
      let G = 0, H = 0;
      for (const i of rows) {
        G += g[i];
        H += h[i];
      }
      const leaf = { value: -G / (H + lambda) };
      if (level >= depth || rows.length < 20) return leaf;
      let best = { gain: 1e-9 };
      for (let j = 0; j < d; j++) {
        const nb = cuts[j].length + 1;
        const hg = new Float64Array(nb);
        const hh = new Float64Array(nb);
        for (const i of rows) {
          hg[binned[i][j]] += g[i];
          hh[binned[i][j]] += h[i];
        }
        let gl = 0, hl = 0;
        for (let k = 0; k < nb - 1; k++) {
          gl += hg[k];
          hl += hh[k];
          const gr = G - gl, hr = H - hl;
          const gain = (gl * gl) / (hl + lambda) + (gr * gr) / (hr + lambda) - (G * G) / (H + lambda);
          if (gain > best.gain) best = { gain, feature: j, bin: k };
        }
      }
      if (best.feature === undefined) return leaf;
      const left = rows.filter((i) => binned[i][best.feature] <= best.bin);
      const right = rows.filter((i) => binned[i][best.feature] > best.bin);
      return { feature: best.feature, bin: best.bin, left: grow(left, level + 1), right: grow(right, level + 1) };
    }
  }
  return { cuts, trees, rate };
}

function binOf(cuts, v) {
  let k = 0;
  while (k < cuts.length && v > cuts[k]) k++;
  return k;
}

function leafOf(tree, b) {
  let t = tree;
  while (t.feature !== undefined) t = b[t.feature] <= t.bin ? t.left : t.right;
  return t.value;
}

export function predictStumps(model, x) {
  const b = x.map((v, j) => binOf(model.cuts[j], v));
  let F = 0;
  for (const t of model.trees) F += model.rate * leafOf(t, b);
  return 1 / (1 + Math.exp(-F));
}
