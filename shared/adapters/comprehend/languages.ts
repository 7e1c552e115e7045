import type { LanguageCode } from '@aws-sdk/client-comprehend';

// Languages Comprehend's built-in sentiment and key-phrase models accept (Developer Guide,
// "Languages supported in Amazon Comprehend"). Keys are Koe's codes; `zh` means simplified.
const ANALYSIS_LANGUAGES: ReadonlyMap<string, LanguageCode> = new Map<string, LanguageCode>([
  ['ar', 'ar'],
  ['de', 'de'],
  ['en', 'en'],
  ['es', 'es'],
  ['fr', 'fr'],
  ['hi', 'hi'],
  ['it', 'it'],
  ['ja', 'ja'],
  ['ko', 'ko'],
  ['pt', 'pt'],
  ['zh', 'zh'],
]);

/** Koe language codes whose sentiment and key phrases Comprehend can detect. */
export const COMPREHEND_ANALYSIS_LANGUAGES: ReadonlySet<string> = new Set(ANALYSIS_LANGUAGES.keys());

/** Languages DetectPiiEntities accepts (its LanguageCode is `en` or `es`; Japanese is not supported). */
export const COMPREHEND_PII_LANGUAGES: ReadonlySet<LanguageCode> = new Set<LanguageCode>(['en', 'es']);

/**
 * Comprehend's RFC 5646 tag (`en`, `ja`, `zh-TW`, or an ISO 639-2 code such as `ceb` where the
 * language has no two-letter code) → Koe's code: the lower-case primary subtag. Three-letter
 * codes are kept rather than collapsed to `und`: they are the only name such a language has.
 */
export const toKoeLanguage = (tag: string | undefined): string => {
  const primary = (tag ?? '').trim().split(/[-_]/)[0]?.toLowerCase() ?? '';
  return /^[a-z]{2,3}$/.test(primary) ? primary : 'und';
};

/**
 * The LanguageCode to send to sentiment and key phrases, or undefined when Comprehend cannot
 * analyze that language. `detectedTag` keeps `zh-TW` (traditional Chinese) apart from `zh`.
 */
export const toComprehendLanguage = (koeCode: string, detectedTag?: string): LanguageCode | undefined => {
  if (koeCode === 'zh' && detectedTag?.toLowerCase() === 'zh-tw') return 'zh-TW';
  return ANALYSIS_LANGUAGES.get(koeCode);
};
