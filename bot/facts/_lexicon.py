"""Word lists the fact rules read: titles, name keywords, demonyms, cue words, lower-cased."""

from __future__ import annotations

from typing import Final


def word_set(text: str) -> frozenset[str]:
    """Return the lower-cased words of a whitespace-separated list."""
    return frozenset(text.lower().split())


MONTHS: Final[dict[str, int]] = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4,
    "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9,
    "sep": 9, "sept": 9, "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12,
    "dec": 12,
}  # fmt: skip

WEEKDAYS: Final[dict[str, int]] = {
    "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5,
    "sunday": 6,
}  # fmt: skip

# Words that may start a sentence in capitals without naming anything.
COMMON_STARTERS: Final = word_set(
    """
    a an the this that these those there here it its it's he she they we i you his her their our
    my your him them us me who whom whose which what when where why how if unless whether while
    although though because since as so but and or nor yet for with without within from into onto
    of on in at by to up down over under after before during until till against among between
    about above below across along around behind beyond near outside inside through throughout
    toward towards upon via per according despite following including amid amidst following
    also only even just still instead however meanwhile moreover furthermore nevertheless
    nonetheless otherwise therefore thus hence indeed besides yesterday today tomorrow tonight
    earlier later now then once soon already again never always often sometimes perhaps maybe
    both either neither each every all any some many much more most few fewer less least several
    such other another no not none nothing someone somebody something anyone anybody anything
    everyone everybody everything one two three four five six seven eight nine ten first second
    third last next new old former late early overall separately elsewhere together likewise
    similarly additionally consequently ultimately finally initially recently currently
    previously subsequently elsewhere hopefully clearly certainly apparently reportedly
    afterwards afterward thereafter nationwide worldwide altogether regardless
    officially critics supporters police officials authorities residents witnesses sources
    analysts experts observers investigators prosecutors is are was were be do does did has
    have had will would can could should may might must shall let please thank thanks yes
    okay ok oh well
    """
)

# Titles and roles written before a name ("President", "Judge", "Dr").
TITLES: Final = word_set(
    """
    president vice-president prime minister secretary chancellor governor mayor senator sen
    rep representative congressman congresswoman assemblyman judge justice magistrate prosecutor
    attorney general gen colonel col major maj captain capt lieutenant lt sergeant sgt corporal
    cpl private admiral commander cmdr marshal brigadier inspector detective constable
    superintendent chief king queen prince princess duke duchess earl lord lady sir dame emir
    sheikh sheik sultan pope cardinal archbishop bishop rev reverend father imam rabbi ayatollah
    mullah mr mrs ms miss mx dr prof professor chairman chairwoman chairperson director
    director-general secretary-general commissioner ambassador envoy speaker premier president-elect
    headteacher headmaster headmistress coach ceo cfo coo vice deputy acting interim
    crown patriarch metropolitan abbot monsignor sister brother saint st pastor pm
    councillor councilor alderman sheriff marshal warden principal leader
    """
)

# Words that sit between a title head and the name, or before the head ("Foreign Minister").
TITLE_MODIFIERS: Final = word_set(
    """
    prime vice deputy acting interim foreign defence defense finance health interior home
    justice trade economy economic energy environment education transport labour labor culture
    tourism agriculture information communications digital science industry housing security
    intelligence state federal district supreme high chief executive attorney general first
    senior junior former majority minority opposition
    """
)

# Title heads that end a run of title words: "Prime Minister", "Chief Executive", "Judge".
TITLE_HEADS: Final = TITLES - word_set("vice deputy acting interim crown brother sister private")

# Organisation name keywords (any token) and their strongest position (the last token).
ORG_KEYWORDS: Final = word_set(
    """
    ministry council party committee commission observatory corporation corp inc ltd plc llc
    ag sa gmbh nv spa bv kk co university college school academy institute institution court
    courts tribunal agency bank banks union unions forces authority company companies group
    holdings airways airlines airline motors foods materials industries systems technologies
    technology pharmaceuticals pharma labs laboratories partners capital investments securities
    insurance media news times post journal press herald gazette tribune telegraph broadcasting
    network television tv radio service services office department bureau board police army
    navy force guard parliament assembly congress senate federation association society
    societies foundation trust fund organisation organization league club fc afc cf hospital
    church museum library secretariat cabinet government administration programme program panel
    exchange reserve treasury alliance coalition center centre freight machines workers homes
    logistics shipping railways railway rail transport telecom communications software solutions
    consulting brewery stores markets bros studios entertainment records pictures petroleum oil
    steel mining energy electric aviation aerospace robotics therapeutics motor automotive
    chamber institute directorate inspectorate regiment battalion division corps command
    unit mission secretariat cooperative co-operative consortium enterprises ventures agency
    international united rovers wanderers albion hotspur
    """
)

