import { EN_STOP } from '../key-phrases/english-words.js';
import type { Span } from '../types.js';
import { lookupWord } from './english/lexicon.js';

/** A word at least this strong in the English sentiment lexicon (−4 … 4) says how, not what about. */
const OPINION_VALENCE = 1;

/**
 * True when the English word at `span` says how the writer feels ("terrible", "awful", "great") rather
 * than what about: such a word is never a topic's evidence on its own. The model's topic head learns them
 * from its corpus ("terrible food" makes "terrible" a food word), so without this rule "The kickstand
 * snapped, terrible." was about food. Topic words with a valence ("delayed", "dirty") are taxonomy cues,
 * found by the cues before the model adds anything; a lone-word theme is never one either (candidates.ts). Japanese: not applied (its polarity lexicon holds
 * topic words, 汚れ, 騒音, as entries).
 */
export const saysOnlyHow = (text: string, span: Span, language: string): boolean =>
  language === 'en' && Math.abs(lookupWord(text.slice(span.start, span.end).toLowerCase()).valence) >= OPINION_VALENCE;

/**
 * True when the English word at `span` cannot say what a comment is about: an opinion word
 * ({@link saysOnlyHow}) or a function word ("just", "again", "the"). The model's topic head may weigh
 * such words ("Horrible, just horrible." is not about waiting); they never back a topic it adds.
 */
export const saysNothingAbout = (text: string, span: Span, language: string): boolean =>
  saysOnlyHow(text, span, language) || isFunctionWord(text, span, language);

/**
 * True when the English word at `span` is a function word ("into", "just", "the"): it never stands as
 * the evidence of an urgency the model raises, where an opinion word ("useless") may (anger is told in them).
 */
export const isFunctionWord = (text: string, span: Span, language: string): boolean =>
  language === 'en' && EN_STOP.has(text.slice(span.start, span.end).toLowerCase());

/** A Japanese morpheme of one or two kana (れ, た, ます): an ending or a particle, which reads as nothing on its own. */
const JA_ENDING = /^[\u3041-\u309f]{1,2}$/;

/**
 * True when the word at `span` reads as nothing when shown alone as a reason's evidence: a Japanese ending or particle
 * (「れ」). Only what is shown changes; what the model may raise does not.
 */
export const isBareEnding = (text: string, span: Span, language: string): boolean =>
  language === 'ja' && JA_ENDING.test(text.slice(span.start, span.end));
