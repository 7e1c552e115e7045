/**
 * Hand-written English word classes for the key-phrase chunker. Written for this project (no
 * corpus was used to derive them): function words, frequent verbs, evaluative adjectives and
 * adverbs end a noun phrase; descriptive modifiers may open one but never end it; frequent nouns
 * weigh less than rare ones (a hand-made stand-in for an IDF table).
 */

const set = (words: string): Set<string> => new Set(words.split(/\s+/).filter(Boolean));

/** Words that never belong in a noun phrase: function words, frequent verbs, evaluative words. */
export const EN_STOP = set(`
  a an the this that these those there here some any no not none every each all both either neither
  i me my mine myself we us our ours you your yours he him his she her hers it its they them their theirs
  who whom whose which what whatever when where why how whether if then than so as because since while
  though although unless until till after before again once also too very really just only even still
  yet already ever never always often sometimes usually soon now today tonight tomorrow yesterday
  and or but nor for of to in on at by with without from into onto out up down off over under about
  above below between through during against among per via upon within around across along near
  is am are was were be been being do does did done doing have has had having will would shall should
  can could may might must ought let lets let's get gets got gotten getting go goes went gone going
  make makes made making take takes took taken taking give gives gave given giving come comes came
  coming say says said tell tells told ask asks asked know knows knew known think thinks thought see
  sees saw seen look looks looked want wants wanted need needs needed try tries tried use uses used
  keep keeps kept put puts find finds found feel feels felt seem seems seemed leave leaves left
  call calls called help helps helped hope hopes hoped thank thanks thanked please pls plz love loves
  loved like likes liked hate hates hated wish wishes wished mean means meant guess sure yes yeah yep
  nope ok okay oh hey hi hello lol omg wow ugh well right sorry due
  fly flew flown flying sit sat sitting hear heard pay paid paying send sent bring brought buy bought
  sell sold run ran start started stop stopped arrive arrived arrives happen happened happens
  understand understood speak spoke spoken talk talked wait waited waiting stay stayed reply replied
  respond responded answer answered mess messed fix fixed show showed shown lose lost win won
  believe believed expect expected hold held sit stand stood change changed book booked
  available select almost miss missed lack show shows check checks explain refuse reset drive
  longer twice helpful spent spend bother figure option options reason reasons
  board boarded update updated umm hmm btw fyi tho thru asap hour hours hr hrs min mins minute minutes sec
  instead except beyond besides rather however maybe together anywhere somewhere everywhere nowhere
  anyway anyways otherwise gonna wanna gotta pretty allow allows allowed
  don't doesn't didn't isn't aren't wasn't weren't won't wouldn't can't cannot couldn't shouldn't
  haven't hasn't hadn't i'm i've i'd i'll you're you've you'll he's she's it's we're we've they're
  they've that's there's what's who's let's dont doesnt didnt isnt wasnt cant couldnt wont im ive
  good great best better nice fine awesome amazing excellent perfect wonderful fantastic lovely happy
  glad bad worse worst terrible horrible awful poor sad angry upset annoyed frustrated disappointed
  ridiculous unacceptable useless pathetic rude stupid crazy impossible possible able unable
  much many more most less least few lot lots other another same such own whole enough several
  one two three four five six seven eight nine ten first second third last next new old
  something anything nothing everything someone anyone everyone nobody somebody anybody everybody
  thing things stuff way ways time times bit kind sort
`);

/** Modifiers: may open a noun phrase ("late flight", "lost bag") but never end one. */
export const EN_MODIFIER = set(`
  late early long short big small large little high low full empty free extra main same
  lost missing broken damaged delayed cancelled canceled wrong right entire whole online mobile
  customer front back top bottom international domestic local direct final total
  hot cold warm clean dirty quick slow fast loud quiet cheap expensive earlier later
`);

/**
 * Irregular past forms of verbs ("fell", "tore", "stolen"): like a regular "-ed" form they may open a noun
 * phrase ("stolen wallet", "frozen screen") but never end one — "the zipper pull fell off" is about a
 * zipper pull, not a "zipper pull fell". Forms that are as often nouns (saw, felt, shot, cost, set, rose,
 * led, lit) are left out; forms that end no phrase at all are in EN_STOP (went, took, found, left).
 */
export const EN_PAST_FORMS = set(`
  arose arisen awoke awoken beaten became begun began bent bitten bled blew blown broke bred burnt
  caught chose chosen clung crept dealt drank drunk drove driven dug drew drawn ate eaten fell fallen
  fled flung forgot forgotten forgave forgiven froze frozen grew grown hid hidden hung lent rode
  ridden rang risen sank sunk shook shaken shrank shrunk slid slept spilt spoilt spun stole stolen
  stung stank stunk struck stuck swore sworn swept swollen swam swung tore torn threw thrown undid
  woke woken wore worn wove woven withdrew wrote written wrung
`);

/** Nouns ending in -ing that are things, not actions: they may end a noun phrase. */
export const EN_ING_NOUNS = set(`
  booking boarding shipping pricing billing seating packaging parking ticketing wedding morning
  evening building meeting clothing training setting settings rating warning feeling listing
  opening ending wording offering recording heating ceiling bedding lodging housing funding
  routing tracking rebooking checking upgrading
`);

// Very frequent nouns carry little weight as key phrases (a hand-made low-IDF tier).
const EN_FREQUENT = set(`
  day days week weeks month months year years hour hours minute minutes second seconds
  people person man woman guy guys lady friend friends family world life home place part case
  point number problem problems issue issues question questions fact hand eye head side end
  line name word words story job work company group area money night game email phone
  experience today morning evening flight plane airline airport trip passenger company product order
  item hotel store shop service area city country state room door car house school system
  money price result reason change level kind type form side head body water food air
  information message call letter email text note page site list idea example use need fact
  member people team staff guest user client customer owner manager business job office
  yesterday tonight weekend monday tuesday wednesday thursday friday saturday sunday
  january february march april may june july august september october november december
`);

/** Weight of one word in a phrase: frequent nouns count for less than rare ones. */
export const wordWeight = (word: string): number => (EN_FREQUENT.has(word) ? 0.8 : 2);
