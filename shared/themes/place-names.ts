/**
 * Place names never name a theme: a city, an airport spelled out, a state or a country is where a
 * complaint happened, not what it is about ("stuck in denver" is about being stuck). English names,
 * lower case, one or more words; Japanese place names come from the tokenizer (IPAdic's 固有名詞・地域).
 * Hand-written and deliberately broad for travel and retail text; add names rather than rules. Airport
 * codes that are English words (SEA, DEN, OAK…) are left to the code rule, which reads them in capitals.
 */

const COUNTRIES = `afghanistan albania algeria argentina armenia australia austria bahamas bangladesh belgium bolivia brazil
bulgaria cambodia canada chile china colombia croatia cuba cyprus czechia denmark ecuador egypt england estonia
ethiopia fiji finland france germany ghana greece guatemala haiti honduras hungary iceland india indonesia iran iraq
ireland israel italy jamaica japan jordan kenya korea kuwait laos latvia lebanon lithuania luxembourg malaysia
maldives malta mexico monaco mongolia morocco nepal netherlands nicaragua nigeria norway pakistan panama paraguay peru
philippines poland portugal qatar romania russia scotland serbia singapore slovakia slovenia spain sweden switzerland
syria taiwan thailand tunisia turkey uganda ukraine uruguay venezuela vietnam wales zimbabwe usa america britain
aruba bermuda barbados belize curacao`;

const STATES = `alabama alaska arizona arkansas california colorado connecticut delaware florida georgia hawaii idaho illinois
indiana iowa kansas kentucky louisiana maine maryland massachusetts michigan minnesota mississippi missouri montana
nebraska nevada ohio oklahoma oregon pennsylvania tennessee texas utah vermont virginia washington wisconsin wyoming
ontario quebec alberta manitoba`;

/** Cities and airports as people write them, one or more words each (one per comma-separated entry). */
const CITIES_AND_AIRPORTS = `new york, new york city, nyc, los angeles, san francisco, san diego, san jose, san antonio, las vegas,
new orleans, salt lake city, salt lake, kansas city, st louis, saint louis, fort lauderdale, fort myers, fort worth,
palm beach, palm springs, west palm, santa barbara, el paso, des moines, little rock, oklahoma city, grand rapids,
colorado springs, long beach, newport news, virginia beach, myrtle beach, puerto rico, san juan, costa rica,
new jersey, new mexico, new hampshire, north carolina, south carolina, north dakota, south dakota, west virginia,
rhode island, dominican republic, hong kong, tel aviv, buenos aires, rio de janeiro, sao paulo, mexico city,
new zealand, south africa, united kingdom, united states, saudi arabia, abu dhabi, cape town, kuala lumpur,
atlanta, austin, baltimore, boston, buffalo, burbank, charleston, charlotte, chicago, cincinnati, cleveland,
columbus, dallas, dayton, denver, detroit, hartford, honolulu, houston, indianapolis, jacksonville, louisville,
memphis, miami, milwaukee, minneapolis, nashville, newark, oakland, omaha, orlando, philadelphia, philly, phoenix,
pittsburgh, portland, providence, raleigh, reno, richmond, rochester, sacramento, savannah, seattle, spokane,
syracuse, tampa, tucson, tulsa, albany, albuquerque, anchorage, birmingham, boise, knoxville, lexington, madison,
norfolk, ontario, pensacola, sarasota, tallahassee, wichita, vegas, frisco, dc, jax, toronto, montreal, vancouver,
calgary, ottawa, edmonton, winnipeg, halifax, london, paris, rome, madrid, barcelona, berlin, frankfurt, munich,
amsterdam, brussels, dublin, zurich, geneva, vienna, prague, lisbon, athens, istanbul, moscow, dubai, doha, delhi,
mumbai, bangkok, beijing, shanghai, seoul, tokyo, osaka, sydney, melbourne, auckland, cancun, cabo, los cabos,
nassau, montego bay, punta cana, havana, lima, bogota, santiago, manila, jakarta, cairo, nairobi, lagos,
laguardia, la guardia, o'hare, ohare, midway, logan, dulles, reagan, heathrow, gatwick, stansted, kennedy, lambert,
hobby airport, love field, sky harbor, hartsfield, sea-tac, seatac, mccarran, john wayne airport, bwi, dfw, jfk, lax,
sfo, ord, atl, iah, phl, ewr, lga, mco, bos, clt, mia, fll, phx, msp, dtw, slc, tpa, bna, rdu, pdx, stl, bdl, pvd,
ric, oma, okc, msy, sjc, smf, cvg, cmh, mci, mdw, dca, iad`;

const words = (list: string): string[] =>
  list
    .split(/[,\s]*\n\s*|,\s*/)
    .map((w) => w.trim())
    .filter(Boolean);

/** Every place name, lower case, by its number of words (longest matched first). */
const PLACES: ReadonlyMap<number, ReadonlySet<string>> = (() => {
  const all = [...COUNTRIES.split(/\s+/), ...STATES.split(/\s+/), ...words(CITIES_AND_AIRPORTS)].filter(Boolean);
  const out = new Map<number, Set<string>>();
  for (const name of all) {
    const n = name.split(' ').length;
    const set = out.get(n) ?? new Set<string>();
    set.add(name);
    out.set(n, set);
  }
  return out;
})();
const LONGEST = Math.max(...PLACES.keys());
/** First words of the names of two words or more: any other word can only start a one-word name. */
const OPENERS: ReadonlySet<string> = new Set(
  [...PLACES].flatMap(([n, names]) => (n > 1 ? [...names].map((name) => name.split(' ')[0] as string) : [])),
);

/**
 * The words of an English phrase with every place name taken out (whole words, the longest name first):
 * "stuck in san francisco" → ["stuck", "in"], "denver" → [].
 */
export const withoutPlaces = (words: readonly string[]): string[] => {
  const out: string[] = [];
  for (let i = 0; i < words.length; ) {
    let skip = 0;
    const longest = OPENERS.has(words[i] as string) ? Math.min(LONGEST, words.length - i) : 1;
    for (let n = longest; n >= 1 && skip === 0; n--) {
      // One word is its own name: no slice and join (most words open no longer name).
      const name = n === 1 ? (words[i] as string) : words.slice(i, i + n).join(' ');
      if (PLACES.get(n)?.has(name)) skip = n;
    }
    if (skip > 0) i += skip;
    else out.push(words[i++] as string);
  }
  return out;
};

/** True when every word of the phrase belongs to a place name. */
export const isPlaceName = (phrase: string): boolean => withoutPlaces(phrase.split(' ')).length === 0;
