// What a report page concludes from an EntityReport and the grade scale: the one-line answer, the
// key findings, and the dimension figures. Plain data and text only (markup is entity-page's job).

import { DIMENSIONS, type Dimension } from '../../domain/entity.js';
import { gradeFor, type Grade, type GradeScale } from '../../domain/grade.js';
import type { EntityReport } from '../../services/report-service.js';
import { formatScore } from './page-text.js';

export type VerdictKind = 'yes' | 'caution' | 'no';

export interface Verdict {
  kind: VerdictKind;
  /** `YES`, `WITH CAUTION`, `NO`. */
  answer: string;
  /** The rest of the sentence: `74.0/100 (B), meets the 70+ trust threshold.` */
  sentence: string;
}

export interface RatedDimension {
  dimension: Dimension;
  score: number;
  grade: Grade;
}

export interface DimensionFigures {
  rated: RatedDimension[];
  unrated: Dimension[];
  /** Mean of the rated dimensions, one decimal; null when none is rated. */
  mean: number | null;
  /** The mean without popularity (adoption, not safety), when popularity and another dimension are rated. */
  meanWithoutPopularity: number | null;
}

/** Fewer than half the dimensions rated: the score rests on little published evidence. */
export function restsOnLittleEvidence(figures: DimensionFigures): boolean {
  return figures.rated.length * 2 < DIMENSIONS.length;
}

export function dimensionLabel(dimension: Dimension): string {
  return dimension[0]!.toUpperCase() + dimension.slice(1);
}

export function dimensionFigures(report: EntityReport, scale: GradeScale): DimensionFigures {
  const rated: RatedDimension[] = [];
  const unrated: Dimension[] = [];
  for (const dimension of DIMENSIONS) {
    const score = report.dimensions[dimension];
    if (score === undefined) unrated.push(dimension);
    else rated.push({ dimension, score, grade: gradeFor(score, scale) });
  }
  const withoutPopularity = rated.filter((r) => r.dimension !== 'popularity');
  return {
    rated,
    unrated,
    mean: meanOf(rated),
    meanWithoutPopularity: withoutPopularity.length > 0 && withoutPopularity.length < rated.length ? meanOf(withoutPopularity) : null,
  };
}

function meanOf(rated: readonly RatedDimension[]): number | null {
  if (rated.length === 0) return null;
  return Math.round((rated.reduce((sum, r) => sum + r.score, 0) / rated.length) * 10) / 10;
}

/** The answer to "Is X safe?", from the report's recommendation: NO, YES or WITH CAUTION. */
export function verdictFor(report: EntityReport, scale: GradeScale, figures: DimensionFigures): Verdict {
  const score = `${formatScore(report.score)}/100 (${report.grade})`;
  const threshold = `the ${scale.trustThreshold}+ trust threshold`;
  switch (report.recommendation) {
    case 'not_recommended':
      return report.grade === 'F'
        ? { kind: 'no', answer: 'NO', sentence: `${score}, the lowest grade, far below ${threshold}. Not recommended.` }
        : { kind: 'no', answer: 'NO', sentence: `${score}, below ${threshold}. Not recommended without your own review.` };
    case 'recommended': {
      const evidence = restsOnLittleEvidence(figures) ? `, but the score rests on little published evidence (${ratedCountText(figures)})` : '';
      return { kind: 'yes', answer: 'YES', sentence: `${score}, meets ${threshold}${evidence}.` };
    }
    case 'use_with_caution':
      return { kind: 'caution', answer: 'WITH CAUTION', sentence: `${score}, below ${threshold}. Review it before you rely on it.` };
  }
}

/** `none of the 6 dimensions is rated`, `2 of 6 dimensions rated`. */
function ratedCountText(figures: DimensionFigures): string {
  return figures.rated.length === 0 ? `none of the ${DIMENSIONS.length} dimensions is rated` : `${figures.rated.length} of ${DIMENSIONS.length} dimensions rated`;
}

/** `security`, `reliability and popularity`. */
function listed(dimensions: readonly RatedDimension[]): string {
  return joinWords(dimensions.map((d) => d.dimension));
}

function joinWords(words: readonly string[]): string {
  if (words.length <= 1) return words.join('');
  return `${words.slice(0, -1).join(', ')} and ${words.at(-1)!}`;
}

