import { describe, expect, it } from 'vitest';
import { checkGradeScale, DEFAULT_GRADE_SCALE, displayScore, gradeFor, isVerified } from '../../src/domain/grade.js';

describe('gradeFor with the default scale', () => {
  it.each([
    [0, 'F'], [39.9, 'F'], [40, 'D'], [46.5, 'D'], [59.2, 'D'], [59.9, 'D'], [60, 'C'], [69.9, 'C'],
    [70, 'B'], [71.3, 'B'], [74, 'B'], [79.9, 'B'], [80, 'A'], [100, 'A'],
  ])('%d → %s', (score, grade) => {
    expect(gradeFor(score, DEFAULT_GRADE_SCALE)).toBe(grade);
  });

  it('follows a configured scale', () => {
    const strict = { minScore: { A: 90, B: 80, C: 70, D: 50 }, trustThreshold: 85 };
    expect(gradeFor(85, strict)).toBe('B');
    expect(gradeFor(49.9, strict)).toBe('F');
    expect(isVerified(84.9, strict)).toBe(false);
    expect(isVerified(85, strict)).toBe(true);
  });
});

describe('isVerified', () => {
  it('is score >= 70 by default', () => {
    expect(isVerified(69.9, DEFAULT_GRADE_SCALE)).toBe(false);
    expect(isVerified(70, DEFAULT_GRADE_SCALE)).toBe(true);
  });
});

describe('displayScore', () => {
  it('never shows a number that contradicts the grade', () => {
    expect(displayScore(79.9)).toBe(79);
    expect(displayScore(71.3)).toBe(71);
    expect(displayScore(74.0)).toBe(74);
    expect(displayScore(0.7 * 100)).toBe(70);
  });
});

describe('checkGradeScale', () => {
  it('accepts the default and names what is wrong with a bad scale', () => {
    expect(checkGradeScale(DEFAULT_GRADE_SCALE)).toEqual([]);
    expect(checkGradeScale({ minScore: { A: 70, B: 80, C: 60, D: 40 }, trustThreshold: 70 })).toEqual([
      'grade thresholds must decrease strictly: A > B > C > D',
    ]);
    expect(checkGradeScale({ minScore: { A: 180, B: 70, C: 60, D: 40 }, trustThreshold: -1 })).toHaveLength(2);
  });
});
