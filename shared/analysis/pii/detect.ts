import type { PiiType } from '../types.js';
import { ibanValid, ipv6Valid, luhnValid, myNumberValid, ssnValid } from './checksums.js';
import { EN_GIVEN_NAMES, EN_NOT_NAMES, JA_NOT_NAMES, JA_SURNAMES, US_STATE_NAMES, US_STATES } from './names.js';
import { normalizeForPii, originalSpan } from './normalize.js';

/** One piece of personal data, located by UTF-16 offsets in the original text. */
export interface PiiMatch {
  type: PiiType;
  start: number;
  end: number;
}

// Linear time, everywhere. Every pattern below is either
//  - anchored to the start of a run by a lookbehind (so each run is tried from one position only) and
//    made of quantified character classes that a separator must end, never a quantified group whose
//    body can match the same characters in two ways (the nested-quantifier shape that made `+1` and 33
//    digits cost 286 ms: `(?:[ -]?\d{1,5}){1,6}` splits a digit run in exponentially many ways); or
//  - built only from bounded quantifiers ({1,4}, {0,3}), so that each start position costs a constant.
// Cue-based detectors find the cue with a regular expression and read what follows with a sticky one.
// bench/regex-linearity.ts and test/unit/analysis/pii-linearity.test.ts check it on the worst inputs.

// Boundaries shared by the digit patterns. A number never starts right after a letter, a digit,
// `#` (order numbers), a currency sign (prices), `@`, `/` (dates, paths) or a `.`/`-` that joins it
// to more digits; it never ends before a letter, a digit, `%`, `円`, or a separator followed by a
// digit. That is what keeps a redaction from leaving part of a number behind: a pattern either
// takes the whole digit run or nothing.
// A group of four digits one space away also counts as the same number (4111 1111 1111 1112 is
// one Luhn-invalid number, not a My Number followed by 1112) — a group on its own, not the end of a
// word or a longer number ("ref7782 4111 1111 1111 1111" still holds a card).
const L = String.raw`(?<![A-Za-z0-9_#$¥￥€£@+/.\-]|(?<![A-Za-z0-9_])\d{4} )`;
const R = String.raw`(?![A-Za-z0-9_%]|[\-./,:]\d| ?円| \d{4}(?!\d))`;

// E-mail: a Latin local part (jöhn.müller), starting only where a run of local-part characters starts
// (trying every position inside a long run that never reaches a domain was quadratic).
const LOCAL = String.raw`[\p{sc=Latin}0-9._%+\-]`;
// Domain labels may be internationalised (例え.jp, bücher.de): Latin, Han and kana letters.
const LABEL = String.raw`[\p{sc=Latin}\p{sc=Han}\p{sc=Hiragana}\p{sc=Katakana}0-9\-]+`;
const EMAIL = new RegExp(
  String.raw`(?<!${LOCAL})${LOCAL}+@${LABEL}(?:\.${LABEL})*\.(?:[A-Za-z]{2,}(?![A-Za-z0-9\-])|[\p{sc=Han}\p{sc=Hiragana}\p{sc=Katakana}]{2,8})`,
  'gu',
);
// Disguised e-mails. `john[at]example[dot]com`, `john (at) example.com`: a bracketed "at" with any dot.
// `john at example dot com`: a spoken "at" needs a spoken "dot" too ("visit us at example.com" is a site).
const TLD = '(?:com|net|org|edu|gov|info|biz|io|co|jp|uk|de|fr|us|ca|au|me|ne|or|ac|go|it|es|nl)';
const BR_AT = String.raw`(?: ?[\[({<] ?at ?[\])}>] ?)`;
const BR_DOT = String.raw`(?: ?[\[({<] ?dot ?[\])}>] ?| dot |\.)`;
const SAID_DOT = String.raw`(?: ?[\[({<] ?dot ?[\])}>] ?| dot | ?ドット ?)`;
const EMAIL_BRACKETED = new RegExp(
  String.raw`(?<![\w.+\-])[\w.+\-]+${BR_AT}[a-z0-9\-]+(?:${BR_DOT}[a-z0-9\-]+)*${BR_DOT}${TLD}(?![\w\-])`,
  'gi',
);
const EMAIL_SPOKEN = new RegExp(
  String.raw`(?<![\w.+\-])[\w.+\-]+(?: at | ?アット ?)[a-z0-9\-]+(?:${SAID_DOT}[a-z0-9\-]+)*${SAID_DOT}${TLD}(?![\w\-])`,
  'gi',
);

