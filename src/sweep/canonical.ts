import { createHash } from 'node:crypto';
import type { TrainConfig } from '../engine/model.js';

/** 12 significant digits: 0.1 * 3 and 0.3 are the same learning rate. */
export function normalizeNumber(x: number): number {
  return Number(x.toPrecision(12));
}

/**
 * The one form of a configuration: a dropout rate of 0 is no dropout whatever the placement, and
 * placement none ignores the rate. Equivalent grid points map to equal canonical forms.
 */
export function canonicalize(c: TrainConfig): TrainConfig {
  const noDropout = c.dropout === 0 || c.placement === 'none';
  return {
    hidden: [...c.hidden],
    placement: noDropout ? 'none' : c.placement,
    dropout: noDropout ? 0 : normalizeNumber(c.dropout),
    maxNorm: c.maxNorm === null ? null : normalizeNumber(c.maxNorm),
    lr: normalizeNumber(c.lr),
    momentum: normalizeNumber(c.momentum),
    epochs: c.epochs,
    batchSize: c.batchSize,
  };
}

/** Key order fixed, so the same configuration always serializes (and hashes) the same. */
export function canonicalJson(c: TrainConfig): string {
  const k = canonicalize(c);
  return JSON.stringify({
    hidden: k.hidden,
    placement: k.placement,
    dropout: k.dropout,
    maxNorm: k.maxNorm,
    lr: k.lr,
    momentum: k.momentum,
    epochs: k.epochs,
    batchSize: k.batchSize,
  });
}

/** A stable trial key: the first 16 hex digits of the SHA-256 of the canonical form. */
export function trialKey(c: TrainConfig): string {
  return createHash('sha256').update(canonicalJson(c)).digest('hex').slice(0, 16);
}
