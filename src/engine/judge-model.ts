// The generic judge's learned model: logistic regression over the features of
// judge-features.ts, its weights data in models/generic-judge.json (written by
// scripts/judge/train.mjs from labelled real code; models/MODEL_CARD.md says
// on what, and how it measured). Why logistic regression, and the operating
// points behind each severity, are in the model card.

import { FEATURES } from "./judge-features.js";
import type { Severity } from "./types.js";

/** The model as stored: one weight per feature (by name, so a reordered list still loads), scaling, and the operating points. */
export interface JudgeModel {
  kind: "logistic-regression";
  features: string[];
  /** Per feature: the mean and spread it is standardised with before weighting. */
  mean: number[];
  scale: number[];
  weights: number[];
  /** Scores at or above `medium` are medium, at or above `low` low, the rest dropped. */
  thresholds: { medium: number; low: number };
}

export class ModelError extends Error {}

/** Checks a model against this build's feature list; returns the weights in FEATURES' order. */
export function loadModel(raw: unknown): JudgeModel {
  const m = raw as Partial<JudgeModel>;
  if (!m || m.kind !== "logistic-regression" || !Array.isArray(m.features) || !m.thresholds) throw new ModelError("the judge model is not a logistic-regression model");
  const at = new Map(m.features.map((f, i) => [f, i]));
  const missing = FEATURES.filter((f) => !at.has(f));
  if (missing.length || m.features.length !== FEATURES.length) throw new ModelError(`the judge model's features do not match this build's (missing: ${missing.join(", ") || "none"})`);
  const pick = (xs: number[] | undefined) => FEATURES.map((f) => xs?.[at.get(f)!] ?? NaN);
  const model: JudgeModel = { kind: "logistic-regression", features: [...FEATURES], mean: pick(m.mean), scale: pick(m.scale), weights: pick(m.weights), thresholds: m.thresholds };
  if ([...model.mean, ...model.scale, ...model.weights].some((x) => !Number.isFinite(x))) throw new ModelError("the judge model holds a weight that is not a number");
  return model;
}

/** The model's probability that a candidate with features `x` (FEATURES' order) is a real secret. */
export function scoreOf(model: JudgeModel, x: Float64Array): number {
  let z = 0;
  const { mean, scale, weights } = model;
  for (let i = 0; i < x.length; i++) z += weights[i]! * ((x[i]! - mean[i]!) / scale[i]!);
  return 1 / (1 + Math.exp(-z));
}

/** The severity a score maps to (the operating points of the model card), or undefined below the lowest. */
export function severityOf(model: JudgeModel, score: number): Severity | undefined {
  return score >= model.thresholds.medium ? "medium" : score >= model.thresholds.low ? "low" : undefined;
}
