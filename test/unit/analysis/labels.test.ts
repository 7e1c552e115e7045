import { describe, expect, it } from 'vitest';
import { defaultTaxonomy, topicLabel } from '../../../shared/analysis/topics/taxonomy.js';
import { defaultTriageRules, reasonLabel } from '../../../shared/triage/rules.js';

describe('bilingual labels from one source', () => {
  it('names every default taxonomy topic in English and Japanese', () => {
    for (const { id } of defaultTaxonomy.topics) {
      const en = topicLabel(defaultTaxonomy, id, 'en');
      const ja = topicLabel(defaultTaxonomy, id, 'ja');
      expect(en, id).toMatch(/^[\x20-\x7e]+$/);
      expect(ja, id).toMatch(/[\u3040-\u30ff\u4e00-\u9fff]/);
    }
    expect(topicLabel(defaultTaxonomy, 'no_such_topic', 'ja')).toBeUndefined();
  });

  it('names every default reason code in English and Japanese', () => {
    const rules = defaultTriageRules();
    const codes = [...rules.byCode.keys()];
    expect(codes.length).toBeGreaterThan(5);
    for (const code of codes) {
      expect(reasonLabel(rules, code, 'en'), code).toMatch(/^[\x20-\x7e]+$/);
      expect(reasonLabel(rules, code, 'ja'), code).toMatch(/[\u3040-\u30ff\u4e00-\u9fff]/);
    }
    expect(reasonLabel(rules, 'no_such_code', 'en')).toBeUndefined();
  });
});