# Sports-club prefixes: "Real Cadiz", "Atletico Sorrento", "Borussia Dortmund".
CLUB_PREFIXES: Final = word_set(
    """
    real atletico atlético athletic sporting dynamo dinamo inter ac as olympique borussia
    fc afc sc racing deportivo spartak lokomotiv eintracht fortuna vfb vfl tsv fsv rb aik ifk
    """
)

# Armed, militant and political movements: a name holding one of these is a group.
GROUP_KEYWORDS: Final = word_set(
    """
    movement front brigade brigades militia militias hay'at hayat tahrir jaysh jaish jabhat
    harakat ahrar liwa faylaq kataib kata'ib hezbollah hizbollah hizballah hamas taliban shabaab
    qaeda qaida houthi houthis haram isis isil daesh mujahideen mujahedeen rebels resistance
    fatah peshmerga pkk ypg sdf farc eln ira eta hashd wagner guerrillas insurgents
    """
)

# Place name keywords: "Orchard Lane", "River Wend", "Melbourne Cricket Ground".
PLACE_KEYWORDS: Final = word_set(
    """
    street st road rd avenue ave lane square boulevard bridge river lake mountains mountain
    mount mt island islands isle sea ocean bay gulf strait straits valley desert peninsula
    province county district region governorate oblast prefecture town village park forest
    coast beach canal falls heights hills hill airport stadium estadio stade stadio arena ground
    hotel palace tower castle cathedral temple mosque camp port harbour harbor station crossing
    dam pass plain plateau reef glacier volcano cape strip corridor highway motorway way drive
    gardens quarter junction point field fields creek wood woods moor marsh springs border
    """
)

# First words that make a name a place: "Kafr Nouran", "Tal Rifaat", "San Jose", "Lake Chad".
PLACE_PREFIXES: Final = word_set(
    """
    kafr kfar tal tell khan deir ain ein ras jabal jebel wadi bir beit bab maarat ma'arat umm
    san santa são sao saint st fort mount lake cape port greater upper lower north south east
    west northern southern eastern western central new los las el al
    """
)

# Nationality and affiliation words that qualify a name without being one.
DEMONYMS: Final = word_set(
    """
    afghan albanian algerian american andorran angolan argentine argentinian armenian
    australian austrian azerbaijani bahraini bangladeshi belarusian belgian bolivian bosnian
    brazilian british briton bulgarian burkinabe burmese burundian cambodian cameroonian
    canadian chadian chilean chinese colombian congolese croatian cuban cypriot czech danish
    dutch ecuadorian egyptian emirati english eritrean estonian ethiopian european filipino
    finnish french gabonese gambian georgian german ghanaian greek guatemalan guinean haitian
    honduran hungarian icelandic indian indonesian iranian iraqi irish israeli italian ivorian
    jamaican japanese jordanian kazakh kenyan korean kosovan kuwaiti kyrgyz lao latvian lebanese
    liberian libyan lithuanian luxembourgish macedonian malagasy malawian malaysian malian
    maltese mauritanian mexican moldovan mongolian montenegrin moroccan mozambican namibian
    nepali nepalese nigerian nigerien norwegian omani pakistani palestinian panamanian
    paraguayan peruvian polish portuguese qatari romanian russian rwandan saudi scottish
    senegalese serbian slovak slovenian somali sudanese spanish swedish swiss
    syrian taiwanese tajik tanzanian thai togolese tunisian turkish turkmen ugandan ukrainian
    uruguayan uzbek venezuelan vietnamese welsh yemeni zambian zimbabwean african asian arab
    arabic western eastern northern southern central kurdish kurd berber persian pashtun tamil
    sikh hindu muslim christian jewish catholic protestant orthodox sunni shia shiite alawite
    druze coptic yazidi islamist islamic jihadist baltic nordic scandinavian balkan caucasian
    latin hispanic crimean cossack chechen tatar uyghur rohingya democrat democrats republican
    republicans conservative conservatives liberal liberals socialist socialists communist
    communists labourite tory tories brit brits turkmen anglo franco sino soviet yankee
    spaniard spaniards serb serbs croat croats frenchman frenchmen frenchwoman englishman
    englishmen scot scots dane danes swede swedes finn finns pole poles turk turks arabs
    westerner westerners easterner israelis brazilians argentines filipinos afghans iraqis
    pakistanis saudis yemenis somalis syrians iranians kurds americans europeans africans
    asians latina latino latinas latinos hispanics
    """
)