/** Key findings, each one sentence, in the order a reader needs them. */
export function keyFindings(report: EntityReport, scale: GradeScale, figures: DimensionFigures): string[] {
  const { rated, unrated } = figures;
  const name = report.entity.name;
  const findings: string[] = [];
  if (rated.length === 1) {
    const only = rated[0]!;
    findings.push(`Only one dimension is rated: ${only.dimension}, ${only.score}/100 (${only.grade}).`);
  } else if (rated.length > 1) {
    const best = Math.max(...rated.map((r) => r.score));
    const worst = Math.min(...rated.map((r) => r.score));
    const strongest = rated.filter((r) => r.score === best);
    const weakest = rated.filter((r) => r.score === worst);
    if (best === worst) {
      findings.push(`Every rated dimension scores ${best}/100 (${strongest[0]!.grade}).`);
    } else if (best < scale.trustThreshold) {
      findings.push(`Even the best-rated dimension, ${listed(strongest)}, scores only ${best}/100 (${strongest[0]!.grade}).`);
      findings.push(`Weakest: ${listed(weakest)}, ${worst}/100 (${weakest[0]!.grade}).`);
    } else {
      findings.push(`Strongest: ${listed(strongest)}, ${best}/100 (${strongest[0]!.grade}).`);
      findings.push(`Weakest: ${listed(weakest)}, ${worst}/100 (${weakest[0]!.grade}).`);
    }
  }
  if (rated.length > 0) {
    const below = rated.filter((r) => r.score < scale.trustThreshold);
    findings.push(
      below.length === 0
        ? `Every rated dimension meets the trust threshold of ${scale.trustThreshold}.`
        : `Below the trust threshold of ${scale.trustThreshold}: ${joinWords(below.map((r) => `${r.dimension} (${r.score})`))}.`,
    );
  }
  if (unrated.length === 0) {
    findings.push(`All ${DIMENSIONS.length} dimensions are rated.`);
  } else if (rated.length === 0) {
    findings.push(`None of the ${DIMENSIONS.length} dimensions is rated: the catalogue published an overall score for ${name} and no evidence behind it.`);
  } else {
    findings.push(`Not rated: ${joinWords(unrated)} (${unrated.length} of ${DIMENSIONS.length}). The catalogue published no score for ${unrated.length === 1 ? 'it' : 'them'}.`);
  }
  findings.push(verifiedFinding(report, scale, figures));
  return findings;
}

/** What `verified` does and does not say here. */
function verifiedFinding(report: EntityReport, scale: GradeScale, figures: DimensionFigures): string {
  const score = formatScore(report.score);
  const little = restsOnLittleEvidence(figures);
  if (report.verified) {
    const basis = `Verified because the overall score, ${score}, is at or above ${scale.trustThreshold}`;
    return little
      ? `${basis}; with ${figures.rated.length === 0 ? 'no dimension' : `only ${figures.rated.length} of ${DIMENSIONS.length} dimensions`} rated, that score rests on little published evidence, so treat the verification as weak.`
      : `${basis}.`;
  }
  const basis = `Not verified: the overall score, ${score}, is below the trust threshold of ${scale.trustThreshold}`;
  return little ? `${basis}, and with ${figures.rated.length === 0 ? 'no dimension' : `only ${figures.rated.length} of ${DIMENSIONS.length} dimensions`} rated it rests on little published evidence.` : `${basis}.`;
}

/**
 * The published score beside the plain mean of the rated dimensions, said plainly when they differ
 * (the catalogue publishes its overall score; trustbadge never recomputes it). Null when they agree
 * or nothing is rated.
 */
export function scoreVersusMean(report: EntityReport, figures: DimensionFigures): string | null {
  if (figures.mean === null || Math.abs(figures.mean - report.score) < 0.05) return null;
  const direction = figures.mean < report.score ? 'higher' : 'lower';
  const without = figures.meanWithoutPopularity === null ? '' : ` (${formatScore(figures.meanWithoutPopularity)} leaving out popularity, which measures adoption rather than safety)`;
  const count = figures.rated.length === 1 ? 'The one rated dimension scores' : `The ${figures.rated.length} rated dimensions average`;
  return `${count} ${formatScore(figures.mean)}${without}; the published score, ${formatScore(report.score)}, is ${formatScore(Math.abs(report.score - figures.mean))} points ${direction}. The catalogue publishes the overall score itself and does not publish how it combines the dimensions, so this page shows the score as published and the dimensions as its evidence; grade, verified and badge all follow the published score.`;
}
