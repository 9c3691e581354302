// Runs after every test of the suite: a JSON answer that broke the published OpenAPI document
// (test/helpers/openapi-answers.ts) fails the test that received it.

import { afterEach, expect } from 'vitest';
import { takeAnswerProblems } from './openapi-answers.js';

afterEach(async () => {
  expect(await takeAnswerProblems(), 'JSON answers that break /openapi.json').toEqual([]);
});