# Event names are neither actors nor places: "World Cup", "Grand Prix", "Olympic Games".
EVENT_WORDS: Final = word_set(
    """
    cup championship championships olympics olympic games prix tour festival awards award
    prize marathon ashes derby series expo biennale summit conference forum week day war
    election elections referendum christmas easter ramadan eid diwali thanksgiving hanukkah
    holiday holidays
    storm cyclone hurricane typhoon quarter-finals semi-finals final finals league
    """
)

# Sentence-initial words that name nothing here but are not common words in the punkt table.
NON_NAMES: Final = word_set(
    """
    mr mrs ms dr prof sir madam covid coronavirus internet web online brexit ebola aids hiv
    grade section article chapter page figure table annex appendix phase stage level
    """
)

# Lower-case words after a name that make it a place: "Yagha province", "Opava river".
PLACE_NOUNS_AFTER: Final = word_set(
    """
    province provinces countryside region district governorate county city town village
    villages area border river valley suburb suburbs outskirts neighbourhood neighborhood
    mountains island port airport mine camp crossing oblast prefecture municipality state
    """
)

# Lower-case words before "of" that make what follows a place: "the villages of Mizanaz".
PLACE_NOUNS_BEFORE_OF: Final = word_set(
    """
    village villages town towns city cities province provinces region regions district
    districts governorate county island islands port capital suburb suburbs outskirts
    neighbourhood neighborhood area areas countryside state states republic kingdom streets
    centre center heart north south east west northeast northwest southeast southwest
    temples temple municipality municipalities
    """
)

# Lower-case nouns right after a name that show an organisation: "Red Bull team".
ORG_NOUNS_AFTER: Final = word_set(
    """
    team squad club company firm group shares stock spokesman spokeswoman spokesperson coach
    manager striker goalkeeper midfielder defender fans supporters
    executives executive chief boss board lawmakers officials leader leaders chairman
    ceo president director management bank newspaper agency
    """
)

# Lower-case nouns right before a name that show an organisation: "developer Ashcombe Homes".
ORG_NOUNS_BEFORE: Final = word_set(
    """
    company firm developer developers maker makers manufacturer carmaker automaker retailer
    lender bank insurer rival rivals operator operators broadcaster newspaper publisher agency
    union club side team airline carrier startup start-up giant conglomerate group brand
    supermarket chain regulator watchdog charity party insurer miner producer supplier
    supermarkets owner investor fund consultancy outlet network platform app journal
    magazine website broadcaster
    """
)

# Words for fighters and militants around a group's name: "HTS fighters", "fighters of X".
GROUP_NOUNS: Final = word_set(
    """
    fighters militants rebels gunmen jihadists insurgents militia militiamen guerrillas
    commanders cells operatives loyalists combatants
    """
)

GROUP_ADJECTIVES_BEFORE: Final = word_set(
    """
    militant militants jihadist jihadists rebel rebels armed insurgent paramilitary islamist
    separatist extremist terrorist militia guerrilla
    """
)

# Appositive nouns that show the kind of the name before them: "NFL, a Turkish-backed alliance".
GROUP_APPOSITIVES: Final = word_set(
    """
    group faction alliance coalition militia movement organisation organization umbrella
    rebels insurgency
    """
)

# Roles that mark a person when written next to a name: "His lawyer, Mark Summers,".
PERSON_ROLES: Final = word_set(
    """
    minister spokesman spokeswoman spokesperson lawyer attorney director secretary president
    chairman chairwoman chair chief leader head commander mayor governor official analyst
    professor researcher scientist economist coach captain manager founder executive ceo
    investigator prosecutor judge mate wife husband son daughter mother father brother sister
    owner resident witness activist teacher doctor nurse officer principal envoy ambassador
    adviser advisor aide candidate councillor member striker forward midfielder defender
    goalkeeper player champion winner author editor correspondent reporter journalist
    singer actor actress artist writer general colonel deputy lawmaker senator congressman
    headteacher driver rider veteran partner colleague teammate opponent rival victim
    """
)

# Verbs that attribute a statement to a source.
SPEECH_VERBS: Final = word_set(
    """
    said says say told tells reported reports announced announces stated states added adds
    warned warns claimed claims confirmed confirms wrote writes insisted insists noted notes
    explained explains estimated estimates alleged alleges denied denies acknowledged
    acknowledges tweeted posted argued argues revealed reveals disclosed predicted predicts
    """
)

