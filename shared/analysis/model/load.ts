import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import defaultEn from '../../../models/en.json' with { type: 'json' };
import defaultJa from '../../../models/ja.json' with { type: 'json' };
import { type Model, parseModel } from './model.js';

/** The trained model of each language the analyzer has one for. */
export type ModelSet = Partial<Record<'en' | 'ja', Model>>;

const LANGUAGES = ['en', 'ja'] as const;

let defaults: ModelSet | undefined;

/** The models committed in models/ (trained by `npm run train` on Koe's corpus and CC BY data only), parsed once. */
export const defaultModels = (): ModelSet => {
  defaults ??= { en: parseModel(defaultEn), ja: parseModel(defaultJa) };
  return defaults;
};

/**
 * The models to analyze with: `<dir>/<lang>.json` where `koe train` wrote one, else the committed
 * model. A file that cannot be read or parsed costs one warning and leaves that language to the
 * rules alone: analysis never fails because of a model file.
 */
export const loadModels = (dir: string | undefined, warn: (message: string) => void): ModelSet => {
  const committed = defaultModels();
  const out: ModelSet = {};
  for (const language of LANGUAGES) {
    const path = dir ? join(dir, `${language}.json`) : undefined;
    if (!path || !existsSync(path)) {
      const model = committed[language];
      if (model) out[language] = model;
      continue;
    }
    try {
      const raw = readFileSync(path, 'utf8');
      const model = parseModel(JSON.parse(raw), raw);
      if (model.language !== language) throw new Error(`it is a '${model.language}' model`);
      out[language] = model;
    } catch (error) {
      warn(`model file ${path} is unusable (${(error as Error).message}); analyzing ${language} with the rules only`);
    }
  }
  return out;
};

/** `+model.<en hash>.<ja hash>` (`-` for a language without a model): part of the analyzer version. */
export const modelVersion = (models: ModelSet): string =>
  models.en || models.ja ? `+model.${models.en?.hash ?? '-'}.${models.ja?.hash ?? '-'}` : '';
