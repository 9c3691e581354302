// Turns a published score into a letter grade and the verified flag.
// The scale is data handed in from config; this module reads no env and keeps no state.

export const GRADES = ['A', 'B', 'C', 'D', 'F'] as const;
export type Grade = (typeof GRADES)[number];

export interface GradeScale {
  /** Lowest score (inclusive) for each grade above F, strictly decreasing A > B > C > D. */
  minScore: Record<Exclude<Grade, 'F'>, number>;
  /** `verified` is score >= this. */
  trustThreshold: number;
}

export const DEFAULT_GRADE_SCALE: GradeScale = Object.freeze({
  minScore: Object.freeze({ A: 80, B: 70, C: 60, D: 40 }),
  trustThreshold: 70,
});

export function gradeFor(score: number, scale: GradeScale): Grade {
  const { minScore } = scale;
  if (score >= minScore.A) return 'A';
  if (score >= minScore.B) return 'B';
  if (score >= minScore.C) return 'C';
  if (score >= minScore.D) return 'D';
  return 'F';
}

export function isVerified(score: number, scale: GradeScale): boolean {
  return score >= scale.trustThreshold;
}

/** Problems with a scale, empty when it is usable. */
export function checkGradeScale(scale: GradeScale): string[] {
  const { A, B, C, D } = scale.minScore;
  const problems: string[] = [];
  for (const [grade, value] of Object.entries(scale.minScore)) {
    if (!Number.isFinite(value) || value < 0 || value > 100) {
      problems.push(`grade ${grade} threshold must be a number from 0 to 100`);
    }
  }
  if (!(A > B && B > C && C > D)) problems.push('grade thresholds must decrease strictly: A > B > C > D');
  if (!Number.isFinite(scale.trustThreshold) || scale.trustThreshold < 0 || scale.trustThreshold > 100) {
    problems.push('trust threshold must be a number from 0 to 100');
  }
  return problems;
}

/**
 * The whole number a badge shows. Floor, not round: a rounded "80" beside a B would contradict
 * the scale (79.9 is a B). The epsilon absorbs binary noise in one-decimal values.
 */
export function displayScore(score: number): number {
  return Math.floor(score + 1e-9);
}