# Nouns that name a source even without a proper name: "Ukrainian officials said".
SOURCE_NOUNS: Final = word_set(
    """
    official officials spokesman spokeswoman spokesperson sources source ministry government
    police army military witnesses witness residents activists researchers scientists analysts
    experts doctors medics authorities agency statement report reports media observers monitor
    commission council court union company lawyer lawyers minister president leader commander
    commanders chief prosecutors prosecutor investigators officers spokesmen relatives family
    organisers organizers group groups results figures data survey poll study judge coroner
    paramedics rescuers workers campaigners diplomats diplomat envoy secretary director
    chairman governor mayor department office regulator watchdog firm bank manager coach
    captain publicist agent representative party centre center institute service
    """
)

# "the company said": the nearest organisation named before is the source.
ANAPHORIC_ORG_NOUNS: Final = word_set(
    """
    company firm group carrier airline bank monitor agency organisation organization union
    observatory watchdog regulator charity developer maker
    """
)

# Common first names from many languages; they mark a run as a person's name.
FIRST_NAMES: Final = word_set(
    """
    aaron abdel abdul abdullah abdullahi abu adam adel adrian ahmad ahmed aisha alan albert
    alberto alejandro alex alexander alexandra alexei ali alice alicia alina amanda amelia amina
    amir amira amit amy ana andre andrea andreas andrew andrei andrzej andy angela angelo
    ann anna anne annie anthony antonio anton arjun armin arnold arthur ashley aung ayman barack
    barbara bashar ben benjamin bernard bernie beth betty bill bob boris brad brandon brian
    bruce bruno carl carla carlos carmen caroline catherine cathy cecilia charles charlie
    charlotte chen cheng chris christian christina christine christopher claire clara claudia
    colin craig cristina dan daniel daniela danny daria david dean deborah denis dennis diana
    diego dieter dmitry dominic donald doug douglas dylan ed eddie edward elaine elena eli
    elias elizabeth ellen emily emma emmanuel enrique eric erik ernesto eva evan fabio farah
    fatima felipe felix fernando florian frances francesca francis francisco frank franz fred
    friedrich gabriel gareth gary george georgia gerald gerhard giorgia giovanni giuseppe
    gloria gordon grace graham greg gregory guillermo gustavo hamid hans harry hassan heather
    hector heinz helen helena henry hiroshi hugh hugo hussein ian ibrahim igor imran
    irene isaac isabel isabella ivan jack jacob james jamie jan jane janet jasper javier jay
    jean jeff jennifer jeremy jessica jim jimmy joan joanna joe joel johan johannes john
    johnny jonas jonathan jorge jose josé joseph josh joshua juan judith julia julian julie
    jun justin kamala karen karl kate katherine kathryn kazuo keith kelly ken kenneth kevin
    khalid khaled kieran kim kirsten klaus kurt lars laura lauren laurence lawrence lee lena
    leo leon leonardo lewis li liam lily linda lisa liu louis louise lucas lucy luis luka
    luke lynn magdalena mahmoud manuel marc marcel marco marcus margaret maria marie marina
    mario mark marta martha martin mary mateo matt matthew maurice max maria mehmet melissa
    michael michel michelle miguel mike mikhail min mohamed mohammad mohammed mostafa
    muhammad mustafa nadia nancy naomi narendra natalia natalie nathan neil nicholas nick
    nicola nicolas nikolai nina noah nora oleg olga oliver olivia omar oscar pablo pam paolo
    patricia patrick paul paula pedro peter philip philippe pierre piotr priya rachel rafael
    rajesh ralph ramon randy raul ravi rebecca richard rick rita rob robert roberto
    robin rodrigo roger roman ron ronald rosa ruth ryan sadiq salim salman sam samantha
    samir samuel sandra sara sarah scott sean sebastian sergei sergey shawn sheila simon
    sofia sonia sophie stefan stephanie stephen steve steven susan suzanne sven tamara
    tatiana ted teresa theresa thomas tim timothy tina tom tomas tony uwe valentina valerie
    vanessa victor victoria viktor vincent vladimir volodymyr walter wang wayne wei william
    wolfgang xavier xi yasmin yusuf yuri zhang zoe ahmet recep emre kemal yoon moon
    hwang park kwame kofi amadou ousmane abiy cyril jacinta justin kirsty nicolas rishi
    keir ursula giorgia olaf emmanuel pedro gustavo javier claudia jair lula narendra
    shehbaz benjamin yair mahmoud ismail yahya hakan tayyip selim ayse fatma zeynep
    """
)

