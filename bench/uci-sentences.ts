import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LabelledText } from '../shared/analysis/model/fit.js';

/**
 * The UCI review sentences (CC BY 4.0) under `dataDir` as labelled texts: binary sentiment, and urgency
 * by polarity (product-review sentences are never urgent: praise is low, a complaint needs at most a
 * reply). Ids are stable, so the corpus's hash split applies. Empty when the folder is absent.
 */
export const uciSentences = (dataDir: string): LabelledText[] => {
  const dir = join(dataDir, 'uci_sentiment_sentences');
  if (!existsSync(dir)) return [];
  return ['amazon_cells', 'imdb', 'yelp'].flatMap((name) =>
    readFileSync(join(dir, `${name}_labelled.txt`), 'utf8')
      .split('\n')
      .flatMap((line, i) => {
        const [text, label] = line.split('\t');
        if (!text || (label?.trim() !== '0' && label?.trim() !== '1')) return [];
        const sentiment = label.trim() === '1' ? 'positive' : 'negative';
        const urgency = sentiment === 'positive' ? 'low' : 'normal';
        return [{ id: `uci-${name}-${i}`, text, language: 'en' as const, sentiment, urgency, category: null }];
      }),
  );
};