const OCTET = '(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)';
const IPV4 = new RegExp(String.raw`(?<![\w.])(?:${OCTET}\.){3}${OCTET}(?!\w|\.\d)`, 'g');
const IPV6 = /(?<![\w:])[0-9A-Fa-f]{0,4}(?::[0-9A-Fa-f]{0,4}){2,7}(?![\w:])/g;
// Cards: one unbroken run, or a first group of four and then groups of 3–6 with the same separator
// (4-4-4-4, 4-6-5, 4.4.4.4, 4-4-4-4-3). Bounded repetitions: constant work per start.
const CARD = new RegExp(String.raw`${L}(?:\d{13,19}|\d{4}([ \-.])\d{3,6}(?:\1\d{3,6}){1,3})${R}`, 'g');
const MY_NUMBER = new RegExp(String.raw`${L}(?:\d{12}|\d{4}([ \-])\d{4}\1\d{4})${R}`, 'g');
// IBAN: country, check digits, then groups of four (spaced or not); the mod-97 check decides.
const IBAN = /(?<![A-Za-z0-9])[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,3})?(?![A-Za-z0-9])/g;
const SSN = new RegExp(String.raw`${L}\d{3}-\d{2}-\d{4}${R}`, 'g');
const SSN_CUE = /\b(?:ssn|social security(?: number| no\.?)?)\s*(?:is|:|#)?\s*(\d{3}[ -]?\d{2}[ -]?\d{4})(?![\d-])/dgi;
// Passports only after a cue (within a clause: "passport number for the claim: …"): a letter or two and
// 6–8 digits is also a product code.
const PASSPORT =
  /(?:\bpassport|パスポート|旅券)[^\n\d]{0,40}?(?<![A-Za-z0-9])([A-Z]{1,2}\d{6,8}|\d{2}[A-Z]{2}\d{5}|\d{9})(?![A-Za-z0-9])/dgi;
// International numbers start with `+`: digit groups separated by exactly one separator (or an area
// code in parentheses), so a digit run can be read one way only. E.164 (8–15 digits) is checked after.
const PHONE_INTL = /(?<![A-Za-z0-9_#$@/.-])\+ ?\d+(?:(?:[ .-]?\(\d{1,4}\)[ .-]?|[ .-])\d+)*/g;
// Domestic numbers with a trunk 0 (Japan 03-1234-5678, 090-1234-5678, 0120-123-456, (03)1234-5678,
// 03(1234)5678; the UK's 020 7946 0958 has the same shape); 10 or 11 digits, checked afterwards.
// `00` is the international prefix, not a trunk: 0016 964012 is a bag tag, not a phone.
const PHONE_TRUNK = new RegExp(
  String.raw`${L}(?:\(0\d{1,4}\) ?\d{1,4}[\- ]?\d{3,4}|0[1-9]\d{0,3}[\- ]\d{1,4}[\- ]\d{3,4}|0[1-9]\d{0,3}\(\d{1,4}\)\d{3,4}|0[1-9]\d{1,3}[\- ]\d{6,8}|0[1-9]\d{8,9})${R}`,
  'g',
);
// North American numbers with separators, and bare ten-digit ones (area and exchange codes start
// 2–9) unless an order/ticket/account word comes just before.
const PHONE_NANP = new RegExp(
  String.raw`${L}(?:1[\-. ]?)?(?:\([2-9]\d{2}\) ?|[2-9]\d{2}[\-. ])[2-9]\d{2}[\-. ]\d{4}${R}`,
  'g',
);
const PHONE_BARE10 = new RegExp(String.raw`${L}[2-9]\d{2}[2-9]\d{6}${R}`, 'g');
const ID_CUE =
  /(?:order|ticket|case|booking|confirmation|tracking|invoice|account|acct|ref|reference|reservation|id|sku|model|serial|pnr|#|注文|伝票|予約|会員|追跡|問い?合わ?せ|受付|引受|整理|管理)\W{0,3}(?:(?:no|number|id|#)\W{0,3})?$/i;
// Seven-digit local numbers only after a cue ("call me on 555-1234", 電話は123-4567).
const PHONE_LOCAL = new RegExp(
  String.raw`(?:\bcall me (?:on|at)|\bcall (?:us|me) at|\bcall (?:me |us )?back (?:on|at)|\bcall-?back(?: requested)?(?: on| at)?|\b(?:my |the |a )?number is|\btext me (?:on|at)|\breach me (?:on|at)|\bring me (?:on|at)|\bphone(?: number| no\.?)?(?: is)?|\btel\.?|\bcell(?: is)?|\bmobile(?: is)?|電話(?:番号)?(?:は|:)?|携帯(?:番号)?(?:は|:)?)[\s:]*(\d{3}[\- ]?\d{4})${R}`,
  'dgi',
);

const POSTAL_MARKED = new RegExp(String.raw`〒 ?(\d{3}-?\d{4})${R}`, 'dg');
const POSTAL_BARE = new RegExp(String.raw`${L}\d{3}-\d{4}${R}`, 'g');
// A bare 123-4567 is a postal code only next to address words or before a prefecture name.
const POSTAL_BEFORE = /(?:郵便番号|住所|所在地|送付先|postal|zip|post ?code)[\s:：は]*$/i;
const POSTAL_AFTER = /^\s*(?:北海道|東京都|(?:京都|大阪)府|[\u4e00-\u9fff]{2,3}県)/;
const ZIP = new RegExp(
  String.raw`(?<=\b(?:${US_STATES.join('|')}|${US_STATE_NAMES.join('|')})\.?,? )\d{5}(?:-\d{4})?(?![\d\-])`,
  'g',
);
// UK: outward code, a space, inward code (whose letters never include C I K M O V).
const UK_POSTCODE = /(?<![A-Za-z0-9])(?:[A-Z]{1,2}\d[A-Z\d]?) \d[ABD-HJLNP-UW-Z]{2}(?![A-Za-z0-9])/g;

const MONTHS =
  '(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)';
const DATE = String.raw`(?:\d{4}[/\-.]\d{1,2}[/\-.]\d{1,2}|\d{1,2}[/\-.]\d{1,2}[/\-.]\d{2,4}|\d{4}年\d{1,2}月\d{1,2}日|(?:昭和|平成|令和)\d{1,2}年\d{1,2}月\d{1,2}日|${MONTHS}\.? \d{1,2}(?:st|nd|rd|th)?,? \d{4}|\d{1,2}(?:st|nd|rd|th)? (?:of )?${MONTHS},? \d{4})`;
// Dates of birth only after a cue: "delivered on 3 March 2024" is the detail a manager needs.
const DOB = new RegExp(
  String.raw`(?:\bdate of birth|\bbirth ?date|\bd\.?o\.?b\b\.?|\bborn(?: on)?|\bbirthday(?: is)?|生年月日|誕生日)[^\n\d]{0,12}?(${DATE})(?![\d/])`,
  'dgi',
);

// 「1962年5月1日生まれ」「平成9年1月20日生」: the cue comes after the date.
const DOB_AFTER = new RegExp(String.raw`(${DATE})(?:生まれ|うまれ|生(?!\p{sc=Han}))`, 'dgu');

const STREET_TYPES =
  'Street|St|Avenue|Ave|Road|Rd|Boulevard|Blvd|Lane|Ln|Drive|Dr|Court|Ct|Way|Place|Pl|Terrace|Close|Crescent|Parkway|Pkwy|Highway|Hwy|Square|Sq|Circle|Cir|Trail|Gardens|Grove|Mews';
// Streets named type-first, as in French, Italian and Spanish addresses ("5 Rue de la Paix", "12 Via Roma").
const STREET_FIRST = 'Rue|Via|Calle|Avenida|Chemin|Allée|Quai|Strada|Piazza';
// A five-digit code after a street and up to three place words ("77 Juniper Way, 30301", "8 Rue du Bac, Lyon 69001").
const ZIP_AFTER_STREET = new RegExp(
  String.raw`(?<=\b(?:${STREET_TYPES}|${STREET_FIRST})\.?(?:,? (?:\p{Lu}[\p{L}'’]*|de|du|des|la|le|del|di)){0,5},? )\d{5}(?![\d\-])`,
  'gu',
);
// "742 Evergreen Terrace", "350 5th Avenue, Apt 4B", "Flat 3, 12 Baker Street": a house number, one to
// three capitalised words and a street type; at most three words, so constant work per start.
const ADDRESS_EN = new RegExp(
  String.raw`(?:(?:Flat|Apt|Unit|Suite) \w{1,5},? )?(?<![\w#$.,\-])\d{1,5}[A-Za-z]? (?:[NSEW]\.? )?(?:(?:\p{Lu}[\p{Ll}'’]+|\d{1,3}(?:st|nd|rd|th)) ){1,3}(?:${STREET_TYPES})\.?(?![\p{L}])(?:,? (?:Apt|Apartment|Suite|Ste|Unit|Flat|#)\.? ?[A-Za-z0-9\-]{1,6})?|(?<![\w#$.,\-])\d{1,4},? (?:${STREET_FIRST})(?: (?:de|du|des|la|le|del|di|della|\p{Lu}[\p{Ll}'’\-]+)){1,4}|\bP\.?O\.? Box \d{1,6}\b`,
  'gu',
);
// Japanese: a block number (4-2-8, 1丁目2番3号, 5番地) found first, then the run of kanji/katakana before it
// read backwards (at most 24 characters): [prefecture][city/ward/town][district]. Reading backwards from
// the number keeps it linear — a pattern with optional prefecture, city and district parts before the
// number backtracks hundreds of ways at every kanji of a long Japanese text.
const BLOCK_JA =
  /(?<![\d-])\d{1,4}(?:丁目(?:\d{1,4}(?:番地?|-)?(?:\d{1,4}号?)?)?|番地(?:\d{1,4}号?)?|番\d{1,4}号?|-\d{1,4}(?:-\d{1,4})?)(?![\d-])/g;
// 「西大寺北町15」: a bare number right after 町/村 is a lot number, but only under a city (checked in jaAddress).
const BLOCK_JA_BARE = /(?<=[町村])\d{1,4}(?![\d\-年月日円時分件個人回歳号番丁つ歩台本枚]|[.,]\d)/g;
const PREFECTURE = /(?:東京都|北海道|京都府|大阪府|\p{sc=Han}{2,3}県)/u;
const MUNICIPALITY = /\p{sc=Han}{1,4}?[市区町村郡]/u;
// Kanji, katakana and kana (丸の内, みなとみらい) may make up the run before the number; it is then cut
// at the prefecture, else the first city/ward/town, else its last kanji/katakana stretch (梅田1丁目).
const ADDRESS_RUN_CHAR = /[\p{sc=Han}\p{sc=Katakana}\p{sc=Hiragana}ヶヵー]/u;
const LAST_STRETCH = /[\p{sc=Han}\p{sc=Katakana}ヶヵー]+$/u;

/** The address ending at a block number found by BLOCK_JA, or undefined when nothing before it says "address". */
const jaAddress = (m: RegExpExecArray, text: string): Span | undefined => {
  let start = m.index;
  while (start > 0 && m.index - start < 24 && ADDRESS_RUN_CHAR.test(text[start - 1] as string)) start--;
  const run = text.slice(start, m.index);
  const end = m.index + m[0].length;
  if (/^\d+$/.test(m[0]) && !/[市区郡]/.test(run.slice(0, -1))) return undefined;
  const pref = PREFECTURE.exec(run);
  if (pref) return { start: start + pref.index, end };
  const city = MUNICIPALITY.exec(run);
  if (city) return { start: start + city.index, end };
  // Without a prefecture or a city, only 丁目/番地/号 say "address" (a bare 1-2 is anything).
  const stretch = LAST_STRETCH.exec(run);
  if (!/[丁番号]/.test(m[0]) || !stretch) return undefined;
  return { start: start + stretch.index, end };
};

// Names. English: the cue (any case) is found first; the name is read case-sensitively after it.
const NAME_TOKEN = String.raw`\p{Lu}\p{Ll}[\p{L}'’\-]*`;
const NAME_AT = new RegExp(String.raw`(?:${NAME_TOKEN}|\p{Lu}\.)(?: (?:${NAME_TOKEN}|\p{Lu}\.)){0,2}`, 'uy');
const TITLE = /\b(?:Mr|Mrs|Ms|Miss|Mx|Dr|Prof|Sir)\.? (?=\p{Lu})/gu;
const NAME_CUE_WORDS = `my name is|my name's|name:|this is|i am|i'm|i’m|call me|signed|dear|spoke (?:to|with)|talked (?:to|with)|chatted with|agent|representative|rep|driver|technician|courier|supervisor|manager|named|ask for|asked for`;
const NAME_CUE = new RegExp(String.raw`\b(?:${NAME_CUE_WORDS})[ \t]+(?=\p{Lu})`, 'giu');
// NAME_CUE's cue and the space after it, without the u flag (V8 runs it in half the time), to skip the pattern
// where no cue stands. Without u, i folds no other letter to an ASCII one and \b sees the same word
// characters, save ſ and the Kelvin sign (which fold to s and k under u): texts holding one run NAME_CUE.
const NAME_CUE_ANY = new RegExp(String.raw`\b(?:${NAME_CUE_WORDS})[ \t]`, 'i');
const FOLDS_TO_ASCII = /[\u017f\u212a]/;
const SIGN_OFF =
  /(?:^|\n|[.!?] )[ \t]*(?:thanks|thank you|many thanks|regards|best regards|kind regards|warm regards|best|cheers|sincerely|yours truly|yours sincerely)[,.!]?[ \t]*(?:\n[ \t]*|[-–—][ \t]?)?(?=\p{Lu})/giu;
const DASH_SIGN = /(?:^|\n)[ \t]*[-–—~][ \t]?(?=\p{Lu})/gu;
// A role or relation before a full name ("Caller Martin Ostrowski", "my sister, Ines Carvalho", "From: …"):
// two or three name tokens required, since a role noun is also followed by "Service", "Rights".
// `(?<!\w)`, not `\b`: every cue starts with a letter, a word character, so the two say the same, and V8
// runs this one faster (`\b` under the i and u flags costs a word-character test on both sides).
const ROLE_CUE =
  /(?<!\w)(?:customer|caller|patient|policyholder|policy holder|account holder|cardholder|card holder|pax|passenger|guest|claimant|client|tenant|applicant|colleague|co-?worker|admin|administrator|my (?:mother|father|mom|mum|dad|wife|husband|son|daughter|sister|brother|partner|friend|boss|manager)|from:|to:|cc:|(?<its>it's|it’s|its))[ \t]*,?[ \t]+(?=\p{Lu})/giu;
// A name word: Capitalised, or O'/D' before a capital (O'Connor, D'Angelo).
const NAME_WORD = String.raw`\p{Lu}(?:\p{Ll}|['’]\p{Lu})[\p{L}'’\-]*`;
const NAME_WORDS = String.raw`(?<![\p{L}'’])${NAME_WORD}(?: ${NAME_WORD}){1,2}`;
// A full name written just before its e-mail: "Wendy Tran (wtran@…)", "Omar Haddad <omar@…>".
const NAME_BEFORE_EMAIL = new RegExp(String.raw`${NAME_WORDS}(?= ?[(<][^\s@()<>]{1,64}@)`, 'gu');
// "Nina Petrova from your sales team": a full name introduced by the team it belongs to.
const NAME_FROM_TEAM = new RegExp(`${NAME_WORDS}(?= from (?:your|the) )`, 'gu');
// A bare full name closing the text after a sentence ("… please update my card. Henrik Larsen").
const NAME_LAST = new RegExp(String.raw`[.!?][ \t]+(?=${NAME_WORD} ${NAME_WORD}[ \t]*$)`, 'gu');
const GIVEN_THEN_FAMILY = new RegExp(String.raw`\b(?<given>${NAME_TOKEN}) (?:\p{Lu}\. )?${NAME_TOKEN}`, 'gu');
// Japanese: honorifics after a name-like token, and self-introductions.
const HONORIFIC = /(?:様|さま|さん|殿|氏)/g;
// Self-introductions: the cue is found, the name read forwards (私は…です, 担当の…) or backwards (…と申します).
const JA_CUE_BEFORE = /(?:(?<self>私|わたし|わたくし|僕|俺)(?:は|、)|(?:名前|氏名)(?:は|:)|担当(?:者)?(?:の|は)) ?/g;
// After 私は the name must close the introduction (私はベットの横で寝ました is no name).
const SELF_CLOSE = /^ ?(?:です|と申します|といいます|と言います|でございます)/;
const JA_CUE_AFTER = / ?(?:と申します|と申す者|といいます|と言います)/g;
// Relations and form labels before a name (同僚の森田, 亡父村上, 差出人：平野 誠, 口座名義は…): the name must start
// with a known surname, or be katakana.
const JA_LABEL =
  /(?<relation>同僚|上司|部下|友人|知人|主人|家内|夫|妻|母|父|息子|娘|兄|姉|弟|妹|祖母|祖父|亡父|亡母|義母|義父)の?|(?:差出人|送り主|請求者|申込者|申請者|契約者|受取人|宛名|顧客名|お客様名|名義|管理者|代表者|依頼者|署名)(?:は|:) ?/g;
// 「…の上田みゆきです」「御中 森です」: a known surname (and given name) just before です, after a boundary.
const JA_DESU = /(?:です|でございます)/g;
// 「内田美穂 宛」: the addressee before 宛 (not 宛先, the destination).
const JA_ADDRESSEE = / ?宛(?!先)/g;
// A signature: a line that is only a name, or a name before a `|` (「安藤 博」「小川 直樹｜情報システム部」).
const JA_SIGNATURE = /(?<=^|[。\n]) ?(?=\p{sc=Han}{1,4}(?: \p{sc=Han}{1,4})?(?:$|\n| ?\|))/gmu;
// The given-name part of a surname+given run that names a place or an organisation (田中駅, 山田電機).
const PLACE_OR_ORG = /[駅町市区村県都府線口橋通寺港島道店社屋館園院局所機庁署]$/u;
// Particles that end a hiragana given name read backwards (林ひかり様, but not 田中のみなさま).
const KANA_STOP = /[のはがをにとでもへや]/u;
// 「山田太郎です。」 at the start of a sentence: a name only when it starts with a known surname.
const JA_SELF = /(?<=^|[。\n!?！？]) ?(?=\p{sc=Han}{2,6}(?:です|でございます))/gmu;
// Character tests by code range: called for every character around an honorific, so no regular expression.
const isHan = (c: string): boolean => {
  const x = c.charCodeAt(0);
  return (x >= 0x4e00 && x <= 0x9fff) || (x >= 0x3400 && x <= 0x4dbf) || (x >= 0xf900 && x <= 0xfaff) || x === 0x3005;
};
const isKatakana = (c: string): boolean => {
  const x = c.charCodeAt(0);
  return (x >= 0x30a1 && x <= 0x30ff) || (x >= 0x31f0 && x <= 0x31ff);
};
const SURNAMES = new Set(JA_SURNAMES);
/** Length of the known surname starting at `i` in `run` (longest first), or 0. */
const surnameAt = (run: string, i: number): number => {
  for (let n = 3; n >= 1; n--) if (SURNAMES.has(run.slice(i, i + n))) return n;
  return 0;
};
const KATAKANA_RUN = /^[\p{sc=Katakana}ー・ ]+$/u;
const KATAKANA_SEPARATORS = /[・ ]/g;
// Occupations, shops and groups take さん too (酒屋さん, 板前さん, 運転士さん, 支配人さん, 生徒さん).
const ROLE_SUFFIX = /[長者員部課係店社所局室科会屋士人前主師手生徒体舗客仕方皆]$/u;
// The kanji before 様 that make a word, not a name: 同様, 模様, 仕様, ご苦労様, お疲れ様, ご馳走様.
const SAMA_WORD = /(?:[同模仕異多各左有一両上皆貴奥神王殿]|苦労|疲れ|馳走|世話|互い|生憎)$/u;

/** The name inside a run of kanji before an honorific or after a cue: from a known surname on, else the run. */
const jaNameIn = (run: string, strict: boolean): { offset: number; length: number } | undefined => {
  const compact = run.replace(KATAKANA_SEPARATORS, '');
  if (KATAKANA_RUN.test(run)) {
    return compact.length >= 2 && !JA_NOT_NAMES.has(compact) ? { offset: 0, length: run.length } : undefined;
  }
  for (let i = 0; i < run.length; i++) {
    const n = surnameAt(run, i);
    if (n === 0) continue;
    if (PLACE_OR_ORG.test(run.slice(i + n))) return undefined;
    return { offset: i, length: run.length - i };
  }
  if (strict || compact.length < 2 || compact.length > 4 || JA_NOT_NAMES.has(compact) || ROLE_SUFFIX.test(compact))
    return undefined;
  return { offset: 0, length: run.length };
};

/** A name-like character: kanji, katakana, or one space between kanji (山田 太郎). */
const isNameChar = (text: string, i: number): boolean => {
  const c = text[i] as string;
  return isHan(c) || isKatakana(c) || (c === ' ' && isHan(text[i - 1] ?? '') && isHan(text[i + 1] ?? ''));
};

/** A surname in kanji and a given name in hiragana ending at `end` (伊藤さくら), or undefined. */
const kanaNameBefore = (text: string, end: number): Span | undefined => {
  let kana = end;
  while (
    kana > 0 &&
    end - kana < 4 &&
    /\p{sc=Hiragana}/u.test(text[kana - 1] as string) &&
    !KANA_STOP.test(text[kana - 1] as string)
  )
    kana--;
  if (kana === end || end - kana < 2) return undefined;
  let start = kana;
  while (start > 0 && kana - start < 4 && isHan(text[start - 1] as string)) start--;
  const run = text.slice(start, kana);
  return SURNAMES.has(run) ? { start, end } : undefined;
};

/** The name in the run of name characters that ends at `end` (at most 10 back), or undefined. */
const nameBefore = (text: string, end: number, strict: boolean): Span | undefined => {
  let start = end;
  while (start > 0 && end - start < 10 && isNameChar(text, start - 1)) start--;
  const name = jaNameIn(text.slice(start, end), strict);
  return name ? { start: start + name.offset, end: start + name.offset + name.length } : undefined;
};

/** A name that starts with a known surname (or is katakana) at `start`, read forwards, or undefined. */
const jaNameAfter = (text: string, start: number): Span | undefined => {
  let end = start;
  while (end < text.length && end - start < 10 && isNameChar(text, end)) end++;
  const run = text.slice(start, end).trimEnd();
  const name = jaNameIn(run, true);
  return name?.offset === 0 ? { start, end: start + name.length } : undefined;
};

/**
 * A name ending at `end` that starts with a known surname, after a boundary (start, punctuation, space, の):
 * 「…の上田みゆきです」, 「御中 森です」; a single kanji (森, 林) only after punctuation or a space.
 */
const jaNameEndingAt = (text: string, end: number): Span | undefined => {
  const span = kanaNameBefore(text, end) ?? nameBefore(text, end, true);
  if (!span) return undefined;
  const name = text.slice(span.start, span.end);
  if (surnameAt(name, 0) === 0) return undefined;
  const before = text[span.start - 1] ?? '';
  if (before === 'の') return name.replace(/ /g, '').length >= 2 ? span : undefined;
  return before === '' || /[\s。、,.!?！？「（(:：]/u.test(before) ? span : undefined;
};

const INNER_CAPITAL = /^\p{Lu}.*\p{Lu}/u;
const MC_NAME = /^(?:Mc|Mac|O['’]|D['’])\p{Lu}/u;
const INITIAL = /^\p{Lu}\.$/u;
const NAME_END = /^[ \t]*(?:$|\n|[.,!)])/;

/** English name tokens at `at`, or undefined when they are ordinary capitalised words. */
const enNameAt = (text: string, at: number, requireEnd = false): { start: number; end: number } | undefined => {
  NAME_AT.lastIndex = at;
  const m = NAME_AT.exec(text);
  if (!m) return undefined;
  // A capital inside a word is a brand (MileagePlus, iPhone), unless the name starts Mc/Mac (McHattie).
  const words = m[0].split(' ');
  if (words.some((w) => INNER_CAPITAL.test(w) && !MC_NAME.test(w) && !INITIAL.test(w))) return undefined;
  // Trailing ordinary words ("John Smith Support") are not part of the name.
  while (words.length > 0 && EN_NOT_NAMES.has((words[words.length - 1] as string).toLowerCase())) words.pop();
  if (words.length === 0 || EN_NOT_NAMES.has((words[0] as string).toLowerCase())) return undefined;
  const end = at + words.join(' ').length;
  if (requireEnd && !NAME_END.test(text.slice(end, end + 3))) return undefined;
  return { start: at, end };
};

type Span = { start: number; end: number };
type Detector = {
  type: PiiType;
  pattern: RegExp;
  /** Cheap test on the normalised text: false skips the pattern. */
  needs: keyof Needs;
  check: (m: RegExpExecArray, text: string) => Span | Span[] | undefined;
};
type Needs = {
  at: boolean;
  /** An `@` followed by letters or digits and a `.`: what an e-mail address needs. */
  atDot: boolean;
  /** An `@` and a `(` or `<`: what a name before its e-mail needs. */
  atBracket: boolean;
  digit: boolean;
  /** Three digits in a row: what a domestic number with a trunk 0 needs. */
  threeDigits: boolean;
  /**
   * Four digits in a row: what cards, My Numbers, SSNs, passports, North American numbers and postal
   * codes need (each pattern has a \d{4} or longer run, or a part that is one).
   */
  fourDigits: boolean;
  /** Five digits in a row: what a ZIP code needs. */
  fiveDigits: boolean;
  /** PHONE_LOCAL's own number (\d{3}[\- ]?\d{4}). */
  sevenDigits: boolean;
  /** A `+` and a digit: what an international number needs. */
  plus: boolean;
  /** Two colons and more: what an IPv6 address needs. */
  twoColons: boolean;
  /** A 〒 and four digits: what a marked Japanese postal code needs. */
  postalMark: boolean;
  latin: boolean;
  japanese: boolean;
  bracketedAt: boolean;
  spokenAt: boolean;
  /** A NAME_CUE cue and a space or tab after it (see NAME_CUE_ANY). */
  nameCue: boolean;
  /** " from your " or " from the ": what a name introduced by its team needs. */
  fromTeam: boolean;
  /** A line that starts with a dash, or more than one line: what a dash signature needs. */
  lineDash: boolean;
  /** A last word with a capital after a space: what a bare full name closing the text needs. */
  lastCapital: boolean;
};

const digitsOf = (s: string): string => s.replace(NON_DIGITS, '');
const whole = (m: RegExpExecArray): Span => ({ start: m.index, end: m.index + m[0].length });
const group = (m: RegExpExecArray, i = 1): Span | undefined => {
  const at = m.indices?.[i];
  return at ? { start: at[0], end: at[1] } : undefined;
};

/** 13–19 digits in an issuer range (2 Mastercard, 3 Amex/JCB/Diners, 4 Visa, 5 Mastercard, 6 Discover/UnionPay), Luhn-valid. */
const isCard = (written: string): boolean => {
  const d = digitsOf(written);
  const first = d.charCodeAt(0) - 48;
  return d.length >= 13 && d.length <= 19 && first >= 2 && first <= 6 && luhnValid(d);
};

const digitCount =
  (min: number, max: number) =>
  (m: RegExpExecArray): Span | undefined => {
    const n = digitsOf(m[0]).length;
    return n >= min && n <= max ? whole(m) : undefined;
  };

const NON_DIGITS = /\D/g;

/** An international number, dropping trailing groups that push it past 15 digits ("+81 90 1234 5678 2 times"). */
const intlPhone = (m: RegExpExecArray, text: string): Span | undefined => {
  let written = m[0];
  for (;;) {
    const n = digitsOf(written).length;
    if (n >= 8 && n <= 15) {
      const end = m.index + written.length;
      return /^(?:[A-Za-z0-9_%]|[-./,:]\d)/.test(text.slice(end, end + 2)) ? undefined : { start: m.index, end };
    }
    const cut = written.search(/[ .\-)(]+\d+$/);
    if (n < 8 || cut <= 0) return undefined;
    written = written.slice(0, cut);
  }
};

// Priority order: an e-mail address or IP wins over the digits inside it; a Luhn-valid card wins
// over a phone shape; a My Number (check digit) over a phone; a phone over a postal code; numbers
// over addresses; addresses over names.
const DETECTORS: Detector[] = [
  { type: 'EMAIL', pattern: EMAIL, needs: 'atDot', check: whole },
  { type: 'EMAIL', pattern: EMAIL_BRACKETED, needs: 'bracketedAt', check: whole },
  { type: 'EMAIL', pattern: EMAIL_SPOKEN, needs: 'spokenAt', check: whole },
  {
    type: 'IBAN',
    pattern: IBAN,
    needs: 'digit',
    check: (m) => (ibanValid(m[0].replace(/ /g, '')) ? whole(m) : undefined),
  },
  { type: 'IP_ADDRESS', pattern: IPV4, needs: 'digit', check: whole },
  { type: 'IP_ADDRESS', pattern: IPV6, needs: 'twoColons', check: (m) => (ipv6Valid(m[0]) ? whole(m) : undefined) },
  {
    type: 'CARD',
    pattern: CARD,
    needs: 'fourDigits',
    check: (m) => {
      if (isCard(m[0])) return whole(m);
      // A trailing short group may be the security code written after the number ("… 1111 123").
      const cut = m[0].search(/[ .-]\d{1,3}$/);
      return cut > 0 && isCard(m[0].slice(0, cut)) ? { start: m.index, end: m.index + cut } : undefined;
    },
  },
  {
    type: 'MY_NUMBER',
    pattern: MY_NUMBER,
    needs: 'fourDigits',
    check: (m, text) =>
      myNumberValid(digitsOf(m[0])) && !ID_CUE.test(text.slice(Math.max(0, m.index - 24), m.index))
        ? whole(m)
        : undefined,
  },
  { type: 'SSN', pattern: SSN, needs: 'fourDigits', check: (m) => (ssnValid(digitsOf(m[0])) ? whole(m) : undefined) },
  {
    type: 'SSN',
    pattern: SSN_CUE,
    needs: 'fourDigits',
    check: (m) => (ssnValid(digitsOf(m[1] ?? '')) ? group(m) : undefined),
  },
  { type: 'PASSPORT', pattern: PASSPORT, needs: 'fourDigits', check: (m) => group(m) },
  { type: 'DOB', pattern: DOB, needs: 'digit', check: (m) => group(m) },
  { type: 'DOB', pattern: DOB_AFTER, needs: 'japanese', check: (m) => group(m) },
  { type: 'PHONE', pattern: PHONE_INTL, needs: 'plus', check: intlPhone },
  { type: 'PHONE', pattern: PHONE_TRUNK, needs: 'threeDigits', check: digitCount(10, 11) },
  { type: 'PHONE', pattern: PHONE_NANP, needs: 'fourDigits', check: whole },
  { type: 'PHONE', pattern: PHONE_LOCAL, needs: 'sevenDigits', check: (m) => group(m) },
  {
    type: 'PHONE',
    pattern: PHONE_BARE10,
    needs: 'fourDigits',
    check: (m, text) => (ID_CUE.test(text.slice(Math.max(0, m.index - 24), m.index)) ? undefined : whole(m)),
  },
  { type: 'POSTAL_CODE', pattern: POSTAL_MARKED, needs: 'postalMark', check: (m) => group(m) },
  {
    type: 'POSTAL_CODE',
    pattern: POSTAL_BARE,
    needs: 'fourDigits',
    check: (m, text) => {
      const end = m.index + m[0].length;
      const before = text.slice(Math.max(0, m.index - 16), m.index);
      const after = text.slice(end, end + 8);
      return POSTAL_BEFORE.test(before) || POSTAL_AFTER.test(after) ? whole(m) : undefined;
    },
  },
  { type: 'POSTAL_CODE', pattern: ZIP, needs: 'fiveDigits', check: whole },
  { type: 'POSTAL_CODE', pattern: UK_POSTCODE, needs: 'digit', check: whole },
  { type: 'POSTAL_CODE', pattern: ZIP_AFTER_STREET, needs: 'fiveDigits', check: whole },
  { type: 'ADDRESS', pattern: ADDRESS_EN, needs: 'digit', check: whole },
  { type: 'ADDRESS', pattern: BLOCK_JA, needs: 'japanese', check: jaAddress },
  { type: 'ADDRESS', pattern: BLOCK_JA_BARE, needs: 'japanese', check: jaAddress },
  { type: 'NAME', pattern: TITLE, needs: 'latin', check: (m, text) => enNameAt(text, m.index + m[0].length) },
  { type: 'NAME', pattern: NAME_CUE, needs: 'nameCue', check: (m, text) => enNameAt(text, m.index + m[0].length) },
  {
    type: 'NAME',
    pattern: SIGN_OFF,
    needs: 'latin',
    check: (m, text) => enNameAt(text, m.index + m[0].length, true),
  },
  {
    type: 'NAME',
    pattern: DASH_SIGN,
    needs: 'lineDash',
    check: (m, text) => enNameAt(text, m.index + m[0].length, true),
  },
  {
    type: 'NAME',
    pattern: ROLE_CUE,
    needs: 'latin',
    check: (m, text) => {
      // "its Dallas Route -", "its Academy Award nomination": after "it's" the name must end the clause.
      const span = enNameAt(text, m.index + m[0].length, Boolean(m.groups?.its));
      return span && text.slice(span.start, span.end).includes(' ') ? span : undefined;
    },
  },
  { type: 'NAME', pattern: NAME_BEFORE_EMAIL, needs: 'atBracket', check: (m, text) => enNameAt(text, m.index) },
  { type: 'NAME', pattern: NAME_FROM_TEAM, needs: 'fromTeam', check: (m, text) => enNameAt(text, m.index) },
  {
    type: 'NAME',
    pattern: NAME_LAST,
    needs: 'lastCapital',
    check: (m, text) => enNameAt(text, m.index + m[0].length, true),
  },
  {
    type: 'NAME',
    pattern: GIVEN_THEN_FAMILY,
    needs: 'latin',
    check: (m, text) => {
      if (!EN_GIVEN_NAMES.has(m.groups?.given ?? '')) return undefined;
      // The family name is what makes a given name a person here: "Charlotte Wednesday", "Charlotte Staff"
      // lose their second word to the word list and are a city.
      const span = enNameAt(text, m.index);
      return span && text.slice(span.start, span.end).includes(' ') ? span : undefined;
    },
  },
  {
    type: 'NAME',
    pattern: HONORIFIC,
    needs: 'japanese',
    check: (m, text) => {
      // 様 of 様子/様式/様々/様相 and 殿 of 殿堂/殿下 are words, not honorifics (様宛, 様方 are).
      const next = text[m.index + m[0].length] ?? '';
      if (m[0] === '様' && /[子式々相態]/.test(next)) return undefined;
      if (m[0] === '殿' && /[堂下様場]/.test(next)) return undefined;
      const span = nameBefore(text, m.index, false) ?? kanaNameBefore(text, m.index);
      // 同様, ご苦労様 are words; 井上様 ends like 上様 but starts with a surname.
      if (span && m[0] === '様' && SAMA_WORD.test(text.slice(Math.max(0, m.index - 3), m.index))) {
        const name = text.slice(span.start, span.end);
        if (surnameAt(name, 0) === 0) return undefined;
      }
      return span;
    },
  },
  {
    type: 'NAME',
    pattern: JA_CUE_BEFORE,
    needs: 'japanese',
    check: (m, text) => {
      const start = m.index + m[0].length;
      let end = start;
      while (end < text.length && end - start < 10 && isNameChar(text, end)) end++;
      const run = text.slice(start, end).trimEnd();
      if (m.groups?.self && !SELF_CLOSE.test(text.slice(start + run.length, start + run.length + 8))) return undefined;
      // 私は…です needs a name-like token (私は会社員です is not a name): a known surname or katakana.
      const name = jaNameIn(run, true);
      return name ? { start: start + name.offset, end: start + name.offset + name.length } : undefined;
    },
  },
  {
    type: 'NAME',
    pattern: JA_SELF,
    needs: 'japanese',
    check: (m, text) => {
      const start = m.index + m[0].length;
      let end = start;
      while (end < text.length && end - start < 6 && isHan(text[end] as string)) end++;
      const name = jaNameIn(text.slice(start, end), true);
      return name?.offset === 0 ? { start, end } : undefined;
    },
  },
  {
    type: 'NAME',
    pattern: JA_CUE_AFTER,
    needs: 'japanese',
    check: (m, text) => nameBefore(text, m.index, false),
  },
  {
    type: 'NAME',
    pattern: JA_LABEL,
    needs: 'japanese',
    check: (m, text) => {
      const span = jaNameAfter(text, m.index + m[0].length);
      // After a relation (主人のガウン) katakana is a thing; a name there starts with a known surname.
      return span && (!m.groups?.relation || surnameAt(text.slice(span.start, span.end), 0) > 0) ? span : undefined;
    },
  },
  {
    type: 'NAME',
    pattern: JA_SIGNATURE,
    needs: 'japanese',
    check: (m, text) => jaNameAfter(text, m.index + m[0].length),
  },
  { type: 'NAME', pattern: JA_ADDRESSEE, needs: 'japanese', check: (m, text) => jaNameEndingAt(text, m.index) },
  { type: 'NAME', pattern: JA_DESU, needs: 'japanese', check: (m, text) => jaNameEndingAt(text, m.index) },
];

/** Index of the first match starting at or after `start` in `sorted` (binary search: long texts hold thousands). */
const insertionPoint = (sorted: readonly PiiMatch[], start: number): number => {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((sorted[mid]?.start ?? 0) < start) lo = mid + 1;
    else hi = mid;
  }
  return lo;
};

/**
 * True when some `@` is followed by a run of label characters and a `.` (EMAIL's shape). Every character
 * of EMAIL's domain labels is an ASCII letter, digit or `-`, or beyond ASCII: the run read here is never
 * shorter than the pattern's, so where the pattern can match this is true.
 */
const atThenDot = (text: string): boolean => {
  for (let at = text.indexOf('@'); at >= 0; at = text.indexOf('@', at + 1)) {
    let i = at + 1;
    for (; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (!(c >= 128 || (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 45)) break;
    }
    if (i > at + 1 && text.charCodeAt(i) === 46) return true;
  }
  return false;
};

// One regular expression per need: each answers a comment in nanoseconds (a loop read every character).
const DIGIT = /[0-9]/;
const THREE_DIGITS = /[0-9]{3}/;
const FOUR_DIGITS = /[0-9]{4}/;
const FIVE_DIGITS = /[0-9]{5}/;
const SEVEN_DIGITS = /[0-9]{3}[- ]?[0-9]{4}/;
const LATIN = /[A-Za-z]/;
const JAPANESE = /[\u3040-\u9fff]/;

const DASH_FIRST = /^[ \t]*[-–—~]/;
const CAPITAL = /\p{Lu}/u;

/**
 * True when the last word, after trailing spaces and tabs, follows a space and starts with a capital, as
 * NAME_LAST's second name word does (a name word holds no space or tab: the word is that word).
 */
const endsInCapital = (text: string): boolean => {
  let end = text.length;
  while (end > 0 && (text.charCodeAt(end - 1) === 32 || text.charCodeAt(end - 1) === 9)) end--;
  const start = text.lastIndexOf(' ', end - 1) + 1;
  return start > 0 && start < end && CAPITAL.test(String.fromCodePoint(text.codePointAt(start) as number));
};

/**
 * Each need's bit in a mask from {@link needsOf}. A mask, not a {@link Needs} object: the detectors asked the
 * object for their need by name, a keyed lookup per detector that cost a third of a comment's detection.
 */
const NEED = {
  at: 1 << 0,
  atDot: 1 << 1,
  atBracket: 1 << 2,
  digit: 1 << 3,
  threeDigits: 1 << 4,
  fourDigits: 1 << 5,
  fiveDigits: 1 << 6,
  sevenDigits: 1 << 7,
  plus: 1 << 8,
  twoColons: 1 << 9,
  postalMark: 1 << 10,
  latin: 1 << 11,
  japanese: 1 << 12,
  bracketedAt: 1 << 13,
  spokenAt: 1 << 14,
  nameCue: 1 << 15,
  fromTeam: 1 << 16,
  lineDash: 1 << 17,
  lastCapital: 1 << 18,
} as const satisfies Record<keyof Needs, number>;

/** Each detector's {@link NEED} bit, by its place in DETECTORS. */
const NEEDED = Int32Array.from(DETECTORS, (d) => NEED[d.needs]);

// NAME_FROM_TEAM's own words (one pass, where two `includes` read the text twice).
const FROM_TEAM_ANY = / from (?:your|the) /;

/** What `text` holds of each of {@link Needs}, as a mask of {@link NEED} bits. */
const needsOf = (text: string): number => {
  const digit = DIGIT.test(text);
  // Most comments with digits hold short numbers (a flight, a time): the patterns of long ones are skipped.
  const threeDigits = digit && THREE_DIGITS.test(text);
  const fourDigits = threeDigits && FOUR_DIGITS.test(text);
  const fiveDigits = fourDigits && FIVE_DIGITS.test(text);
  const latin = LATIN.test(text);
  const japanese = JAPANESE.test(text);
  const at = text.includes('@');
  return (
    (at ? NEED.at : 0) |
    (at && atThenDot(text) ? NEED.atDot : 0) |
    (at && (text.includes('(') || text.includes('<')) ? NEED.atBracket : 0) |
    (text.includes(':', text.indexOf(':') + 1) ? NEED.twoColons : 0) |
    (digit ? NEED.digit : 0) |
    (threeDigits ? NEED.threeDigits : 0) |
    (fourDigits ? NEED.fourDigits : 0) |
    (fiveDigits ? NEED.fiveDigits : 0) |
    (threeDigits && SEVEN_DIGITS.test(text) ? NEED.sevenDigits : 0) |
    (digit && text.includes('+') ? NEED.plus : 0) |
    (fourDigits && text.includes('〒') ? NEED.postalMark : 0) |
    (latin ? NEED.latin : 0) |
    (japanese ? NEED.japanese : 0) |
    (latin && /[[({<] ?at ?[\])}>]/i.test(text) ? NEED.bracketedAt : 0) |
    (latin && ((/ at /i.test(text) && / dot /i.test(text)) || (text.includes('アット') && text.includes('ドット')))
      ? NEED.spokenAt
      : 0) |
    // The three name patterns below run on most comments and rarely match: each skipped when the text
    // lacks what the pattern itself requires (a regular expression pass cost more than these tests).
    (latin && (NAME_CUE_ANY.test(text) || FOLDS_TO_ASCII.test(text)) ? NEED.nameCue : 0) |
    (latin && FROM_TEAM_ANY.test(text) ? NEED.fromTeam : 0) |
    (latin && (text.includes('\n') || DASH_FIRST.test(text)) ? NEED.lineDash : 0) |
    (latin && endsInCapital(text) ? NEED.lastCapital : 0)
  );
};

/**
 * Finds personal data in `text`: matching runs on a normalised copy (NFKC, kanji digits, no zero-width
 * characters; see normalize.ts), spans refer to the original. Returns non-overlapping matches sorted by start.
 */
export const detectPii = (text: string): PiiMatch[] => {
  if (typeof text !== 'string' || text.length === 0) return [];
  const normal = normalizeForPii(text);
  const folded = normal.text;
  const needs = needsOf(folded);
  const taken: PiiMatch[] = [];
  for (let d = 0; d < DETECTORS.length; d++) {
    if ((needs & (NEEDED[d] as number)) === 0) continue;
    const { type, pattern, check } = DETECTORS[d] as Detector;
    pattern.lastIndex = 0;
    for (let m = pattern.exec(folded); m !== null; m = pattern.exec(folded)) {
      // An empty match moves on by a whole code point: a unicode regex set inside a surrogate pair starts
      // again at the pair's first half, so stepping by one code unit would find the same empty match forever.
      if (m[0].length === 0) pattern.lastIndex += (folded.codePointAt(pattern.lastIndex) ?? 0) > 0xffff ? 2 : 1;
      const found = check(m, folded);
      for (const span of Array.isArray(found) ? found : found ? [found] : []) {
        if (span.end <= span.start) continue;
        const at = insertionPoint(taken, span.start);
        const before = taken[at - 1];
        const after = taken[at];
        if ((before && before.end > span.start) || (after && after.start < span.end)) continue;
        taken.splice(at, 0, { type, start: span.start, end: span.end });
      }
    }
  }
  return taken.map((m) => ({ type: m.type, ...originalSpan(normal, m.start, m.end) }));
};
