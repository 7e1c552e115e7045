/**
 * Koe's own English entries (written by hand, on the VADER −4 … 4 scale): the vocabulary of
 * service complaints and praise that general lexicons miss, phrases whose meaning is not the sum
 * of their words, and overrides of base-lexicon words that mislead on feedback ("like", "please",
 * "kind", "joke"). Format: `entry value` separated by `|` or new lines; an entry of several words
 * is a phrase; `a/b` inside a phrase lists alternatives for that word; `#` starts a comment line.
 */
export const DOMAIN_LEXICON = `
# --- overrides: base-lexicon words that are mostly function words or misleading in feedback
like 0 | likes 0.8 | liked 1.4 | please 0 | pls 0 | plz 0 | kind 0.6 | pretty 0 | joke -1.6 | jokes -1 | sure 0.2
help 0.3 | ok 0.5 | okay 0.4 | yes 0.6 | yeah 0.4 | god 0 | care 0.6 | cares 0.6 | super 1.2 | free 0.6 | well 0.3
hope 0.6 | hopefully 0.4 | want 0 | wants 0 | sorry -0.3 | no -0.5 | matter 0 | fine 0.9 | lol 0.6 | haha 1.2
true 0.4 | number 0 | united 0 | virgin 0 | southwest 0 | delta 0 | american 0 | spirit 0 | jet 0 | jetblue 0 | clear 0.3
reach 0 | share 0.2 | important 0.3 | ready 0.4 | yay 2.2 | please help -0.4 | fly 0 | flying 0 | party 0.4 | play 0.2
award 0.2 | miles 0 | status 0 | credit 0 | card 0 | check 0 | checking 0 | points 0 | fan 1.2 | fans 1 | save 0.3 | saved 1
support 0.3 | chance 0.2 | ha 0.3 | hah 0 | sky 0 | lounge 0 | dear 0.2 | honest 0.6 | honestly 0 | seriously -0.8 | really 0 | wow 0.9
# VADER chat acronyms that collide with ordinary words or names
hand 0 | l 0 | po 0 | jp 0 | jt 0 | ly 0 | nh 0 | gt 0 | dx 0 | wd 0 | bl 0 | ff 0 | gl 0 | gn 0 | jw 0 | qt 0 | tx 0
vip 0.6 | gg 0 | kk 0 | pu 0 | bz 0 | mia -0.4 | doa -1 | ez 0.8 | jk 0 | wp 0 | xp 0 | yw 0.8 | ayc 0 | tia 1 | mubar 0
# --- delays, cancellations, disruption
delayed -1.8 | delay -1.6 | delays -1.6 | delaying -1.6 | late -1.4 | later -0.2 | cancelled -1.8 | canceled -1.8
cancel -1.2 | cancels -1.4 | cancelling -1.4 | canceling -1.4 | cancellation -1.4 | cancellations -1.6 | flightled -1.6
flightr -0.8 | rebook -0.8 | rebooked -1 | rebooking -1 | rescheduled -0.8 | reschedule -0.6 | stranded -2.4 | stuck -1.8
missed -1.4 | misconnect -1.6 | overbooked -2 | overbook -1.8 | overbooking -1.8 | bumped -1.4 | diverted -1.2 | grounded -1.2
tarmac -0.8 | runway -0.2 | waiting -1.2 | waited -1.4 | wait -0.8 | waits -1 | hold -0.6 | queue -0.6
hrs -0.5 | hours -0.6 | hour -0.3 | forever -0.8 | still -0.4 | again -0.4 | yet -0.2 | nobody -1.2 | noone -1.2
excuse -1 | excuses -1.6 | sitting -0.4 | sat -0.3 | standby -0.4 | holding 0 | strand -1.8 | slow -1.2 | slower -1.2 | slowest -1.6
outage -2 | outages -2 | down 0 | crashed -1.6 | crash -1.6 | crashes -1.6 | crashing -1.6 | glitch -1.4 | glitches -1.4
bug -1 | bugs -1.2 | buggy -1.8 | error -1.2 | errors -1.4 | broken -2 | broke -1.6 | breaks -1.4 | damaged -2 | damage -1.6 | dent -1 | dented -1.6 | scratch -1 | scratched -1.6 | scratches -1.2 | drama -1.2 | rushed -1
lost -1.6 | losing -1.8 | lose -1.6 | missing -1.6 | misplaced -1.6 | unavailable -1.2 | unreachable -1.4 | disconnected -1.6
hung -1 | hangs -1.2 | freezes -1.6 | froze -1.6 | frozen -1 | fails -2 | failed -2 | failing -2 | failure -2.2 | fail -2.4
overcharged -2.4 | overcharge -2.2 | charged -1 | charge -0.4 | charges -0.8 | fee -0.8 | fees -1 | refund -1 | refunds -1
refunded 0.6 | reimburse -0.6 | reimbursement -0.6 | compensation -0.8 | compensate -0.6 | voucher -0.2 | vouchers -0.2
expensive -1.2 | overpriced -2 | pricey -1 | scam -2.8 | scammed -3 | fraud -2.8 | fraudulent -3 | ripoff -2.8 | rip-off -2.8
unacceptable -2.8 | ridiculous -2.4 | absurd -2.2 | outrageous -2.6 | unprofessional -2.4 | incompetence -2.6
unhelpful -2.2 | useless -2.2 | clueless -2 | rude -2.4 | rudest -3 | rudely -2.4 | attitude -0.8 | nasty -2.4
disappointed -2.2 | disappointing -2.2 | disappointment -2.4 | disappoint -2 | frustrated -2.2 | frustrating -2.2
frustration -2 | annoyed -2 | annoying -2 | irritated -2 | upset -2 | angry -2.4 | furious -3 | livid -3 | mad -2
horrible -2.8 | terrible -2.8 | awful -2.8 | worst -3.2 | worse -2.2 | pathetic -2.8 | sucks -2 | suck -1.8 | sucked -2
nightmare -2.6 | disaster -2.6 | chaos -2 | mess -1.8 | messed -1.8 | screwed -2.2 | shambles -2.4 | joke -1.6
incompetent -2.6 | lied -2.6 | lying -2.4 | liar -2.6 | lies -2 | misleading -2 | misled -2.2 | ignored -2.2 | ignoring -2.2
ignore -1.4 | unanswered -1.8 | runaround -2.2 | hassle -1.6 | inconvenience -1.4 | inconvenienced -1.6 | inconvenient -1.4
confusing -1.4 | confused -1.2 | unclear -1 | complicated -1 | uncomfortable -1.8 | cramped -1.6 | dirty -2 | filthy -2.6
smelly -2 | stinks -2 | disgusting -2.8 | gross -2.2 | cold -0.4 | hungry -0.8 | tired -1 | exhausted -1.4 | sick -1.6
ugh -2 | argh -2 | smh -1.8 | wtf -2.6 | fml -2.4 | omg 0 | seriously -0.8 | really -0 | srsly -0.8 | ffs -2.2 | jeez -1
sigh -1.2 | meh -1 | lame -1.8 | bs -2 | bullshit -2.8 | crap -2 | crappy -2.2 | garbage -2.4 | junk -2.2 | trash -2
poor -2 | poorly -2 | mediocre -1.6 | subpar -1.8 | bland -1.4 | tasteless -1.8 | stale -1.8 | soggy -1.6 | greasy -1.2
overcooked -1.6 | undercooked -1.8 | flavorless -1.8 | inedible -2.6 | worthless -2.6 | unreliable -2.2 | flimsy -1.6
cheap -0.6 | cheaply -1.2 | defective -2.4 | faulty -2 | waste -2 | wasted -2 | wasting -2 | refuse -1.2 | refused -1.8
avoid -1.6 | returned -0.6 | returning -0.4 | return -0.3 | worthy 1 | unusable -2.2 | unbearable -2.6 | lacking -1.4
fix -0.4 | fixing -0.2 | complaint -1.4 | complaints -1.6 | complain -1.2 | complained -1.4 | complaining -1.2
apology -0.6 | apologize -0.4 | apologies -0.6 | sorry -0.4 | issue -1 | issues -1.2 | problem -1.6 | problems -1.8
trouble -1.6 | troubles -1.6 | why -0.6 | told -0.4 | anymore -0.6 | cost -0.4 | costs -0.4 | paid -0.4 | pay -0.4 | dumb -2
stupid -2.4 | idiots -2.8 | idiot -2.6 | shame -1.8 | shameful -2.4 | embarrassing -2 | fault -1.4 | blame -1.4
atrocious -3 | abysmal -3 | dreadful -2.6 | horrendous -3 | deplorable -2.8 | appalling -2.8 | shocking -2 | shocked -1.4
extortion -2.6 | nope -1 | gone -0.6 | twice -0.5 | trying -0.4 | tried -0.4 | need -0.3 | needs -0.3 | needed -0.3
should -0.3 | unable -1.2 | minutes -0.2 | mins -0.2 | forgot -1.4 | forgotten -1.4 | forget -0.6 | neglected -2
downgraded -1.8 | downgrade -1.4 | ruined -2.6 | ruin -2.2 | ruins -2.2 | shoddy -2.2 | sloppy -1.8 | careless -2
misinformation -2 | misinformed -2 | wrong -1.8 | wrongly -1.8 | inaccurate -1.6 | incorrect -1.4 | penalty -1 | overnight -0.6
lousy -2.4 | sucky -2.2 | fiasco -2.6 | debacle -2.6 | ordeal -2.2 | nightmarish -2.8 | hostage -2 | held -0.3 | hostile -2.4
pitiful -2.4 | inexcusable -2.6 | unfortunately -1.6 | unfortunate -1.6 | dropped -1.2 | drops -0.8 | dropping -0.8 | tremendous 2.4
lightweight 1 | slim 0.8 | sleek 1.6 | sturdy 1.4 | durable 1.4 | below -0.4 | flaw -1.6 | flaws -1.6 | flawed -2
# --- praise and resolution
thanks 1.9 | thank 1.6 | thx 1.6 | thnx 1.6 | thanx 1.6 | ty 1.2 | tysm 2.2 | appreciate 2 | appreciated 2 | grateful 2.2
kudos 2.4 | shoutout 1.8 | props 1.2 | awesome 3 | amazing 2.8 | excellent 2.8 | fantastic 3 | wonderful 2.8 | great 2.8
smooth 1.4 | seamless 1.8 | flawless 2.4 | painless 1.6 | effortless 1.6 | friendly 2.2 | courteous 2.2 | polite 1.8
professional 1.4 | helpful 2 | quick 1 | quickly 1 | fast 1 | prompt 1.2 | promptly 1.4 | efficient 1.6 | resolved 1.4
fixed 0.8 | sorted 0.8 | upgrade 1 | upgraded 1.6 | comfortable 1.6 | comfy 1.6 | spacious 1.4 | clean 1.2 | legroom 0.2
tasty 2.2 | yummy 2.4 | delicious 2.8 | fresh 1.4 | generous 1.8 | reasonable 1 | affordable 1 | recommend 1.8
recommended 1.6 | recommending 1.6 | luv 2.4 | loved 2.8 | loving 2.4 | love 3 | loves 2.8 | rock 1 | rocks 1.8
rockstar 2 | rockstars 2 | hero 2 | heroes 2 | classy 2 | impressed 2.2 | impressive 2.2 | works 0.4 | worked 0.6 | working 0
pleasant 2 | pleased 2 | glad 2 | happy 2.6 | happier 2.2 | enjoyed 2.2 | enjoy 2 | perfect 2.8 | perfectly 2.4
beautiful 2.6 | gorgeous 2.6 | incredible 2.6 | outstanding 3 | superb 3 | brilliant 2.8 | stellar 2.8 | fab 2.4 | fabulous 2.8
safe 1.2 | safely 1.4 | sweet 2 | cool 1.4 | nice 2 | good 2 | best 3 | better 1.6 | favorite 2.2 | fave 2 | fav 2 | yum 2.2
easy 1.4 | easier 1.2 | simple 0.8 | reliable 1.8 | sturdy 1.4 | solid 1.2 | works great 2.8 | worth 1
flavorful 2.2 | flavourful 2.2 | exquisite 2.8 | attentive 2 | convenient 1.6 | filling 0.6 | extensive 1 | impeccable 2.8
homemade 1.4 | hooked 1.6 | eclectic 1 | satisfying 2 | divine 2.6 | devine 2.6 | creamy 1 | crispy 1 | tender 1.2 | juicy 1.4
authentic 1.4 | cozy 1.8 | cosy 1.8 | knowledgeable 1.8 | accommodating 1.8 | welcoming 1.8 | spotless 2 | immaculate 2.4
fluffy 1 | lukewarm -1.4 | reheated -1.2 | rubbery -1.8 | chewy -0.6 | burnt -1.8 | salty -1 | oily -1.2 | mushy -1.4
watery -1.4 | doughy -1.2 | unseasoned -1.6 | microwaved -1.4 | inattentive -2 | average -0.6 | edible -0.2 | stop -0.4
cockroach -2.6 | cockroaches -2.8 | roach -2.4 | bugs -1.2 | overpriced -2 | underwhelming -2 | underwhelmed -2 | meh -1
refrained -0.4 | vague -1.2 | canned -1 | gristle -1.2 | gristly -1.6 | undrinkable -2.4 | stale -1.8 | inept -2.4 | hooked 1.6 | addictive 1
believable 1.2 | unbelievable -0.4 | genius 2.4 | legendary 2.2 | superbly 2.8 | riveting 2.4 | riveted 2 | masterpiece 3
masterful 2.6 | gripping 2 | captivating 2.4 | mesmerizing 2.4 | touching 1.8 | heartwarming 2.4 | hilarious 2.2 | enjoyable 2.2
unremarkable -1.2 | forgettable -1.6 | predictable -1.4 | cheesy -1.2 | boring -2 | bored -1.8 | yawn -1.6 | wooden -1.4 | stagy -1.2
pretentious -1.8 | unconvincing -1.8 | overacting -1.6 | overacted -1.6 | dragged -1.2 | superficial -1.6 | insult -2
insulting -2.4 | plotless -2 | incoherent -2 | nonsensical -2 | cliched -1.6 | clichéd -1.6 | cliche -1.4 | clichés -1.4
# --- phrases (checked before single words; longer phrases win)
on hold -1.8 | put on hold -2 | charged/billed twice -2.6 | double charged/billed -2.6 | charged/billed two times -2.6
lost luggage/bag/bags/baggage/suitcase -2.4 | lost my/our luggage/bag/bags/baggage/suitcase -2.6
never arrived/came/showed/received/got/heard -2.2 | no response/reply/answer/callback -2 | no one -1.6 | no-one -1.6
nobody answers -2 | not a single call/reply/response/email/update/word/answer/message/apology -1.6 | hung up -2 | hang up -1.4 | call back -0.4 | call me back -0.6
waste of time/money -2.8 | worst experience -3.4 | customer service 0 | customer services 0 | service desk 0
thanks for nothing -2.6 | thank you 1.8 | thank u 1.8 | thanks a lot 2 | thanks so much 2.4 | thank you so much 2.6
no problem 1 | no problems 1 | no worries 1.2 | no issues 1.2 | no issue 1 | no complaints 1.6 | no doubt 0.6 | no wonder -0.8
never again -2.4 | not again -1.6 | yet again -1.2 | once again -0.6 | again and again -1.6 | what a joke -2.6
on time 1.2 | ahead of schedule 1.6 | well done 2.4 | good job 2.4 | great job 2.8 | nice job 2.4 | job well done 2.6
above and beyond 2.8 | went above and beyond 3 | go above and beyond 2.6 | five stars 2.4 | one star -2
look forward 1.2 | looking forward 1.4 | cant wait 1.6 | can't wait 1.6 | fingers crossed 0.4 | well worth 2 | worth it 1.6
not worth -2 | not worth it -2.2 | at least 0 | the least -0.4 | no longer -0.8 | sold out -0.6 | too long -1.6
so long -1 | how long -1 | long time -0.8 | long wait -1.8 | long line/lines -1.8 | long lines -1.8 | so much for -1.8
thanks again 2 | keep up 1 | keep it up 1.6 | made my day 2.8 | make my day 2 | over the moon 2.8 | on point 1.8
to the rescue 2 | came through 1.8 | come through 1.4 | take care of 1.2 | took care of 1.6 | taken care of 1.4
rip off -2.8 | ripped off -2.8 | fell apart -2 | falls apart -2 | broke down -1.8 | doesn't work -2 | does not work -2
stopped working -2.2 | not working -1.8 | wasn't working -1.8 | isn't working -1.8 | run around -2 | given up -1.6
give up -1.4 | gave up -1.6 | fed up -2.4 | had enough -2 | no way -1 | the worst -3.2 | bad experience -2.6
sick of -2.2 | tired of -2 | don't bother -2 | good luck -0.6 | best of luck 1 | thumbs up 1.8 | thumbs down -1.8
high five 1.6 | what happened -0.8 | what's going on -0.8 | whats going on -0.8 | what is going on -0.8 | come on -1
don't/dont waste -2.4 | do not waste -2.4 | don't/dont buy -2.2 | do not buy -2.4 | wouldn't/won't/wont buy -1.8
would not buy -1.8 | don't/dont bother -2 | do not bother -2 | save your money -2.2 | steer clear -2.2 | keep looking -1.4
look elsewhere -1.8 | stay away -2.2 | be careful -1 | better than this/these/that -1.2 | below expectations -2.2
far below -1.6 | well below -1.6 | expected better/more -1.8 | expect better/more -1.4 | expected a better -1.8
couldn't/couldnt be happier/better/more 2.8 | could not be happier/better/more 2.8 | couldn't/couldnt have been happier/better/easier/simpler 2.8
could not have been happier/better/easier/simpler 2.8 | couldn't/couldnt ask for more/better 2.6 | can't/cant complain 1.6
order/buy/come/fly/eat/stay/visit/purchase/shop again 1.6 | be back 1.4 | come back 1.2 | coming back 1.2 | be returning 1.2
gets/got/get/does/did the job done 1.4 | does/did the job 1.2 | does/did the trick 1.4 | must have 1.8 | must-have 1.8 | a must 1.6
exactly what i wanted/needed 2 | right away 0.8 | as described 1 | as advertised 1 | without effort 1.2 | holds up 1
holding up well 1.6 | runs/ran/run down -1.2 | dies quickly -1.8 | died quickly -1.8 | fall apart -2 | falls apart -2
at best -2.2 | had better -1.6 | far from -1.2 | only ok/okay/average/decent/fair -1 | over priced -2
can't/cant say enough 2.2 | could not have been more 2.4 | couldn't/couldnt have been more 2.4 | out of this world 2.6
to die for 2.6 | must visit/try/go/see/buy 1.6 | reasonably/fairly/well priced 1.6 | 5/five stars 2.4 | 1/one star -2
4/four stars 1.6 | 0/zero stars -2.4
nothing short of 2.2 | ceases to amaze 2.4 | walk/walked/walking out -1.8 | second thoughts -1 | worth watching 2
worth seeing 2 | must see 2 | must-see 2 | seemed to drag -1.6 | drags on -1.6 | been trying -1.4 | keep trying -1.4 | kept trying -1.4 | still trying -1.6 | still waiting -2
over an hour -1.6 | more than an hour -1.6 | over two/three/four hours -2 | for hours -1.6 | hours late -2 | hour late -1.6
site/website/app/system/page/server/phone/line/lines is/are/was/went/goes down -1.8 | site/website/app/system/server down -1.6
need help -0.6 | not yet -1 | yet to -1.2 | have yet to -1.4 | has yet to -1.4 | less than helpful -2.2 | no longer -0.8
what's the point -1.8 | what is the point -1.8 | why is it -0.6 | no excuse -2.2 | no excuses -2 | no clue -1.4 | get it together -2
step up -0.8 | do better -1.6 | be better -1 | way to go 1.2 | left behind -1.6 | left stranded -2.6 | missed connection -2 | missed my connection -2.2 | missed flight -1.8
# slang praise that reads as harm word by word ("this update slaps", "the dark mode is killer"); "on fire" stays literal
is/was/are/were/looks/sounds fire 2.2 | is/was/are/were killer 2 | is/was/are/were lit 2 | is/was/are/were goated 2.4
this/it/update/app/game/patch/song/track/album/menu/burger/pizza/place/show slaps/slapped 2.2 | hits/hit different 2
goes/went hard 1.6 | absolute banger 2.6 | a banger 2.2 | bussin 2.2 | no cap 0 | kill for 1.2 | die for 1.4
killed/killing/kills it 2.2 | smashed/smashing it 2 | nailed/nailing it 2.2 | is/was/are/were the bomb 2.2 | da bomb 2.2
`;
