import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { renderVocabulary, VOCABULARY_PATH } from '../../../scripts/web-vocabulary.js';

describe('web/app/vocabulary.js', () => {
  it('is what scripts/web-vocabulary.ts makes from the server’s lists, taxonomy and rules (run npm run web:vocabulary)', () => {
    // Prepare
    const expected = renderVocabulary();
    // Act
    const committed = readFileSync(VOCABULARY_PATH, 'utf8');
    // Assess
    expect(committed).toBe(expected);
  });
});
