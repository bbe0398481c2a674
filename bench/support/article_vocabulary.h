// The generator's own vocabulary: names, places, outlets, prose templates and site-chrome
// patterns, all written for this project (no strings from any data set). Private to
// bench/support; constant data, safe to share across threads.
//
// Template syntax (see article_generator.cc): `{slot}` is filled from the story's facts
// (names, figures) or from a word list; `[a|b|c]` picks one alternative, which may itself hold
// slots and alternatives. Alternatives are "wording" (identical in a template negative),
// slots marked as facts differ between template negatives.
#pragma once

#include <string_view>

namespace newsdedup::bench::vocab {

using sv = std::string_view;

// ---- people, places, companies --------------------------------------------------------------
inline constexpr sv kFirstNames[] = {
    "Amara",   "Benedikt", "Carla",  "Daniel",  "Elena",   "Farid",   "Grace",   "Hiroshi",
    "Ines",    "Jonas",    "Kavya",  "Liam",    "Mariana", "Nikolai", "Olivia",  "Pavel",
    "Rania",   "Samuel",   "Tamsin", "Umar",    "Valeria", "William", "Yara",    "Zoltan",
    "José",    "Renée",    "Zoë",    "Chloé",   "André",   "Inés",    "Björn",   "Raúl",
    "Léa",     "François", "Noémie", "Martín",  "Agnès",   "Joaquín", "Sofía",   "Hélène",
    "Adebayo", "Bridget",  "Callum", "Deborah", "Emeka",   "Fiona",   "Gustavo", "Hannah",
    "Isaac",   "Julia",    "Kenji",  "Lucia",   "Marcus",  "Nadia",   "Oscar",   "Priya",
    "Quentin", "Rosa",     "Stefan", "Theresa", "Victor",  "Wen",     "Ximena",  "Yusuf",
};
inline constexpr sv kLastNames[] = {
    "Okafor",    "Lindqvist", "Haddad",    "Moreau",    "Brennan",   "Takahashi",  "Novak",
    "Castillo",  "Müller",    "Peña",      "Ibáñez",    "Kowalski",  "Achterberg", "Fontaine",
    "Gallagher", "Hartmann",  "Iversen",   "Jablonski", "Kaminski",  "Larsen",     "Mbeki",
    "Nakamura",  "O'Neill",   "Petrova",   "Quintero",  "Rasmussen", "Santos",     "Thorne",
    "Urquhart",  "Vasquez",   "Whitfield", "Yamamoto",  "Zielinski", "Abernathy",  "Bergström",
    "Carvalho",  "Delacroix", "Eriksen",   "Fairbanks", "Gutiérrez", "Holloway",   "Ishikawa",
    "Jovanović", "Kessler",   "Lefèvre",   "Mendoza",   "Nyberg",    "Oyelaran",   "Pritchard",
    "Rahman",    "Sørensen",  "Tanaka",    "Vermeulen", "Wójcik",    "Yilmaz",     "Ashworth",
};
struct Place {
  sv city;
  sv country;
  sv currency;  // symbol used for money figures
};
inline constexpr Place kPlaces[] = {
    {"Lisbon", "Portugal", "€"},
    {"Rotterdam", "the Netherlands", "€"},
    {"Zürich", "Switzerland", "$"},
    {"Montréal", "Canada", "$"},
    {"São Paulo", "Brazil", "$"},
    {"Kraków", "Poland", "€"},
    {"Málaga", "Spain", "€"},
    {"Düsseldorf", "Germany", "€"},
    {"Bogotá", "Colombia", "$"},
    {"Medellín", "Colombia", "$"},
    {"Reykjavík", "Iceland", "$"},
    {"Manchester", "Britain", "£"},
    {"Glasgow", "Britain", "£"},
    {"Leeds", "Britain", "£"},
    {"Dublin", "Ireland", "€"},
    {"Lyon", "France", "€"},
    {"Marseille", "France", "€"},
    {"Turin", "Italy", "€"},
    {"Naples", "Italy", "€"},
    {"Hamburg", "Germany", "€"},
    {"Gothenburg", "Sweden", "€"},
    {"Oslo", "Norway", "$"},
    {"Tallinn", "Estonia", "€"},
    {"Vienna", "Austria", "€"},
    {"Denver", "the United States", "$"},
    {"Atlanta", "the United States", "$"},
    {"Pittsburgh", "the United States", "$"},
    {"Sacramento", "the United States", "$"},
    {"Phoenix", "the United States", "$"},
    {"Cleveland", "the United States", "$"},
    {"Halifax", "Canada", "$"},
    {"Calgary", "Canada", "$"},
    {"Auckland", "New Zealand", "$"},
    {"Perth", "Australia", "$"},
    {"Brisbane", "Australia", "$"},
    {"Nairobi", "Kenya", "$"},
    {"Accra", "Ghana", "$"},
    {"Lagos", "Nigeria", "$"},
    {"Casablanca", "Morocco", "$"},
    {"Osaka", "Japan", "$"},
    {"Busan", "South Korea", "$"},
    {"Cebu", "the Philippines", "$"},
    {"Pune", "India", "$"},
    {"Chennai", "India", "$"},
    {"Valparaíso", "Chile", "$"},
    {"Córdoba", "Argentina", "$"},
};
inline constexpr sv kCompanyStems[] = {
    "Aldren",        "Brightwater", "Calloway",  "Dunmore",   "Everhart",   "Fenwick",
    "Granite Ridge", "Halvard",     "Ironvale",  "Juniper",   "Kestrel",    "Larchmont",
    "Marlow",        "Northwind",   "Oakhurst",  "Pemberton", "Quarry Bay", "Redfern",
    "Silverline",    "Thornbury",   "Umbervale", "Vantage",   "Westbrook",  "Yarrow",
    "Zephyr",        "Ashcombe",    "Bellhaven", "Corrigan",  "Driftwood",  "Elmstead",
    "Foxglove",      "Glenmoor",    "Hollis",    "Inverness", "Keystone",   "Lowther",
};
inline constexpr sv kCompanySuffixes[] = {
    "Holdings",     "Systems",        "Energy",    "Foods",   "Logistics", "Pharma",
    "Motors",       "Bank",           "Capital",   "Telecom", "Materials", "Airlines",
    "Retail Group", "Semiconductors", "Insurance", "Mining",  "Robotics",  "Shipping",
};
inline constexpr sv kTeamSuffixes[] = {"United",    "Rovers",  "Athletic", "City",
                                       "Wanderers", "Rangers", "FC",       "Albion"};
inline constexpr sv kWeekdays[] = {"Monday", "Tuesday",  "Wednesday", "Thursday",
                                   "Friday", "Saturday", "Sunday"};
inline constexpr sv kMonths[] = {"January",   "February", "March",    "April",
                                 "May",       "June",     "July",     "August",
                                 "September", "October",  "November", "December"};
inline constexpr sv kMonthsShort[] = {"Jan",  "Feb", "March", "April", "May", "June",
                                      "July", "Aug", "Sept",  "Oct",   "Nov", "Dec"};

// ---- outlets and agencies --------------------------------------------------------------------
struct Outlet {
  sv name;
  sv domain;
  sv handle;
  bool title_case;  // Headlines In Title Case
  bool extras;      // adds section/author/tags fields to the record
  bool body_first;  // writes body before title
  bool ascii_only;  // escapes non-ASCII as \uXXXX
  sv time_suffix;   // "Z", "+01:00", ".000Z"
};
inline constexpr Outlet kOutlets[] = {
    {"The Harbor Ledger", "harborledger.com", "harborledger", true, false, false, false, "Z"},
    {"Northgate Courier", "northgatecourier.co.uk", "NGCourier", false, true, false, false,
     "+00:00"},
    {"Daily Meridian", "dailymeridian.net", "dailymeridian", true, false, true, false, "Z"},
    {"Valley Sentinel", "valleysentinel.com", "ValleySentinel", false, false, false, true, "Z"},
    {"Copperline News", "copperline.news", "copperline", false, true, true, false, ".000Z"},
    {"Prairie Dispatch", "prairiedispatch.com", "PrairieDispatch", true, false, false, false,
     "-05:00"},
    {"Bayside Tribune", "baysidetribune.com", "BaysideTrib", true, true, false, false, "Z"},
    {"The Lantern Post", "lanternpost.org", "lanternpost", false, false, false, true, "+01:00"},
    {"Summit Observer", "summitobserver.com", "SummitObs", false, false, true, false, "Z"},
    {"Riverbend Gazette", "riverbendgazette.com", "RBGazette", true, true, false, false, "Z"},
    {"Coastal Record", "coastalrecord.com.au", "CoastalRecord", false, false, false, false,
     "+10:00"},
    {"Metro Wire Daily", "metrowiredaily.com", "MetroWire", true, false, false, true, ".000Z"},
    {"The Ashford Chronicle", "ashfordchronicle.co.uk", "AshfordChron", false, true, true, false,
     "Z"},
    {"Pinecrest Herald", "pinecrestherald.com", "PinecrestHerald", true, false, false, false,
     "-07:00"},
    {"Westmark Times", "westmarktimes.com", "WestmarkTimes", false, true, false, false, "Z"},
    {"Lakeshore Bulletin", "lakeshorebulletin.ca", "LakeshoreBltn", true, false, true, true,
     "-04:00"},
};
inline constexpr sv kAgencies[] = {"Meridian Wire", "Atlas Wire",    "Continental Press",   "NPA",
                                   "GWS",           "Eastgate News", "Harbor News Service", "IPN"};

// ---- prose: shared word lists ------------------------------------------------------------------
inline constexpr sv kThings[] = {
    "demand for housing",
    "the cost of electricity",
    "the price of steel",
    "competition for skilled workers",
    "investment in new factories",
    "spending on public services",
    "the supply of semiconductors",
    "freight rates",
    "the cost of borrowing",
    "consumer confidence",
    "wage growth",
    "office vacancies",
    "the price of fertilizer",
    "orders from abroad",
    "tourist arrivals",
    "exports to neighbouring countries",
    "the cost of raw materials",
    "household savings",
    "the pace of hiring",
    "rents in the city centre",
    "shipping delays",
    "demand for electric cars",
    "imports of farm goods",
    "the price of coffee beans",
    "the supply of building materials",
    "mortgage approvals",
    "online sales",
    "the number of small business closures",
    "applications for permits",
    "water usage",
};
inline constexpr sv kProducts[] = {
    "frozen meals", "industrial pumps",   "solar panels",     "hearing aids",
    "garden tools", "kitchen appliances", "delivery vans",    "packaging film",
    "vaccines",     "bicycle parts",      "office furniture", "wind turbine blades",
    "pet food",     "running shoes",      "medical scanners", "cement",
    "insulin pens", "glass bottles",      "tractors",         "heat pumps",
};
inline constexpr sv kInputs[] = {"energy",        "packaging",  "labour", "shipping",
                                 "raw materials", "components", "wheat",  "aluminium",
                                 "freight",       "insurance"};
inline constexpr sv kPolicies[] = {
    "housing subsidies",  "pension reform",
    "data privacy",       "public transport funding",
    "farm subsidies",     "tax credits for small businesses",
    "energy prices",      "school funding",
    "water management",   "online gambling",
    "the minimum wage",   "short-term rentals",
    "coastal protection", "hospital waiting lists",
    "childcare costs",    "road tolls",
};
inline constexpr sv kConditions[] = {"heart disease", "type 2 diabetes",  "dementia",
                                     "depression",    "stroke",           "high blood pressure",
                                     "asthma",        "chronic back pain"};
inline constexpr sv kHealthFactors[] = {
    "regular walking",
    "eating more fibre",
    "getting seven hours of sleep",
    "drinking coffee daily",
    "gardening",
    "cycling to work",
    "learning a second language",
    "owning a dog",
    "volunteering",
    "eating oily fish twice a week",
};
inline constexpr sv kTechProducts[] = {
    "cloud storage service", "industrial robot", "battery pack",          "payments app",
    "chip for data centres", "translation tool", "smart meter",           "delivery drone",
    "security camera",       "electric scooter", "fleet tracking system", "home charger",
};
inline constexpr sv kFeatures[] = {
    "longer battery life",       "faster set-up",
    "built-in privacy controls", "lower running costs",
    "offline features",          "easier repairs",
    "automatic updates",         "support for older hardware",
};
inline constexpr sv kCaseTopics[] = {
    "misleading advertising", "a data breach",   "unpaid overtime", "pollution from its plant",
    "price fixing",           "faulty products", "hidden fees",     "late deliveries",
};
inline constexpr sv kDuties[] = {"protect customer data", "pay its workers on time",
                                 "warn consumers",        "meet safety standards",
                                 "disclose the risks",    "keep accurate records"};
inline constexpr sv kEvents[] = {
    "a broker upgrade",    "quarterly results",   "a profit warning", "news of a share buyback",
    "a management change", "a takeover approach", "a contract win",   "a regulatory fine"};
inline constexpr sv kGroups[] = {
    "officials",
    "analysts",
    "residents",
    "regulators",
    "investors",
    "lawmakers",
    "executives",
    "economists",
    "union leaders",
    "local businesses",
    "researchers",
    "engineers",
    "environmental groups",
    "consumers",
    "farmers",
    "landlords",
    "teachers",
    "doctors",
};
inline constexpr sv kPeoplePlural[] = {
    "pensioners",      "renters",           "commuters",
    "farmers",         "students",          "shift workers",
    "small retailers", "first-time buyers", "families with young children"};

// ---- prose: sentence templates
// -------------------------------------------------------------------- Sentences shared by every
// topic. {thing}, {group}, ... are wording; {company2}, {city}, {person2}, figures are facts.
inline constexpr sv kGenericSentences[] = {
    "[Meanwhile|Separately|At the same time|Still|For now], {group} [warned|argued|noted|said] "
    "that {thing} [could|would likely|may|is set to] [rise further|slow sharply|remain under "
    "pressure|recover|stabilize|weaken] [in the coming months|by the end of {year}|over the next "
    "two quarters|before the summer|this year].",
    "The [decision|announcement|move|report|plan] [comes|came] [as|just as|while] [rising|falling|"
    "volatile|uncertain] [interest rates|energy costs|consumer confidence|trade tensions|commodity "
    "prices] [weigh on|lift|reshape] [the regional economy|households across {country}|"
    "businesses in {city}|the wider sector].",
    "[Last year|In {year_past}|Two years ago], [a similar|a comparable|an earlier] [plan|effort|"
    "proposal] [stalled|was abandoned|was scaled back] [after|amid] [opposition from|pressure "
    "from|concerns among] [local groups|investors|unions|regulators].",
    "It was not [immediately clear|yet known|clear] [whether|how quickly|when] [the plan|the "
    "company|officials|the government] [would|could] [respond|proceed|change course|meet the "
    "deadline].",
    "[According to|Citing|Based on] [figures|data|estimates] from {company2}, {thing} [grew|fell|"
    "changed] by {pct} [in|over] the [past year|last quarter|first half].",
    "[Some|Several|Many] {group} [in|around|outside] {city} [said|told reporters|have said] "
    "they [were|had been|remain] [waiting for|hoping for|skeptical of] [clearer guidance|more "
    "details|a firm timetable|further support].",
    "[The figures|The numbers|Those estimates] [do not|did not] [include|account for|reflect] "
    "[costs linked to|the impact of|spending on] {thing}, [officials|the authors|the company] "
    "[said|noted|added].",
    "{group_cap} [have long|had repeatedly|have for years] [called for|pushed for|resisted] "
    "[changes to|a review of|limits on] {policy}.",
    "[In|Across] {country}, {thing} [has|had] [become|turned into|emerged as] a [central|"
    "recurring|divisive] [issue|theme|concern] [for|among] {people_plural}.",
    "The [region|area|city] [has|had] [about|nearly|more than] {count} [residents|businesses|"
    "workers] [and|, and] [relies|depends] heavily on [tourism|manufacturing|farming|shipping|"
    "public sector jobs].",
};
inline constexpr sv kQuoteSentences[] = {
    "\"[We are|We remain] [confident|cautious|encouraged|realistic] [that|about whether] "
    "{thing} will [improve|recover|stabilize|keep growing] [next year|over time|in the second "
    "half],\" {pname} [said|told reporters|added|said in a statement].",
    "\"[This is|It is] [an important|a difficult|a significant|a welcome|a long overdue] "
    "[step|moment|decision|result] for [our customers|the community|the region|our team|the "
    "country],\" {pname} [said|added|told reporters].",
    "\"There is still a lot of [work|uncertainty|room for improvement] [ahead|to do|in the "
    "coming months],\" [said|added] {pname}[, who declined to give a timetable|, speaking after "
    "a meeting with {group}|, adding that more details would follow].",
    "{pname} [said|told reporters|stressed] that [the|this] [decision|outcome|result] "
    "[reflected|showed|confirmed] [months of preparation|the strength of the team|a broader "
    "shift in {thing}].",
    "\"[Nobody|No one] [expected|predicted|planned for] [this|numbers like these|a shift this "
    "fast],\" {pname} said. \"[We|Everyone] [will have to|need to|must] [adapt|move quickly|"
    "be patient].\"",
    "\"[Our|The] [priority|focus|goal] [is|remains] [keeping costs down|keeping people safe|"
    "delivering on time|protecting jobs],\" {pname} said[.|, adding that talks would continue.]",
};

// Optional openers of a story's lead: news leads vary a lot in their first words.
inline constexpr sv kLeadOpeners[] = {
    "After months of talks, ",
    "In a surprise move, ",
    "Despite objections from {group}, ",
    "For the second time this year, ",
    "Under pressure from {group}, ",
    "In a decision closely watched across {country}, ",
    "Ending weeks of speculation, ",
    "With little advance notice, ",
    "Following a lengthy review, ",
    "Late on {weekday2}, ",
    "As {thing} continued to [rise|fall|shift], ",
    "In a blow to {group}, ",
    "Weeks after [a similar|an earlier|a rival] [announcement|warning|plan], ",
    "In a statement released before dawn, ",
    "Confirming earlier reports, ",
    "Once again, ",
};

// House style: each story picks one variant per word (consistently through the story), so
// unrelated stories share fewer word runs, as real stories by different writers do.
struct StyleWord {
  sv word;
  sv variants[4];  // variants[0] == word; unused entries are empty
};
inline constexpr StyleWord kStyleWords[] = {
    {"said", {"said", "stated", "noted"}},
    {"people", {"people", "residents", "locals"}},
    {"company", {"company", "firm", "group"}},
    {"plan", {"plan", "proposal", "scheme"}},
    {"officials", {"officials", "authorities", "administrators"}},
    {"expected", {"expected", "forecast", "anticipated"}},
    {"rose", {"rose", "climbed", "increased", "advanced"}},
    {"fell", {"fell", "dropped", "declined", "slid"}},
    {"new", {"new", "fresh"}},
    {"homes", {"homes", "houses", "households"}},
    {"leave", {"leave", "flee", "abandon"}},
    {"build", {"build", "construct", "develop"}},
    {"start", {"start", "begin", "commence"}},
    {"showed", {"showed", "indicated", "suggested"}},
    {"warned", {"warned", "cautioned"}},
    {"nearly", {"nearly", "almost", "close to"}},
    {"residents", {"residents", "locals", "inhabitants"}},
    {"customers", {"customers", "clients", "buyers"}},
    {"workers", {"workers", "employees", "staff"}},
    {"jobs", {"jobs", "positions", "posts"}},
    {"analysts", {"analysts", "observers", "commentators"}},
    {"government", {"government", "administration", "cabinet"}},
    {"reported", {"reported", "announced", "disclosed"}},
    {"announced", {"announced", "unveiled", "revealed"}},
    {"demand", {"demand", "appetite"}},
    {"prices", {"prices", "costs"}},
    {"region", {"region", "area", "district"}},
    {"rules", {"rules", "regulations"}},
    {"project", {"project", "scheme", "development"}},
    {"contract", {"contract", "deal"}},
    {"decision", {"decision", "ruling", "move"}},
    {"study", {"study", "analysis"}},
    {"risk", {"risk", "likelihood", "chance"}},
    {"results", {"results", "figures", "numbers"}},
    {"expects", {"expects", "anticipates", "predicts"}},
    {"plans", {"plans", "intends", "aims"}},
    {"concerns", {"concerns", "worries", "fears"}},
    {"pressure", {"pressure", "strain"}},
    {"growth", {"growth", "expansion"}},
    {"profit", {"profit", "earnings"}},
    {"forced", {"forced", "compelled", "prompted"}},
    {"quickly", {"quickly", "rapidly", "swiftly"}},
    {"told", {"told", "informed"}},
    {"added", {"added", "continued", "went on"}},
    {"weeks", {"weeks", "days"}},
    {"coming", {"coming", "next", "following"}},
    {"likely", {"likely", "probably"}},
    {"increase", {"increase", "rise", "jump"}},
    {"major", {"major", "key", "main"}},
    {"crews", {"crews", "teams", "workers"}},
    {"estimated", {"estimated", "calculated", "reckoned"}},
    {"because", {"because", "as", "since"}},
    {"still", {"still", "yet"}},
    {"however", {"however", "though"}},
    {"says", {"says", "argues", "insists"}},
    {"help", {"help", "aid", "assist"}},
    {"hurt", {"hurt", "harm", "damage"}},
    {"public", {"public", "state"}},
};

struct Topic {
  sv section;
  const sv* headlines;
  int headline_count;
  const sv* leads;
  int lead_count;
  const sv* details;
  int detail_count;
};

inline constexpr sv kBusinessHeadlines[] = {
    "{company} [profit|quarterly profit|earnings] [rises|jumps|climbs] {pct} on [strong|steady|"
    "resilient] {product} sales",
    "{company} [beats|misses] forecasts and [raises|cuts] its full-year outlook",
    "{company} to cut {count} jobs after [weak|disappointing] {quarter} results",
};
inline constexpr sv kBusinessLeads[] = {
    "{company} [said|reported] on {weekday} that its {quarter} net profit [rose|climbed|"
    "increased] {pct} to {money}, [helped by|driven by|supported by] [stronger|steady|resilient] "
    "demand for its {product}.",
    "{company}, the {city}-based [maker|supplier|producer] of {product}, [posted|reported] "
    "{quarter} revenue of {money} on {weekday}, [ahead of|below|in line with] the {money} "
    "analysts had [expected|forecast].",
    "[Quarterly|Full-year|Half-year] [earnings|profits] at {company} [came in|landed] "
    "[above|below] [forecasts|expectations] on {weekday} [as|after] [weaker|firmer|patchy] "
    "{product} [orders|sales] [in {country}|abroad|at home] [offset|outweighed|added to] "
    "[savings|price increases|cost cuts] [elsewhere|in other divisions].",
    "[Investors|Shareholders|Analysts] [cheered|questioned|shrugged off] {company}'s "
    "[latest|{quarter}] [figures|results] on {weekday}, which showed [operating profit|net "
    "income|sales] [up|down] {pct} [at|to] {money}.",
};
inline constexpr sv kBusinessDetails[] = {
    "Operating margin [widened|narrowed] to {pct} from {pct} a year earlier, the company said.",
    "Shares of {company} [rose|fell|slipped|jumped] {pct} in [early|afternoon|late] trading, "
    "[valuing the company at|giving it a market value of] {money}.",
    "The [group|company] [now expects|said it expects] full-year sales of between {money} and "
    "{money}, [compared with|against] {money} last year.",
    "Chief executive {person} told analysts on a conference call that [orders|bookings] had "
    "[picked up|slowed|stabilized] in [the past few weeks|recent weeks|the second half of the "
    "quarter].",
    "{company} employs about {count} people [worldwide|across {small} countries|in {country}] "
    "and [plans to|intends to] [open|close|expand] {small} [sites|stores|plants|offices] by "
    "{year}.",
    "Analysts at {company2} said the [results|figures] [showed|suggested|pointed to] a [recovery "
    "in|slowdown in|shift in] {thing}.",
    "The company [will pay|proposed] a dividend of {price} per share, [up from|unchanged from|"
    "down from] {price} a year ago.",
    "Costs for {input} [rose|fell|eased] {pct} in the quarter, [squeezing|supporting] margins "
    "[across the business|in its largest division|in {country}].",
    "{company} is due to [publish|report] [full-year|third-quarter|annual] results on {date}.",
    "The {city} plant, which [opened|was expanded] in {year_past}, [accounts for|produces] "
    "about {pct} of the group's output.",
};
inline constexpr sv kMarketsHeadlines[] = {
    "[Stocks|Shares] in {city} [edge higher|slip|rally|retreat] as investors [weigh|digest] "
    "{thing}",
    "{company} [leads gains|leads losses] as {city} index [closes|ends] {pct} [higher|lower]",
};
inline constexpr sv kMarketsLeads[] = {
    "The benchmark index in {city} [closed|ended|finished] {pct} [higher|lower] at {index_level} "
    "on {weekday}, [as|while|after] investors [weighed|digested|awaited] {thing}.",
    "[Shares|Stocks] in {city} [rose|fell|edged higher|slipped] on {weekday}, with the main index "
    "[ending|closing] at {index_level}, [up|down] {pct}, as {thing} [came into focus|weighed on "
    "sentiment|lifted sentiment].",
    "[A late rally|Selling in the final hour|Heavy trading in {company} shares] "
    "[left|pushed|dragged] the [main|benchmark|leading] {city} [index|market] {pct} [higher|lower] "
    "[by the close|at the end of the session] on {weekday}, [at|to] {index_level}.",
    "[Traders|Dealers|Fund managers] in {city} [sold|bought|rotated into] "
    "[bank|energy|technology|retail] [shares|stocks] on {weekday}, [sending|leaving] the "
    "[main|broad] index {pct} [up|down] at {index_level} [amid|on] [worries about|hopes for|talk "
    "of] {thing}.",
};
inline constexpr sv kMarketsDetails[] = {
    "{company} [led gains|led losses|was the biggest mover], [rising|falling|ending] {pct} after "
    "{event}.",
    "Trading volume was [light|heavy|about average], with {count} million shares changing hands.",
    "The [dollar|euro|pound] [rose|fell|was steady] {pct} against [a basket of currencies|the "
    "yen|the Swiss franc], while ten-year bond yields [rose|fell|held] at {pct}.",
    "Oil prices [rose|fell|edged] {pct} to {price} a barrel [after|as] {thing} [came into focus|"
    "weighed on sentiment].",
    "{person}, [a strategist|an analyst|a portfolio manager] at {company2}, said [investors|"
    "traders] were [focused on|watching|nervous about] {thing}.",
    "Gold [was little changed|traded higher|traded lower] at {price} an ounce.",
    "{company2} [gained|lost|added|shed] {pct} after [announcing|reporting|confirming] {event}.",
    "[Smaller companies|Mid-cap stocks|Bank shares] [outperformed|lagged|tracked] the broader "
    "market, [ending|closing] {pct} [higher|lower].",
    "[Futures|Options traders] [pointed to|priced in|signalled] a [steady|weaker|stronger] "
    "open on {weekday2}.",
};
inline constexpr sv kPoliticsHeadlines[] = {
    "[Lawmakers|Parliament] in {country} [approve|reject|delay] [bill|plan] on {policy}",
    "{person} [vows|pledges|promises] [action|reforms] on {policy} ahead of [vote|election]",
};
inline constexpr sv kPoliticsLeads[] = {
    "[Lawmakers|Legislators|Members of parliament] in {country} voted {count} to {small} on "
    "{weekday} to [approve|reject|delay] a [bill|plan|proposal] that would [overhaul|tighten|"
    "relax|expand] rules on {policy}.",
    "{role_pol} {person} [promised|pledged|vowed] on {weekday} to [overhaul|tighten|relax] rules "
    "on {policy}, [saying|arguing] that the current system [had failed|was unfair to|left "
    "behind] {people_plural}.",
    "[A|The] [long-awaited|controversial|revised] [overhaul|review|package] of {policy} "
    "[cleared|stalled in|was sent back to] [parliament|the upper house|committee] on {weekday} "
    "[after|following] [a heated|a late-night|an unusually short] debate in {city}.",
    "[Thousands|Hundreds] of {people_plural} [wrote to|petitioned|lobbied] [lawmakers|the "
    "government|their representatives] [in|across] {country} [ahead of|before] a "
    "[vote|decision|hearing] on {policy} [due|expected|set] [on|for] {date}.",
};
inline constexpr sv kPoliticsDetails[] = {
    "The measure, [backed|opposed] by {role_pol} {person}, would [cost|save] an estimated "
    "{money} over {small} years, according to [official estimates|the finance ministry|budget "
    "officials].",
    "[Opposition leaders|Critics|Several regional leaders] [said|argued|warned] the [plan|bill] "
    "would "
    "[hurt|burden|leave behind] {people_plural} in [rural areas|smaller towns|coastal regions].",
    "{person2}, who [heads|leads|chairs] the {committee} committee, said [a final vote|further "
    "debate] [could come|was expected] [by {date}|before the summer recess|within weeks].",
    "[Polls|Recent surveys|A poll published on {weekday}] [show|suggest] that {pct} of voters "
    "[support|oppose|are undecided about] the [proposal|changes|plan].",
    "Protesters [gathered|marched|rallied] outside the [parliament building|government offices|"
    "city hall] in {city}, where police [estimated|put] the crowd at about {count}.",
    "The [government|coalition] [holds|controls] {small} of the {count} seats and [needs|relies "
    "on] the support of {small} independent members.",
    "{person} [first proposed|first floated|announced] the [changes|idea] in {month} [during a "
    "visit to|in a speech in|at a rally in] {city}.",
    "[Officials|Ministers] said [the rules|the changes] would take effect on {date} [if approved|"
    "pending a final vote|subject to review].",
};
inline constexpr sv kWeatherHeadlines[] = {
    "[Floods|Storms|Wildfires] [force|prompt] {count} [evacuations|people from their homes] "
    "[in|near] {city}",
    "[Heavy rain|Strong winds|Heatwave] [disrupts|hits] {city} as {count} homes lose power",
};
inline constexpr sv kWeatherLeads[] = {
    "[Heavy rain|A powerful storm|Strong winds|Wildfires fanned by dry winds] [forced|prompted] "
    "about {count} people to leave their homes [near|around|in] {city} on {weekday}, "
    "[officials said|local authorities said|emergency services said].",
    "[Emergency crews|Firefighters|Rescue teams] in {city} [worked|struggled] through {weekday} "
    "[night|morning] to [reach|protect|evacuate] {count} [residents|homes] [cut off|threatened] "
    "by [rising water|fast-moving flames|fallen trees].",
    "[Roads|Rail lines|Ferry services] [around|near|into] {city} [were cut|were suspended|stayed "
    "closed] on {weekday} [after|as] [a second night of storms|torrential rain|gale-force winds|a "
    "fast-moving fire] [swept|tore|moved] through the [region|valley|coast].",
    "[The national weather service|Forecasters|Civil protection officials] "
    "[raised|issued|extended] [a red|an orange|its highest] [warning|alert] for {city} and {small} "
    "[nearby|surrounding|coastal] [districts|towns|municipalities] on {weekday}, "
    "[urging|telling|asking] residents to [stay indoors|avoid travel|prepare to leave].",
};
inline constexpr sv kWeatherDetails[] = {
    "[Rainfall reached {rain}|Wind gusts peaked at {wind}|Temperatures reached {heat}] in [some "
    "areas|parts of the "
    "region|the hills above {city}], [meteorologists said|according to the weather service].",
    "[Power was cut|Electricity was knocked out|Water supplies were disrupted] to {count} "
    "[homes|households|customers], and {small} [roads|bridges|rail lines] remained closed.",
    "{person}, [the regional emergency coordinator|a spokesperson for the fire service|the "
    "mayor of {city}], said [crews|teams|volunteers] were [working through the night|going door "
    "to door|clearing debris].",
    "[Forecasters|The weather service|Meteorologists] [expect|warned of] [more rain|further gusts|"
    "higher temperatures] [through|until] {weekday2}, with [a warning|an alert] in place for "
    "{small} [districts|counties|provinces].",
    "Insurers [estimated|put] early [damage|losses|claims] at [around|about|more than] {money}.",
    "[Schools|Several hospitals|Local businesses] [were closed|remained shut|reopened] on "
    "{weekday} [as a precaution|while crews assessed the damage|after the water receded].",
    "The [last|previous] [comparable|major] [flood|storm|fire] in the [area|region], in "
    "{year_past}, [caused|left] {money} in damage.",
    "{small} people were [treated in hospital|taken to hospital|reported missing], [officials|"
    "police] said, [but|and] [no deaths|no serious injuries] had been reported.",
};
inline constexpr sv kSportsHeadlines[] = {
    "{team} [beat|edge past|hold off] {team2} {score} to [stay top|reach semi-finals|extend "
    "unbeaten run]",
    "{person} [double|late winner|strike] [lifts|sends] {team} past {team2}",
};
inline constexpr sv kSportsLeads[] = {
    "{team} [beat|defeated|overcame] {team2} {score} on {weekday} [night|afternoon|evening] [to "
    "move top of the table|to reach the semi-finals|to extend their unbeaten run to {small} "
    "games], with {person} [scoring twice|scoring the winner|setting up both goals].",
    "[A stoppage-time goal|An early red card|A second-half collapse|Two goals in four minutes] "
    "[decided|settled|turned] [a tense|an open|a scrappy] [derby|cup tie|league match] in {city} "
    "on {weekday}, [as|when] {team} [saw off|beat|were held by] {team2} {score}.",
    "{person} [scored|struck|netted] [twice|late|from the penalty spot] [to give {team} a {score} "
    "win over {team2}|as {team} beat {team2} {score}] on {weekday}[, keeping their title hopes "
    "alive|, ending a run of {small} games without a win|, in front of a sold-out crowd].",
};
inline constexpr sv kSportsDetails[] = {
    "[The visitors|The home side|Both teams] [started brightly|struggled early|dominated "
    "possession], and {person2} [hit the post|forced a save|had a goal ruled out] after {small} "
    "minutes.",
    "A crowd of {count} [fans|spectators] [watched|saw] the [match|game] in {city}.",
    "{team} [are now|sit|remain] {small} points [clear|behind the leaders|above the relegation "
    "zone] with {small} games [left|remaining].",
    "{person}, who [joined|signed] from {team3} [last summer|in January|two seasons ago], has now "
    "scored {small} goals this season.",
    "[Coach|Manager|Head coach] {person2} said [his|the] side had [shown character|been "
    "fortunate|deserved the win] and [praised|singled out] [the defence|the young players|the "
    "supporters].",
    "{team2}, who [lost|had won] {small} of their previous {small} [games|matches], [face|host|"
    "travel to] {team3} on {weekday2}.",
    "[An injury to|The absence of|A red card for] {person2} [in the second half|before the "
    "break|late on] [changed the game|left the visitors stretched|proved decisive].",
};
inline constexpr sv kTechHeadlines[] = {
    "{company} [unveils|launches|delays] new {tech_product}",
    "{company} to [invest|spend] {money} on {city} [data centre|research hub|factory]",
};
inline constexpr sv kTechLeads[] = {
    "{company} [unveiled|launched|introduced] a new {tech_product} on {weekday}, [betting|"
    "hoping] that [businesses|consumers|hospitals|schools] will pay [more|a premium] for "
    "{feature}.",
    "{company} said on {weekday} it would [invest|spend] {money} on a new [data centre|research "
    "hub|factory] in {city}, [creating|adding] about {count} jobs [by {year}|over {small} "
    "years].",
    "[Shoppers|Businesses|Hospitals|Schools] in {country} will [soon|from {month}] be able to "
    "[buy|rent|test] a {tech_product} [made|designed|built] by {company}, the "
    "[start-up|group|company] [said|announced|confirmed] on {weekday}.",
    "[After|Following] {small} [years|months] of [development|delays|trials], {company} "
    "[finally|quietly|formally] [released|launched|shipped] its {tech_product} on {weekday}, "
    "[aiming|hoping] to [win back|attract|keep] [customers|users|buyers] [from|lured by] "
    "{company2}.",
};
inline constexpr sv kTechDetails[] = {
    "The [device|service|system] will [cost|sell for|start at] {price} and [go on sale|be "
    "available] in {country} from {date}.",
    "{company} said [the product|it] had been [in development|tested] for {small} [months|years] "
    "with {count} [customers|companies|hospitals].",
    "[Rivals|Competitors] such as {company2} [launched|have offered|are developing] similar "
    "[products|services|tools] [this year|in recent months|since {year_past}].",
    "{person}, [the company's chief technology officer|head of product|a senior vice president], "
    "said the [new|latest] [version|model] [used|consumed] {pct} less [energy|power|memory] than "
    "[its predecessor|the previous model].",
    "[Regulators|Privacy advocates|Consumer groups] in {country} [have raised|voiced] "
    "[questions|concerns] about [how|whether] {thing} [would be affected|could be monitored].",
    "The [site|facility] will [draw|use] up to {capacity} of power [from|supplied by] "
    "[renewable sources|the regional grid|an on-site plant], {company} said.",
    "[Orders|Pre-orders|Sign-ups] [reached|passed|topped] {count} in the first {small} days, "
    "[according to|said] {person}.",
};
inline constexpr sv kHealthHeadlines[] = {
    "[Study|Researchers] [link|links] {health_factor} to lower risk of {condition}",
    "{health_factor_cap} may [cut|lower] {condition} risk by {pct}, [study finds|researchers "
    "find|researchers say]",
};
inline constexpr sv kHealthLeads[] = {
    "[Researchers|Scientists|A team] at the University of {city} [found|reported] that "
    "{health_factor} was [linked to|associated with] a {pct} lower risk of {condition}, in a "
    "study of {count} [adults|patients|volunteers] published on {weekday}.",
    "[People|Adults|Older adults|Office workers] who [reported|said they practised] "
    "{health_factor} [had|showed] a {pct} [lower|reduced] [risk|rate] of {condition}, [according "
    "to|based on] [research|a study|an analysis] [from|by] [scientists|a team] in {city} "
    "[published|released] on {weekday}.",
    "[A large|A long-running|A new] [study|trial|analysis] of {count} [people|patients|volunteers] "
    "in {country} [suggests|has found|indicates] that {health_factor} [may|could|might] [protect "
    "against|lower the risk of|delay the onset of] {condition}.",
};
inline constexpr sv kHealthDetails[] = {
    "The [participants|volunteers] were [followed|tracked|monitored] for {small} years, and "
    "[researchers|the team] [adjusted for|accounted for] [age, income and smoking|diet and "
    "exercise|other health conditions].",
    "{person}, [a professor of epidemiology|the study's lead author|a researcher at the "
    "university], said the [findings|results] [should be|need to be] [confirmed|replicated] in "
    "[larger|longer|randomized] [trials|studies].",
    "[Health officials|The health ministry|Doctors' groups] in {country} [said|noted|cautioned] "
    "that the study [did not|could not] [prove|establish] cause and effect.",
    "About {count} people are [diagnosed with|treated for] {condition} in {country} each year, "
    "according to [official figures|government data].",
    "The [research|work] was [funded|paid for] by [a national science agency|a medical charity|"
    "{company2}], which [had no role|played no part] in [the analysis|the study design].",
    "[Participants|Those] who [reported|practised] {health_factor} [at least|more than] {small} "
    "times a week [saw|showed] the [largest|clearest] [benefit|effect].",
    "{person2}, [who was not involved in the study|an independent expert], [called the results|"
    "said the findings were] [encouraging|plausible|interesting but limited].",
};
inline constexpr sv kTransportHeadlines[] = {
    "{city} [approves|unveils|delays] {money} [rail|tram|bridge|airport] [project|plan|upgrade]",
    "{company} wins {money} contract for {city} [tram line|rail link|bridge]",
};
inline constexpr sv kTransportLeads[] = {
    "[Officials|Authorities|The city council] in {city} [approved|unveiled|announced] a {money} "
    "plan on {weekday} to [build|extend|upgrade] [a tram line|the airport|the main rail "
    "station|a new bridge|the port], with [construction|work] [due to start|expected to begin] "
    "in {year}.",
    "[Commuters|Passengers|Residents] in {city} [face|will face|can expect] [years of|months "
    "of|fresh] [disruption|roadworks|detours] after [officials|the council|the transport "
    "authority] [signed off on|approved|awarded] a {money} [contract|plan|project] to {company} on "
    "{weekday}.",
    "[Plans|Proposals] for a [new|second|long-delayed] [bridge|rail link|tram line|terminal] in "
    "{city} [moved forward|took a step closer|cleared a key hurdle] on {weekday} [when|after] "
    "{company} [won|was chosen for|secured] the {money} [contract|tender|deal].",
};
inline constexpr sv kTransportDetails[] = {
    "The [project|line|upgrade] [is expected to|should] [carry|serve] {count} passengers a day "
    "[once complete|when it opens|by {year}], [cutting|reducing] [journey times|congestion] by "
    "[about|up to] {pct}.",
    "{company} [won|secured|was awarded] the {money} [construction|engineering|design] contract "
    "[ahead of|against] {small} rival bidders.",
    "[Residents|Business owners|Shopkeepers] along the [route|planned route] [said|complained|"
    "worried] that [years of|prolonged|noisy] construction would [hurt|disrupt] [trade|daily "
    "life|access to their homes].",
    "[Funding|Financing] [will come|is to come] from [the national government|a regional "
    "development fund|bonds and fares|a mix of public and private sources].",
    "{person}, [the city's transport commissioner|the deputy mayor|the project's director], said "
    "[delays|cost overruns] on [earlier|similar] projects had been [studied|taken into account].",
    "The [existing|current|old] [line|bridge|terminal] [dates from|was built in] {year_old} and "
    "[carries|handles] about {count} [passengers|vehicles] a day.",
    "[Critics|Opposition councillors|Campaigners] [argued|said] the {money} [would be better "
    "spent|could be used] on [buses|road repairs|cycle lanes|housing].",
};
inline constexpr sv kCourtsHeadlines[] = {
    "Court [orders {company} to pay|fines {company}] {money} over {case_topic}",
    "{company} to appeal {money} ruling over {case_topic}",
};
inline constexpr sv kCourtsLeads[] = {
    "A court in {city} [ordered|fined] {company} to pay {money} on {weekday} over {case_topic}, "
    "[ruling|finding] that the company had [failed to|neglected to] {duty}.",
    "{company} [lost|must pay after losing|was ordered to pay {money} after] a [lawsuit|case|class "
    "action] [brought by|filed by|led by] {count} [customers|former employees|residents] over "
    "{case_topic}, a judge in {city} [ruled|decided] on {weekday}.",
    "[Judges|A panel of judges|An appeals court] in {city} [upheld|overturned|reduced] a {money} "
    "[fine|penalty|award] against {company} on {weekday} in a [long-running|closely "
    "watched|bitter] dispute over {case_topic}.",
};
inline constexpr sv kCourtsDetails[] = {
    "Judge {person} said in [her|the|a] written [ruling|judgment] that the [evidence|documents] "
    "[showed|made clear] that {company} had known about the problem for {small} years.",
    "[Lawyers for|A spokesperson for] {company} said the company [would appeal|was reviewing the "
    "decision|disagreed with the ruling] and had [cooperated fully|acted in good faith].",
    "The case was [brought|filed] by {count} [customers|former employees|residents|investors] "
    "in {year_past}.",
    "[Prosecutors|The regulator|Consumer advocates] [welcomed|said they would study] the "
    "[ruling|decision], which [could|may] [set a precedent|encourage similar claims|affect "
    "{small} other cases].",
    "{person2}, [a lawyer for the claimants|who represented the plaintiffs], said [her|the] "
    "clients [had waited|had been fighting] {small} years for [an answer|compensation].",
    "{company} [had set aside|has provisioned] {money} for [legal costs|the case|possible "
    "claims], according to its [latest|most recent] annual report.",
    "The [court|judge] [gave|allowed] the company {small} days to [pay|file an appeal|respond].",
};
inline constexpr sv kEnergyHeadlines[] = {
    "{company} to build {money} [wind farm|solar park|battery plant] near {city}",
    "[Power|Electricity] prices in {country} [jump|fall] {pct} as {thing} [shifts|bites]",
};
inline constexpr sv kEnergyLeads[] = {
    "{company} [plans to|will] build a {capacity} [wind farm|solar park|battery storage site|"
    "hydrogen plant] near {city}, [investing|spending] {money}, the company said on {weekday}.",
    "[Plans|A proposal] for a {capacity} [wind farm|solar park|battery storage site] "
    "[near|outside|off the coast of] {city} [won|received|lost] [planning approval|backing from "
    "regulators|a key vote] on {weekday}, [clearing the way|opening the door|dealing a blow] to a "
    "{money} [investment|project] by {company}.",
    "{company} [switched on|opened|connected] [its|a] {capacity} [plant|site|farm] [near|outside] "
    "{city} on {weekday}, [saying|adding] it [would|could] [supply|power] [about|roughly] {count} "
    "homes [and|while] [cutting|lowering] [emissions|costs] in {country}.",
};
inline constexpr sv kEnergyDetails[] = {
    "The [site|plant|project] [would|will] [supply|power] about {count} homes and [create|"
    "support] {count} [jobs|construction jobs], [according to|citing] [company estimates|a local "
    "study].",
    "[Electricity|Power|Gas] prices in {country} have [risen|fallen|swung] {pct} [this year|since "
    "{month}], [adding|putting] pressure on [households|manufacturers|utilities] as officials "
    "[weigh|debate] {policy}.",
    "{person}, [head of renewables|the chief operating officer|the project manager] at "
    "{company}, said [permits|grid connections|supply contracts] [were the main hurdle|had been "
    "secured|remained uncertain].",
    "[Local residents|Farmers|Environmental groups] [raised|voiced] [concerns|objections] "
    "[about|over] [the impact on|the effect on] [birds|views|farmland|the river].",
    "{company2}, which [operates|owns] {small} similar [sites|plants] in {country}, [said|"
    "reported] output [rose|fell] {pct} last year.",
    "[Construction|Work] is [expected|scheduled] to [start|begin] in {month} {year} and take "
    "about {small} months.",
    "[Grid operators|Regulators] [said|warned] {capacity} of new capacity [would need|needs] "
    "[new transmission lines|upgraded substations|storage] [to connect|before it can connect].",
};

#define NEWSDEDUP_TOPIC(section, prefix)                                                       \
  Topic {                                                                                      \
    section, prefix##Headlines, static_cast<int>(std::size(prefix##Headlines)), prefix##Leads, \
        static_cast<int>(std::size(prefix##Leads)), prefix##Details,                           \
        static_cast<int>(std::size(prefix##Details))                                           \
  }
inline constexpr Topic kTopics[] = {
    NEWSDEDUP_TOPIC("business", kBusiness), NEWSDEDUP_TOPIC("markets", kMarkets),
    NEWSDEDUP_TOPIC("politics", kPolitics), NEWSDEDUP_TOPIC("weather", kWeather),
    NEWSDEDUP_TOPIC("sport", kSports),      NEWSDEDUP_TOPIC("technology", kTech),
    NEWSDEDUP_TOPIC("health", kHealth),     NEWSDEDUP_TOPIC("transport", kTransport),
    NEWSDEDUP_TOPIC("law", kCourts),        NEWSDEDUP_TOPIC("energy", kEnergy),
};
#undef NEWSDEDUP_TOPIC

// ---- site chrome (the generator's own phrasing of kinds of lines seen on news sites) ----------
// {outlet}, {handle}, {n}, {year}, {headline}, {section}, {name}, {date}, {time} are filled in.
inline constexpr sv kChromeTop[] = {
    "{n} views",
    "Views: {n}",
    "{n} reads",
    "Share this article",
    "Share",
    "Save",
    "{n} min read",
    "Listen to this article",
    "Home > {section_cap}",
    "Home / {section_cap} / {city}",
    "Published {date}, {year} at {time}",
    "Updated: {date}, {year} {time} GMT",
    "Text size: A A A",
    "Advertisement",
    "Photo: {name}/{outlet}",
    "\u00a9 {outlet}",
};
inline constexpr sv kChromeBottom[] = {
    "\u00a9 {year} {outlet}. All rights reserved.",
    "Copyright \u00a9 {year} {outlet} Media Group",
    "(c) {year} {outlet}. This article may not be republished without permission.",
    "Share this story: Facebook | X | LinkedIn | Email",
    "Follow {outlet} on Facebook, Instagram and X.",
    "Follow @{handle} for the latest updates.",
    "Sign up for our daily newsletter.",
    "Subscribe to {outlet} for unlimited access.",
    "Get breaking news alerts on your phone: download our app.",
    "Join our WhatsApp channel for updates",
    "Related: {headline}",
    "READ MORE: {headline}",
    "See also: {headline}",
    "You might also like: {headline}",
    "{n} comments",
    "Comments ({n})",
    "Leave a comment",
    "Report an error",
    "Tags: {tag1}, {tag2}, {tag3}",
    "Filed under: {section_cap}",
    "Back to top",
    "Click here to read more stories from {outlet}",
};
inline constexpr sv kChromeMiddle[] = {
    "Advertisement",         "ADVERTISEMENT",
    "READ MORE: {headline}", "Story continues below advertisement",
    "Related: {headline}",
};
inline constexpr sv kTags[] = {"economy",    "business",  "local news", "world",  "politics",
                               "markets",    "weather",   "sport",      "health", "science",
                               "technology", "transport", "energy",     "courts"};
// Dateline patterns; {CITY} is upper case, {city} as written, {agency}, {date} = "March 4".
inline constexpr sv kDatelines[] = {
    "{CITY} ({agency}) - ",
    "{city}, {date} ({agency}) - ",
    "{CITY}: ",
    "{CITY}, {date} -- ",
    "{city} \u2014 ",
    "{CITY} ({agency}) \u2013 ",
    "{city}, {country}, {date} ({agency}) - ",
    "{CITY} - ",
};
inline constexpr sv kBylines[] = {
    "By {name}",         "By {name} and {name2}",   "By {NAME}, {outlet}",
    "{name} | {outlet}", "By {name}, Staff Writer", "{name}, {section_cap} Correspondent",
    "Written by {name}",
};
// Light-edit synonyms: word -> replacement (lowercase, whole words).
struct Synonym {
  sv from;
  sv to;
};
inline constexpr Synonym kSynonyms[] = {
    {"said", "stated"},       {"rose", "climbed"},          {"fell", "dropped"},
    {"about", "around"},      {"expected", "anticipated"},  {"company", "firm"},
    {"plan", "proposal"},     {"officials", "authorities"}, {"build", "construct"},
    {"warned", "cautioned"},  {"start", "begin"},           {"showed", "indicated"},
    {"new", "fresh"},         {"nearly", "almost"},         {"people", "residents"},
    {"also", "additionally"}, {"help", "assist"},           {"told", "informed"},
};

}  // namespace newsdedup::bench::vocab