NUMBER_WORDS: Final[dict[str, int]] = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
    "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
    "ninety": 90,
}  # fmt: skip

MULTIPLIERS: Final[dict[str, float]] = {
    "hundred": 1e2, "thousand": 1e3, "k": 1e3, "million": 1e6, "m": 1e6, "mn": 1e6, "mln": 1e6,
    "billion": 1e9, "bn": 1e9, "b": 1e9, "trillion": 1e12, "tn": 1e12, "trn": 1e12,
}  # fmt: skip

CURRENCY_SYMBOLS: Final[dict[str, str]] = {
    "$": "dollars", "£": "pounds", "€": "euros", "¥": "yen", "₹": "rupees", "₽": "roubles",
    "₺": "lira", "₩": "won",
}  # fmt: skip

CURRENCY_WORDS: Final = word_set(
    """
    dollar dollars euro euros pound pounds sterling yen yuan renminbi rupee rupees franc francs
    rouble roubles ruble rubles lira dinar dinars dirham dirhams riyal riyals shekel shekels
    naira rand pesos peso real reais won krona kronor krone kroner zloty hryvnia bitcoin
    """
)

PERCENT_WORDS: Final = word_set("percent per cent percentage")

# Hedges kept in a figure's text: "at least 14 fighters".
QUALIFIERS: Final[tuple[tuple[str, ...], ...]] = (
    ("at", "least"), ("more", "than"), ("fewer", "than"), ("less", "than"), ("up", "to"),
    ("as", "many", "as"), ("close", "to"), ("at", "most"), ("nearly",), ("almost",), ("about",),
    ("around",), ("roughly",), ("approximately",), ("some",), ("over",), ("above",), ("below",),
    ("under",), ("just",), ("only",), ("estimated",),
)  # fmt: skip

UNITS: Final = word_set(
    """
    km kilometre kilometres kilometer kilometers metre metres meter meters mile miles mph kmh
    kg kilogram kilograms kilo kilos tonne tonnes ton tons c f degrees degree celsius
    fahrenheit hectare hectares acre acres feet foot ft cm mm inch inches barrels barrel litre
    litres liter liters gallon gallons megawatts megawatt mw gw gigawatts kwh twh square cubic
    magnitude points point
    """
)

TIME_NOUNS: Final = word_set(
    """
    second seconds minute minutes hour hours day days week weeks month months year years
    decade decades century centuries night nights weekend weekends season seasons
    year-old years-old month-old week-old day-old
    """
)

PRISON_WORDS: Final = word_set(
    """
    jailed sentenced sentence prison jail imprisonment imprisoned term custody detention
    """
)

# What happened to those counted, in the past form shown to readers.
OUTCOMES: Final[dict[str, str]] = {
    "killed": "killed", "killing": "killed", "kills": "killed", "dead": "dead",
    "died": "died", "wounded": "wounded", "wounding": "wounded", "injured": "injured",
    "injuring": "injured", "hurt": "hurt", "arrested": "arrested", "arresting": "arrested",
    "detained": "detained", "detaining": "detained", "displaced": "displaced",
    "displacing": "displaced", "evacuated": "evacuated", "evacuating": "evacuated",
    "rescued": "rescued", "missing": "missing", "abducted": "abducted", "kidnapped": "kidnapped",
    "captured": "captured", "executed": "executed", "freed": "freed", "released": "released",
    "deported": "deported", "hospitalised": "hospitalised", "hospitalized": "hospitalised",
    "treated": "treated", "affected": "affected", "infected": "infected", "sacked": "sacked",
    "fired": "fired", "hired": "hired", "cut": "cut", "cutting": "cut", "axed": "axed",
    "lost": "lost", "raised": "raised", "sold": "sold", "stranded": "stranded",
    "trapped": "trapped", "homeless": "homeless", "drowned": "drowned", "shot": "shot",
    "stabbed": "stabbed", "charged": "charged", "convicted": "convicted", "jailed": "jailed",
    "sentenced": "sentenced", "fined": "fined", "rose": "rose", "fell": "fell",
    "jumped": "jumped", "dropped": "dropped", "climbed": "climbed", "slumped": "slumped",
    "gained": "gained", "won": "won", "scored": "scored", "took": "took", "saved": "saved",
    "approved": "approved", "built": "built", "destroyed": "destroyed", "damaged": "damaged",
    "fled": "fled", "flee": "fled", "surrendered": "surrendered", "paid": "paid",
}  # fmt: skip
