// Story prose comes from vocab templates expanded with two random streams: "shape" (which
// templates and wording) and "facts" (names and figures). A template negative reuses a story's
// shape seed with new facts, so it has the same wording and other figures. Reposts start from
// the story as first published and apply transformations in a fixed order: structure (teaser,
// shortened, update), dateline/byline, chrome, headline, edits, Unicode, then rendering (plain or
// HTML), whitespace and JSON escaping.
#include "support/article_generator.h"

#include <algorithm>
#include <cstdio>
#include <utility>

#include "support/article_vocabulary.h"

namespace newsdedup::bench {

namespace gen_detail {

using vocab::sv;

// splitmix64: tiny, fast and identical on every platform (std distributions are not).
class Rng {
 public:
  explicit Rng(uint64_t seed) : state_(seed) {}
  uint64_t next() {
    uint64_t z = (state_ += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
  }
  size_t below(size_t n) { return n == 0 ? 0 : static_cast<size_t>(next() % n); }
  int range(int lo, int hi) {
    return lo + static_cast<int>(below(static_cast<size_t>(hi - lo + 1)));
  }
  double unit() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }
  bool chance(double p) { return unit() < p; }
  template <class T, size_t N>
  const T& pick(const T (&items)[N]) {
    return items[below(N)];
  }

 private:
  uint64_t state_;
};

uint64_t mix(uint64_t a, uint64_t b) {
  Rng r(a ^ (b * 0xd1342543de82ef95ull) ^ 0x5851f42d4c957f2dull);
  r.next();
  return r.next();
}

// The facts of a story: names and places that recur through it.
struct Cast {
  std::string company, company2;
  std::string person, person_last, person2, person2_last;
  const vocab::Place* place = nullptr;
  std::string team, team2, team3;
};

// Story-wide wording choices (same in a template negative).
struct Theme {
  sv product, tech_product, policy, condition, health_factor, case_topic, duty, role_pol, committee;
  std::vector<uint8_t> style;  // chosen variant per vocab::kStyleWords entry
};

struct Doc {
  std::string title;
  std::string byline;
  std::string dateline;  // prefix of the first paragraph, e.g. "LISBON (Atlas Wire) - "
  std::vector<std::string> top;
  std::vector<std::string> paras;
  std::vector<std::pair<size_t, std::string>> middle;  // chrome line before paragraph i
  std::vector<std::string> bottom;
};

std::string with_commas(uint64_t v) {
  std::string digits = std::to_string(v);
  std::string out;
  const size_t n = digits.size();
  for (size_t i = 0; i < n; ++i) {
    out.push_back(digits[i]);
    if (i + 1 < n && (n - i - 1) % 3 == 0) out.push_back(',');
  }
  return out;
}

std::string capitalize(std::string_view s) {
  std::string out(s);
  if (!out.empty() && out[0] >= 'a' && out[0] <= 'z') out[0] = static_cast<char>(out[0] - 32);
  return out;
}

// Upper case for ASCII and the Latin-1 letters the vocabulary uses ("SãO" would look wrong).
std::string upper_ascii(std::string_view s) {
  std::string out(s);
  for (size_t i = 0; i < out.size(); ++i) {
    const auto c = static_cast<unsigned char>(out[i]);
    if (c >= 'a' && c <= 'z') {
      out[i] = static_cast<char>(c - 32);
    } else if (c == 0xC3 && i + 1 < out.size()) {
      const auto n = static_cast<unsigned char>(out[i + 1]);
      if (n >= 0xA0 && n <= 0xBE && n != 0xB7) out[i + 1] = static_cast<char>(n - 0x20);
      ++i;
    } else if (c == 0xC4 && i + 1 < out.size() && static_cast<unsigned char>(out[i + 1]) == 0x87) {
      out[i + 1] = static_cast<char>(0x86);
      ++i;
    }
  }
  return out;
}

// Upper-cases the first letter of each word except short function words.
std::string title_case(std::string_view s) {
  static constexpr sv kSmall[] = {"a",  "an", "and", "as", "at",  "by", "for",
                                  "in", "of", "on",  "or", "the", "to", "with"};
  std::string out;
  size_t i = 0;
  bool first = true;
  while (i < s.size()) {
    size_t j = s.find(' ', i);
    if (j == sv::npos) j = s.size();
    sv word = s.substr(i, j - i);
    bool small =
        !first && std::find(std::begin(kSmall), std::end(kSmall), word) != std::end(kSmall);
    out += small ? std::string(word) : capitalize(word);
    if (j < s.size()) out.push_back(' ');
    i = j + 1;
    first = false;
  }
  return out;
}

Cast draw_cast(Rng& facts) {
  Cast c;
  auto company = [&] {
    return std::string(facts.pick(vocab::kCompanyStems)) + " " +
           std::string(facts.pick(vocab::kCompanySuffixes));
  };
  c.company = company();
  do {
    c.company2 = company();
  } while (c.company2 == c.company);
  c.person_last = std::string(facts.pick(vocab::kLastNames));
  c.person = std::string(facts.pick(vocab::kFirstNames)) + " " + c.person_last;
  do {
    c.person2_last = std::string(facts.pick(vocab::kLastNames));
  } while (c.person2_last == c.person_last);
  c.person2 = std::string(facts.pick(vocab::kFirstNames)) + " " + c.person2_last;
  c.place = &facts.pick(vocab::kPlaces);
  auto team = [&] {
    return std::string(facts.pick(vocab::kPlaces).city) + " " +
           std::string(facts.pick(vocab::kTeamSuffixes));
  };
  c.team = std::string(c.place->city) + " " + std::string(facts.pick(vocab::kTeamSuffixes));
  do {
    c.team2 = team();
  } while (c.team2 == c.team);
  do {
    c.team3 = team();
  } while (c.team3 == c.team || c.team3 == c.team2);
  return c;
}

Theme draw_theme(Rng& shape) {
  static constexpr sv kRoles[] = {"Prime Minister", "Finance Minister", "Senator", "Governor",
                                  "Mayor",          "Interior Minister"};
  static constexpr sv kCommittees[] = {"finance", "budget", "energy",
                                       "justice", "health", "transport"};
  Theme t;
  t.product = shape.pick(vocab::kProducts);
  t.tech_product = shape.pick(vocab::kTechProducts);
  t.policy = shape.pick(vocab::kPolicies);
  t.condition = shape.pick(vocab::kConditions);
  t.health_factor = shape.pick(vocab::kHealthFactors);
  t.case_topic = shape.pick(vocab::kCaseTopics);
  t.duty = shape.pick(vocab::kDuties);
  t.role_pol = shape.pick(kRoles);
  t.committee = shape.pick(kCommittees);
  for (const auto& w : vocab::kStyleWords) {
    size_t n = 0;
    while (n < 4 && !w.variants[n].empty()) ++n;
    t.style.push_back(static_cast<uint8_t>(shape.below(n)));
  }
  return t;
}

// Applies the story's house style to the lowercase words of `text`.
std::string styled(sv text, const Theme& theme) {
  static const std::vector<std::pair<sv, size_t>> index = [] {
    std::vector<std::pair<sv, size_t>> m;
    for (size_t i = 0; i < std::size(vocab::kStyleWords); ++i) {
      m.emplace_back(vocab::kStyleWords[i].word, i);
    }
    std::sort(m.begin(), m.end());
    return m;
  }();
  auto is_letter = [](char ch) { return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z'); };
  std::string out;
  out.reserve(text.size() + 16);
  size_t i = 0;
  while (i < text.size()) {
    const char c = text[i];
    if (c < 'a' || c > 'z' || (i > 0 && is_letter(text[i - 1]))) {
      out.push_back(c);
      ++i;
      continue;
    }
    size_t j = i;
    while (j < text.size() && text[j] >= 'a' && text[j] <= 'z') ++j;
    const sv word = text.substr(i, j - i);
    const auto it = std::lower_bound(index.begin(), index.end(), std::pair<sv, size_t>(word, 0));
    const bool compound = j < text.size() && (text[j] == '-' || is_letter(text[j]));
    if (it != index.end() && it->first == word && !compound) {
      out += vocab::kStyleWords[it->second].variants[theme.style[it->second]];
    } else {
      out += word;
    }
    i = j;
  }
  return out;
}

// Expands templates: `[a|b]` alternatives come from the shape stream, fact slots from the
// facts stream.
class Expander {
 public:
  Expander(Rng& shape, Rng& facts, const Cast& cast, const Theme& theme)
      : shape_(shape), facts_(facts), cast_(cast), theme_(theme) {}

  void expand(sv tmpl, std::string& out) {
    size_t i = 0;
    while (i < tmpl.size()) {
      const char c = tmpl[i];
      if (c == '[') {
        size_t depth = 0, j = i;
        std::vector<sv> alternatives;
        size_t start = i + 1;
        for (; j < tmpl.size(); ++j) {
          if (tmpl[j] == '[') {
            ++depth;
          } else if (tmpl[j] == ']') {
            if (--depth == 0) break;
          } else if (tmpl[j] == '|' && depth == 1) {
            alternatives.push_back(tmpl.substr(start, j - start));
            start = j + 1;
          }
        }
        alternatives.push_back(tmpl.substr(start, j - start));
        expand(alternatives[shape_.below(alternatives.size())], out);
        i = j + 1;
      } else if (c == '{') {
        const size_t j = tmpl.find('}', i);
        slot(tmpl.substr(i + 1, j - i - 1), out);
        i = j + 1;
      } else {
        out.push_back(c);
        ++i;
      }
    }
  }

  std::string expand(sv tmpl) {
    std::string out;
    expand(tmpl, out);
    return out;
  }

  // Expanded in the story's house style.
  std::string styled(sv tmpl) { return gen_detail::styled(expand(tmpl), theme_); }

 private:
  void money(std::string& out) {
    out += cast_.place->currency;
    if (facts_.chance(0.6)) {
      out += std::to_string(facts_.range(12, 980));
      out += " million";
    } else {
      out += std::to_string(facts_.range(1, 48));
      out.push_back('.');
      out += std::to_string(facts_.range(1, 9));
      out += " billion";
    }
  }

  void slot(sv name, std::string& out) {
    char buf[64];
    if (name == "company") {
      out += cast_.company;
    } else if (name == "company2") {
      out += cast_.company2;
    } else if (name == "person") {
      out += cast_.person;
    } else if (name == "person2") {
      out += cast_.person2;
    } else if (name == "pname") {
      out += shape_.chance(0.6) ? cast_.person_last : cast_.person2_last;
    } else if (name == "city") {
      out += cast_.place->city;
    } else if (name == "country") {
      out += cast_.place->country;
    } else if (name == "team") {
      out += cast_.team;
    } else if (name == "team2") {
      out += cast_.team2;
    } else if (name == "team3") {
      out += cast_.team3;
    } else if (name == "pct") {
      const int v = facts_.range(1, 249);
      std::snprintf(buf, sizeof buf, "%d.%d%%", v / 10, v % 10);
      out += buf;
    } else if (name == "money") {
      money(out);
    } else if (name == "price") {
      std::snprintf(buf, sizeof buf, "%d.%02d", facts_.range(1, 480), facts_.range(0, 99));
      out += cast_.place->currency;
      out += buf;
    } else if (name == "count") {
      const double r = facts_.unit();
      const int v = r < 0.4 ? facts_.range(100, 999)
                            : (r < 0.8 ? facts_.range(1000, 9999) : facts_.range(10000, 99999));
      out += with_commas(static_cast<uint64_t>(v));
    } else if (name == "small") {
      out += std::to_string(facts_.range(2, 40));
    } else if (name == "year") {
      out += std::to_string(facts_.range(2027, 2032));
    } else if (name == "year_past") {
      out += std::to_string(facts_.range(2015, 2025));
    } else if (name == "year_old") {
      out += std::to_string(facts_.range(1958, 1999));
    } else if (name == "date") {
      out += facts_.pick(vocab::kMonths);
      out.push_back(' ');
      out += std::to_string(facts_.range(1, 28));
    } else if (name == "month") {
      out += facts_.pick(vocab::kMonths);
    } else if (name == "weekday" || name == "weekday2") {
      out += facts_.pick(vocab::kWeekdays);
    } else if (name == "quarter") {
      static constexpr sv kQuarters[] = {"first-quarter", "second-quarter", "third-quarter",
                                         "fourth-quarter"};
      out += facts_.pick(kQuarters);
    } else if (name == "score") {
      const int a = facts_.range(1, 5);
      out += std::to_string(a) + "-" + std::to_string(facts_.range(0, a - 1));
    } else if (name == "rain") {
      out += std::to_string(facts_.range(40, 260)) + " millimetres";
    } else if (name == "wind") {
      out += std::to_string(facts_.range(70, 190)) + " km/h";
    } else if (name == "heat") {
      out += std::to_string(facts_.range(36, 47)) + " degrees Celsius";
    } else if (name == "capacity") {
      out += std::to_string(facts_.range(20, 900)) + "-megawatt";
    } else if (name == "index_level") {
      std::snprintf(buf, sizeof buf, ".%02d", facts_.range(0, 99));
      out += with_commas(static_cast<uint64_t>(facts_.range(1000, 25000)));
      out += buf;
    } else if (name == "thing") {
      out += shape_.pick(vocab::kThings);
    } else if (name == "group") {
      out += shape_.pick(vocab::kGroups);
    } else if (name == "group_cap") {
      out += capitalize(shape_.pick(vocab::kGroups));
    } else if (name == "people_plural") {
      out += shape_.pick(vocab::kPeoplePlural);
    } else if (name == "event") {
      out += shape_.pick(vocab::kEvents);
    } else if (name == "feature") {
      out += shape_.pick(vocab::kFeatures);
    } else if (name == "input") {
      out += shape_.pick(vocab::kInputs);
    } else if (name == "product") {
      out += theme_.product;
    } else if (name == "tech_product") {
      out += theme_.tech_product;
    } else if (name == "policy") {
      out += theme_.policy;
    } else if (name == "condition") {
      out += theme_.condition;
    } else if (name == "health_factor") {
      out += theme_.health_factor;
    } else if (name == "health_factor_cap") {
      out += capitalize(theme_.health_factor);
    } else if (name == "case_topic") {
      out += theme_.case_topic;
    } else if (name == "duty") {
      out += theme_.duty;
    } else if (name == "role_pol") {
      out += theme_.role_pol;
    } else if (name == "committee") {
      out += theme_.committee;
    } else {
      out += name;  // unknown slot: visible in output, caught by the tests
    }
  }

  Rng& shape_;
  Rng& facts_;
  const Cast& cast_;
  const Theme& theme_;
};

// A sentence of any kind for the body of a story of topic `t`.
std::string body_sentence(Expander& ex, Rng& shape, const vocab::Topic& t, std::vector<int>& order,
                          size_t& next_detail) {
  const double r = shape.unit();
  if (r < 0.55) {
    if (next_detail >= order.size()) next_detail = 0;
    return ex.styled(t.details[order[next_detail++]]);
  }
  if (r < 0.8) return ex.styled(shape.pick(vocab::kGenericSentences));
  return ex.styled(shape.pick(vocab::kQuoteSentences));
}

size_t doc_body_size(const Doc& d) {
  size_t n = d.byline.size() + d.dateline.size();
  for (const auto& p : d.paras) n += p.size() + 2;
  return n;
}

// Title and paragraphs of a story, as long as `body_target` bytes (to a sentence).
void compose(uint64_t shape_seed, uint64_t cast_seed, uint64_t facts_seed, int topic,
             size_t body_target, Cast& cast, Doc& doc) {
  Rng shape(shape_seed);
  Rng cast_rng(cast_seed);
  cast = draw_cast(cast_rng);
  Rng facts(facts_seed);
  const Theme theme = draw_theme(shape);
  Expander ex(shape, facts, cast, theme);
  const vocab::Topic& t = vocab::kTopics[topic];
  doc.title =
      capitalize(ex.styled(t.headlines[shape.below(static_cast<size_t>(t.headline_count))]));
  std::vector<int> order(static_cast<size_t>(t.detail_count));
  for (int i = 0; i < t.detail_count; ++i) order[static_cast<size_t>(i)] = i;
  for (size_t i = order.size(); i > 1; --i) std::swap(order[i - 1], order[shape.below(i)]);
  size_t next_detail = 0;

  std::string lead;
  const bool opener = shape.chance(0.5);
  if (opener) ex.expand(shape.pick(vocab::kLeadOpeners), lead);
  const size_t body_start = lead.size();
  ex.expand(t.leads[shape.below(static_cast<size_t>(t.lead_count))], lead);
  if (opener) {
    // "After months of talks, the benchmark index ...": lowercase a common first word, not
    // a name (names come from slots and keep their capitals).
    static constexpr sv kCommon[] = {"The",
                                     "A",
                                     "An",
                                     "Heavy",
                                     "Strong",
                                     "Researchers",
                                     "Scientists",
                                     "Lawmakers",
                                     "Legislators",
                                     "Members",
                                     "Officials",
                                     "Authorities",
                                     "Emergency",
                                     "Firefighters",
                                     "Rescue",
                                     "Shares",
                                     "Stocks",
                                     "Wildfires",
                                     "Plans",
                                     "Quarterly",
                                     "Full-year",
                                     "Half-year",
                                     "Investors",
                                     "Shareholders",
                                     "Analysts",
                                     "Traders",
                                     "Dealers",
                                     "Fund",
                                     "Thousands",
                                     "Hundreds",
                                     "Roads",
                                     "Rail",
                                     "Ferry",
                                     "Forecasters",
                                     "Civil",
                                     "Shoppers",
                                     "Businesses",
                                     "Hospitals",
                                     "Schools",
                                     "People",
                                     "Adults",
                                     "Older",
                                     "Office",
                                     "Commuters",
                                     "Passengers",
                                     "Residents",
                                     "Proposals",
                                     "Judges",
                                     "An",
                                     "Selling",
                                     "Two",
                                     "Large",
                                     "Long-running",
                                     "New",
                                     "After",
                                     "Following",
                                     "Meteorologists",
                                     "Critics",
                                     "Opposition",
                                     "Several",
                                     "Construction"};
    const sv rest = sv(lead).substr(body_start);
    const sv first = rest.substr(0, rest.find(' '));
    if (std::find(std::begin(kCommon), std::end(kCommon), first) != std::end(kCommon)) {
      lead[body_start] = static_cast<char>(lead[body_start] + 32);
    }
  }
  doc.paras.push_back(styled(lead, theme));
  size_t size = doc_body_size(doc);
  while (size < body_target) {
    const int sentences = shape.range(1, 3);
    std::string para;
    for (int s = 0; s < sentences && size < body_target; ++s) {
      std::string sentence = body_sentence(ex, shape, t, order, next_detail);
      if (!para.empty()) {
        para.push_back(' ');
        ++size;
      }
      size += sentence.size();
      para += sentence;
    }
    size += 2;
    doc.paras.push_back(std::move(para));
  }
}

// Fills {outlet}, {n}, ... in chrome, dateline and byline patterns.
struct Filler {
  const vocab::Outlet* outlet = nullptr;
  const Cast* cast = nullptr;
  sv section;
  sv agency;
  std::string date;  // "March 4"
  int year = 2026;
  std::string name, name2;
  Rng* rng = nullptr;
  std::string (*headline)(Rng&) = nullptr;

  std::string fill(sv pattern) const {
    std::string out;
    size_t i = 0;
    while (i < pattern.size()) {
      if (pattern[i] != '{') {
        out.push_back(pattern[i++]);
        continue;
      }
      const size_t j = pattern.find('}', i);
      const sv key = pattern.substr(i + 1, j - i - 1);
      i = j + 1;
      if (key == "outlet") {
        out += outlet->name;
      } else if (key == "handle") {
        out += outlet->handle;
      } else if (key == "n") {
        const int mag = rng->range(0, 2);
        out += with_commas(static_cast<uint64_t>(
            mag == 0 ? rng->range(2, 99)
                     : (mag == 1 ? rng->range(100, 999) : rng->range(1000, 250000))));
      } else if (key == "year") {
        out += std::to_string(year);
      } else if (key == "headline") {
        out += headline(*rng);
      } else if (key == "section_cap") {
        out += capitalize(section);
      } else if (key == "city") {
        out += cast->place->city;
      } else if (key == "CITY") {
        out += upper_ascii(cast->place->city);
      } else if (key == "country") {
        out += cast->place->country;
      } else if (key == "agency") {
        out += agency;
      } else if (key == "date") {
        out += date;
      } else if (key == "time") {
        char buf[16];
        std::snprintf(buf, sizeof buf, "%d:%02d", rng->range(1, 12), rng->range(0, 59));
        out += buf;
        out += rng->chance(0.5) ? " a.m." : " p.m.";
      } else if (key == "name") {
        out += name;
      } else if (key == "NAME") {
        out += upper_ascii(name);
      } else if (key == "name2") {
        out += name2;
      } else if (key == "tag1" || key == "tag2" || key == "tag3") {
        out += rng->pick(vocab::kTags);
      } else {
        out += key;
      }
    }
    return out;
  }
};

// A headline of an unrelated story, for "Related:" chrome lines.
std::string other_headline(Rng& rng) {
  Rng shape(rng.next());
  Rng facts(rng.next());
  const Cast cast = draw_cast(facts);
  const Theme theme = draw_theme(shape);
  Expander ex(shape, facts, cast, theme);
  const vocab::Topic& t = vocab::kTopics[rng.below(std::size(vocab::kTopics))];
  return capitalize(ex.expand(t.headlines[shape.below(static_cast<size_t>(t.headline_count))]));
}

std::string random_name(Rng& rng) {
  return std::string(rng.pick(vocab::kFirstNames)) + " " + std::string(rng.pick(vocab::kLastNames));
}

// ---- Unicode helpers ---------------------------------------------------------------------------

void append_utf8(std::string& out, uint32_t cp) {
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

// Decodes one code point at s[i] (valid UTF-8 assumed: the generator writes it), advancing i.
uint32_t next_cp(sv s, size_t& i) {
  const auto b0 = static_cast<unsigned char>(s[i]);
  if (b0 < 0x80) {
    ++i;
    return b0;
  }
  int len = b0 >= 0xF0 ? 4 : (b0 >= 0xE0 ? 3 : 2);
  uint32_t cp = b0 & (len == 2 ? 0x1Fu : (len == 3 ? 0x0Fu : 0x07u));
  for (int k = 1; k < len && i + static_cast<size_t>(k) < s.size(); ++k) {
    cp = (cp << 6) | (static_cast<unsigned char>(s[i + static_cast<size_t>(k)]) & 0x3Fu);
  }
  i += static_cast<size_t>(len);
  return cp;
}

// Canonical decomposition of the precomposed letters the vocabulary uses (NFD).
bool decompose(uint32_t cp, uint32_t& base, uint32_t& mark) {
  static constexpr struct {
    uint32_t cp;
    char base;
    uint32_t mark;
  } kTable[] = {
      {0xC0, 'A', 0x300}, {0xC1, 'A', 0x301}, {0xC2, 'A', 0x302},  {0xC3, 'A', 0x303},
      {0xC4, 'A', 0x308}, {0xC5, 'A', 0x30A}, {0xC7, 'C', 0x327},  {0xC8, 'E', 0x300},
      {0xC9, 'E', 0x301}, {0xCA, 'E', 0x302}, {0xCB, 'E', 0x308},  {0xCC, 'I', 0x300},
      {0xCD, 'I', 0x301}, {0xCE, 'I', 0x302}, {0xCF, 'I', 0x308},  {0xD1, 'N', 0x303},
      {0xD2, 'O', 0x300}, {0xD3, 'O', 0x301}, {0xD4, 'O', 0x302},  {0xD5, 'O', 0x303},
      {0xD6, 'O', 0x308}, {0xD9, 'U', 0x300}, {0xDA, 'U', 0x301},  {0xDB, 'U', 0x302},
      {0xDC, 'U', 0x308}, {0xDD, 'Y', 0x301}, {0x106, 'C', 0x301},
  };
  for (const auto& e : kTable) {
    if (cp == e.cp || cp == e.cp + 0x20 || (e.cp == 0x106 && cp == 0x107)) {
      const bool lower = cp != e.cp;
      base = static_cast<uint32_t>(e.base) + (lower ? 0x20u : 0u);
      mark = e.mark;
      return true;
    }
  }
  return false;
}

std::string to_nfd(sv s) {
  std::string out;
  out.reserve(s.size() + 16);
  size_t i = 0;
  while (i < s.size()) {
    const size_t start = i;
    const uint32_t cp = next_cp(s, i);
    uint32_t base = 0, mark = 0;
    if (cp >= 0xC0 && decompose(cp, base, mark)) {
      append_utf8(out, base);
      append_utf8(out, mark);
    } else {
      out.append(s.substr(start, i - start));
    }
  }
  return out;
}

void replace_all(std::string& s, sv from, sv to) {
  size_t pos = 0;
  while ((pos = s.find(from, pos)) != std::string::npos) {
    s.replace(pos, from.size(), to);
    pos += to.size();
  }
}

// Curly quotes and apostrophes, typographic dashes and ellipses, NBSP before magnitudes.
std::string typographic(sv s, bool em_dash, bool nbsp) {
  std::string out;
  out.reserve(s.size() + 32);
  for (size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    const bool after_space = i == 0 || s[i - 1] == ' ' || s[i - 1] == '\n' || s[i - 1] == '(';
    if (c == '"') {
      out += after_space ? "\u201c" : "\u201d";
    } else if (c == '\'') {
      out += after_space ? "\u2018" : "\u2019";
    } else if (c == '.' && s.substr(i, 3) == "...") {
      out += "\u2026";
      i += 2;
    } else if (c == ' ' && s.substr(i, 3) == " - ") {
      out += em_dash ? " \u2014 " : " \u2013 ";
      i += 2;
    } else if (c == '-' && s.substr(i, 2) == "--") {
      out += "\u2014";
      i += 1;
    } else if (nbsp && c == ' ' && i > 0 && s[i - 1] >= '0' && s[i - 1] <= '9' &&
               (s.substr(i + 1, 7) == "million" || s.substr(i + 1, 7) == "billion")) {
      out += "\u00a0";
    } else {
      out.push_back(c);
    }
  }
  return out;
}

// ---- transformations
// -----------------------------------------------------------------------------

void split_words(sv s, std::vector<sv>& words) {
  words.clear();
  size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && s[i] == ' ') ++i;
    size_t j = i;
    while (j < s.size() && s[j] != ' ') ++j;
    if (j > i) words.push_back(s.substr(i, j - i));
    i = j;
  }
}

void apply_teaser(Doc& d, Rng& r) {
  std::vector<std::vector<sv>> para_words(d.paras.size());
  size_t total = 0;
  for (size_t p = 0; p < d.paras.size(); ++p) {
    split_words(d.paras[p], para_words[p]);
    total += para_words[p].size();
  }
  size_t keep = static_cast<size_t>(static_cast<double>(total) * (0.2 + 0.25 * r.unit()));
  keep = std::clamp<size_t>(keep, std::min<size_t>(30, total / 2), 160);
  std::vector<std::string> paras;
  for (size_t p = 0; p < para_words.size() && keep > 0; ++p) {
    std::string para;
    for (size_t w = 0; w < para_words[p].size() && keep > 0; ++w, --keep) {
      if (!para.empty()) para.push_back(' ');
      para += para_words[p][w];
    }
    paras.push_back(std::move(para));
  }
  std::string& last = paras.back();
  while (!last.empty() && (last.back() == ',' || last.back() == '.' || last.back() == ';')) {
    last.pop_back();
  }
  static constexpr sv kEnds[] = {"...", " ...", "\u2026", "..."};
  last += r.pick(kEnds);
  d.paras = std::move(paras);
  std::erase_if(d.middle, [&](const auto& m) { return m.first >= d.paras.size(); });
  d.bottom.clear();
}

void apply_shortened(Doc& d, Rng& r) {
  const size_t n = d.paras.size();
  if (n >= 3) {
    size_t total = 0;
    for (const auto& p : d.paras) total += p.size();
    size_t drop = static_cast<size_t>(r.range(1, static_cast<int>(std::max<size_t>(1, n / 3))));
    // Keep at least 60% of the text.
    while (drop > 1) {
      size_t kept = 0;
      for (size_t i = 0; i + drop < n; ++i) kept += d.paras[i].size();
      if (kept * 10 >= total * 6) break;
      --drop;
    }
    d.paras.resize(n - drop);
  } else {
    // Too short to drop paragraphs: drop the last sentence.
    std::string& last = d.paras.back();
    const size_t cut = last.rfind(". ", last.size() >= 2 ? last.size() - 2 : 0);
    if (cut != std::string::npos && cut > 0) last.resize(cut + 1);
  }
  std::erase_if(d.middle, [&](const auto& m) { return m.first >= d.paras.size(); });
}

void apply_update(Doc& d, Rng& r, uint64_t shape_seed, const Cast& cast, int topic) {
  Rng base_shape(shape_seed);
  const Theme theme = draw_theme(base_shape);
  Rng shape(r.next());
  Rng facts(r.next());
  Expander ex(shape, facts, cast, theme);
  const vocab::Topic& t = vocab::kTopics[topic];
  std::vector<int> order(static_cast<size_t>(t.detail_count));
  for (int i = 0; i < t.detail_count; ++i) order[static_cast<size_t>(i)] = i;
  for (size_t i = order.size(); i > 1; --i) std::swap(order[i - 1], order[shape.below(i)]);
  size_t next_detail = 0;
  const int added = r.range(1, 3);
  for (int p = 0; p < added; ++p) {
    std::string para = body_sentence(ex, shape, t, order, next_detail);
    para.push_back(' ');
    para += body_sentence(ex, shape, t, order, next_detail);
    d.paras.push_back(std::move(para));
  }
  static constexpr sv kPrefixes[] = {"UPDATE 1-", "UPDATED: ", "Update: ", ""};
  const sv prefix = r.pick(kPrefixes);
  d.title = std::string(prefix) + d.title;
  if (prefix.empty()) d.title += " (updated)";
  if (r.chance(0.25)) {
    d.top.insert(d.top.begin(), "(Updates with " + std::string(r.pick(vocab::kGroups)) +
                                    " reaction in paragraph " + std::to_string(d.paras.size() - 1) +
                                    ")");
  }
}

void apply_dateline(Doc& d, Rng& r, const Filler& f) {
  if (!d.dateline.empty() && r.chance(0.2)) {
    d.dateline.clear();
  } else {
    std::string fresh;
    for (int tries = 0; tries < 8; ++tries) {
      fresh = f.fill(r.pick(vocab::kDatelines));
      if (fresh != d.dateline) break;
    }
    d.dateline = std::move(fresh);
  }
  if (!d.byline.empty() && r.chance(0.3)) {
    d.byline.clear();
  } else {
    std::string fresh;
    for (int tries = 0; tries < 8; ++tries) {
      fresh = f.fill(r.pick(vocab::kBylines));
      if (fresh != d.byline) break;
    }
    d.byline = std::move(fresh);
  }
}

void apply_chrome(Doc& d, Rng& r, const Filler& f) {
  const int top = r.range(0, 2);
  for (int i = 0; i < top; ++i) d.top.push_back(f.fill(r.pick(vocab::kChromeTop)));
  const int bottom = r.range(top == 0 ? 2 : 1, 4);
  for (int i = 0; i < bottom; ++i) d.bottom.push_back(f.fill(r.pick(vocab::kChromeBottom)));
  if (d.paras.size() >= 3 && r.chance(0.35)) {
    d.middle.emplace_back(static_cast<size_t>(r.range(1, static_cast<int>(d.paras.size()) - 1)),
                          f.fill(r.pick(vocab::kChromeMiddle)));
  }
}

void apply_headline(Doc& d, Rng& r, const vocab::Outlet& outlet, uint64_t shape_seed,
                    uint64_t facts_seed, const Cast& cast, int topic) {
  const double k = r.unit();
  if (k < 0.4) {
    const std::string upper = upper_ascii(d.title);
    const std::string titled = title_case(d.title);
    if (d.title != upper && r.chance(0.4)) {
      d.title = upper;
    } else if (d.title != titled) {
      d.title = titled;
    } else {
      std::string lower = d.title;
      for (size_t i = 1; i < lower.size(); ++i) {
        if (lower[i] >= 'A' && lower[i] <= 'Z' && lower[i - 1] == ' ') {
          lower[i] = static_cast<char>(lower[i] + 32);
        }
      }
      d.title = lower != d.title ? lower : upper;
    }
  } else if (k < 0.7) {
    static constexpr sv kForms[] = {"{t} | {o}", "{t} - {o}", "Breaking: {t}", "{t} (report)",
                                    "WATCH: {t}"};
    std::string form(r.pick(kForms));
    replace_all(form, "{t}", d.title);
    replace_all(form, "{o}", outlet.name);
    d.title = std::move(form);
  } else {
    Rng shape(r.next());
    Rng facts(facts_seed);
    Rng theme_shape(shape_seed);
    const Theme theme = draw_theme(theme_shape);
    Expander ex(shape, facts, cast, theme);
    const vocab::Topic& t = vocab::kTopics[topic];
    std::string fresh =
        capitalize(ex.styled(t.headlines[shape.below(static_cast<size_t>(t.headline_count))]));
    d.title = fresh != d.title ? std::move(fresh) : upper_ascii(d.title);
  }
}

void apply_edit(Doc& d, Rng& r) {
  size_t words_total = 0;
  bool changed = false;
  // "4.2%" -> "4.2 percent", as some copy desks write it.
  const bool percent_words = r.chance(0.4);
  for (auto& para : d.paras) {
    std::string out;
    size_t i = 0;
    while (i < para.size()) {
      size_t j = i;
      while (j < para.size() && para[j] >= 'a' && para[j] <= 'z') ++j;
      if (j > i) {
        const sv word(para.data() + i, j - i);
        ++words_total;
        bool replaced = false;
        for (const auto& syn : vocab::kSynonyms) {
          if (word == syn.from && r.chance(0.5)) {
            out += syn.to;
            replaced = changed = true;
            break;
          }
        }
        if (!replaced) out += word;
        i = j;
      } else {
        out.push_back(para[i++]);
      }
    }
    if (percent_words) replace_all(out, "%", " percent");
    para = std::move(out);
  }
  // Typos: swap two inner letters of a long word, about one per 150 words.
  const size_t typos = std::max<size_t>(changed ? 0 : 1, words_total / 150);
  for (size_t t = 0; t < typos && !d.paras.empty(); ++t) {
    std::string& para = d.paras[r.below(d.paras.size())];
    for (int tries = 0; tries < 20; ++tries) {
      const size_t at = r.below(para.size());
      size_t start = at;
      while (start > 0 && para[start - 1] >= 'a' && para[start - 1] <= 'z') --start;
      size_t end = at;
      while (end < para.size() && para[end] >= 'a' && para[end] <= 'z') ++end;
      if (end - start >= 6) {
        const size_t k = start + 1 + r.below(end - start - 3);
        if (para[k] != para[k + 1]) {
          std::swap(para[k], para[k + 1]);
          break;
        }
      }
    }
  }
}

void apply_unicode(Doc& d, Rng& r) {
  const bool em = r.chance(0.5);
  const bool nbsp = r.chance(0.6);
  const bool nfd = r.chance(0.5);
  auto fix = [&](std::string& s) {
    s = typographic(s, em, nbsp);
    if (nfd) s = to_nfd(s);
  };
  fix(d.title);
  fix(d.byline);
  fix(d.dateline);
  bool changed = false;
  for (auto& p : d.paras) {
    const std::string before = p;
    fix(p);
    changed = changed || p != before;
  }
  if (!changed && !d.paras.empty()) {
    // Nothing typographic to change: a no-break space after the first sentence (or word).
    std::string& p = d.paras.front();
    const size_t at = p.find(". ");
    if (at != std::string::npos) {
      p.replace(at + 1, 1, "\u00a0");
    } else if (const size_t sp = p.find(' '); sp != std::string::npos) {
      p.replace(sp, 1, "\u00a0");
    }
  }
  for (auto& p : d.top) fix(p);
  for (auto& p : d.bottom) fix(p);
  for (auto& p : d.middle) fix(p.second);
}

// HTML text escaping: entities for markup characters, and optionally numeric references for
// non-ASCII and typographic apostrophes.
std::string html_escape(sv s, bool numeric_refs, bool rsquo) {
  std::string out;
  out.reserve(s.size() + s.size() / 8);
  size_t i = 0;
  while (i < s.size()) {
    const char c = s[i];
    if (c == '&') {
      out += "&amp;";
    } else if (c == '<') {
      out += "&lt;";
    } else if (c == '>') {
      out += "&gt;";
    } else if (c == '"') {
      out += "&quot;";
    } else if (c == '\'') {
      out += rsquo ? "&rsquo;" : "&#39;";
    } else if (static_cast<unsigned char>(c) >= 0x80 && numeric_refs) {
      const uint32_t cp = next_cp(s, i);
      out += "&#" + std::to_string(cp) + ";";
      continue;
    } else {
      out.push_back(c);
    }
    ++i;
  }
  return out;
}

std::string render_html(const Doc& d, Rng& r, const vocab::Outlet& outlet, const Cast& cast) {
  const bool numeric_refs = r.chance(0.3);
  const bool rsquo = r.chance(0.5);
  static constexpr sv kSeps[] = {"\n", "", "\n\n"};
  const sv sep = r.pick(kSeps);
  std::string out;
  auto add = [&](std::string s) {
    if (!out.empty()) out += sep;
    out += s;
  };
  for (const auto& line : d.top)
    add("<div class=\"meta\">" + html_escape(line, numeric_refs, rsquo) + "</div>");
  if (!d.byline.empty()) {
    add("<p class=\"byline\"><span class=\"author\">" + html_escape(d.byline, numeric_refs, rsquo) +
        "</span></p>");
  }
  const std::string link_text = html_escape(cast.company, numeric_refs, rsquo);
  bool linked = !r.chance(0.6);
  for (size_t p = 0; p < d.paras.size(); ++p) {
    for (const auto& m : d.middle) {
      if (m.first == p)
        add("<aside class=\"inline\">" + html_escape(m.second, numeric_refs, rsquo) + "</aside>");
    }
    std::string text =
        html_escape(p == 0 ? d.dateline + d.paras[p] : d.paras[p], numeric_refs, rsquo);
    if (!linked) {
      const size_t at = text.find(link_text);
      if (at != std::string::npos) {
        std::string slug;
        for (char c : cast.company) slug.push_back(c == ' ' ? '-' : static_cast<char>(c | 0x20));
        text.replace(at, link_text.size(),
                     "<a href=\"https://www." + std::string(outlet.domain) + "/topic/" + slug +
                         "\">" + link_text + "</a>");
        linked = true;
      }
    }
    if (p == 0 && r.chance(0.3)) text = "<strong>" + text + "</strong>";
    if (r.chance(0.15)) {
      const size_t at = text.find(". ");
      if (at != std::string::npos) text.replace(at, 2, ".<br>");
    }
    add("<p>" + text + "</p>");
  }
  for (const auto& line : d.bottom) {
    add("<div class=\"footer\">" + html_escape(line, numeric_refs, rsquo) + "</div>");
  }
  return out;
}

std::string render_plain(const Doc& d) {
  std::string out;
  auto add = [&](const std::string& s) {
    if (!out.empty()) out += "\n\n";
    out += s;
  };
  for (const auto& line : d.top) add(line);
  if (!d.byline.empty()) add(d.byline);
  for (size_t p = 0; p < d.paras.size(); ++p) {
    for (const auto& m : d.middle) {
      if (m.first == p) add(m.second);
    }
    add(p == 0 ? d.dateline + d.paras[p] : d.paras[p]);
  }
  for (const auto& line : d.bottom) add(line);
  return out;
}

void apply_whitespace(std::string& body, Rng& r, bool html) {
  bool changed = false;
  const int pick = r.range(0, 3);
  if (pick == 0 && body.find("\n\n") != std::string::npos) {
    replace_all(body, "\n\n", "\n");
    changed = true;
  } else if (pick == 1 && body.find("\n\n") != std::string::npos) {
    replace_all(body, "\n\n", "\r\n\r\n");
    changed = true;
  } else if (pick == 2 && body.find('\n') != std::string::npos) {
    replace_all(body, "\n", " \n\t");
    changed = true;
  } else if (pick == 3 && !html) {
    // Hard-wrap at about 72 columns, as plain-text wire copy does.
    size_t col = 0;
    for (size_t i = 0; i < body.size(); ++i) {
      if (body[i] == '\n') {
        col = 0;
      } else if (body[i] == ' ' && col >= 72) {
        body[i] = '\n';
        col = 0;
        changed = true;
      } else {
        ++col;
      }
    }
  }
  if (!changed || r.chance(0.5)) {
    replace_all(body, ". ", ".  ");
  }
  if (r.chance(0.5)) body = "\n  " + body + "\n\n";
}

// ---- records
// -------------------------------------------------------------------------------------

void civil_from_days(int64_t z, int& y, unsigned& m, unsigned& d) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const auto doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  d = doy - (153 * mp + 2) / 5 + 1;
  m = mp < 10 ? mp + 3 : mp - 9;
  y = static_cast<int>(static_cast<int64_t>(yoe) + era * 400 + (m <= 2 ? 1 : 0));
}

// RFC 3339 in the outlet's style: "Z", ".000Z" (with milliseconds) or a fixed offset.
std::string format_time(int64_t ms, sv suffix) {
  int offset_min = 0;
  if (suffix.size() == 6 && (suffix[0] == '+' || suffix[0] == '-')) {
    offset_min = ((suffix[1] - '0') * 10 + (suffix[2] - '0')) * 60 + (suffix[4] - '0') * 10 +
                 (suffix[5] - '0');
    if (suffix[0] == '-') offset_min = -offset_min;
  }
  const int64_t local_ms = ms + static_cast<int64_t>(offset_min) * 60000;
  int64_t secs = local_ms / 1000;
  const int64_t millis = local_ms % 1000;
  int64_t days = secs / 86400;
  int64_t rem = secs % 86400;
  if (rem < 0) {
    rem += 86400;
    --days;
  }
  int y = 0;
  unsigned mo = 0, d = 0;
  civil_from_days(days, y, mo, d);
  char buf[48];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02d:%02d:%02d", y, mo, d,
                static_cast<int>(rem / 3600), static_cast<int>(rem / 60 % 60),
                static_cast<int>(rem % 60));
  std::string out = buf;
  if (suffix == ".000Z") {
    std::snprintf(buf, sizeof buf, ".%03dZ", static_cast<int>(millis));
    out += buf;
  } else {
    out += suffix;
  }
  return out;
}

std::string month_day(int64_t ms) {
  int y = 0;
  unsigned mo = 0, d = 0;
  civil_from_days(ms / 86400000, y, mo, d);
  return std::string(vocab::kMonths[mo - 1]) + " " + std::to_string(d);
}

std::string slugify(sv title) {
  std::string slug;
  for (char c : title) {
    const char l = (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c;
    if ((l >= 'a' && l <= 'z') || (l >= '0' && l <= '9')) {
      slug.push_back(l);
    } else if (!slug.empty() && slug.back() != '-') {
      slug.push_back('-');
    }
    if (slug.size() >= 60) break;
  }
  while (!slug.empty() && slug.back() == '-') slug.pop_back();
  return slug;
}

struct RecordFields {
  std::string id, url, title, body, published_at, author;
  const vocab::Outlet* outlet = nullptr;
  sv section;
  bool ascii_only = false;
  Rng* rng = nullptr;
};

std::string make_json(const RecordFields& f) {
  std::string out;
  out.reserve(f.body.size() + f.title.size() + 320);
  auto field = [&](sv key, sv value, bool ascii) {
    if (out.size() > 1) out.push_back(',');
    out.push_back('"');
    out += key;
    out += "\":\"";
    append_json_escaped(out, value, ascii);
    out.push_back('"');
  };
  const bool ascii = f.ascii_only || f.outlet->ascii_only;
  out.push_back('{');
  if (f.outlet->body_first) {
    field("id", f.id, false);
    field("body", f.body, ascii);
    field("title", f.title, ascii);
    field("source", f.outlet->name, false);
    field("url", f.url, false);
    field("lang", "en", false);
    field("published_at", f.published_at, false);
  } else {
    field("id", f.id, false);
    field("url", f.url, false);
    field("source", f.outlet->name, false);
    field("title", f.title, ascii);
    field("body", f.body, ascii);
    field("published_at", f.published_at, false);
    field("lang", "en", false);
  }
  if (f.outlet->extras) {
    field("section", f.section, false);
    field("author", f.author, ascii);
    out += ",\"tags\":[\"";
    out += f.section;
    out += "\",\"";
    out += f.rng->pick(vocab::kTags);
    out += "\"],\"word_count\":";
    size_t words = 1;
    for (char c : f.body) words += c == ' ' ? 1 : 0;
    out += std::to_string(words);
    out += ",\"meta\":{\"paywall\":false,\"version\":";
    out += std::to_string(f.rng->range(1, 4));
    out += "}";
  }
  out.push_back('}');
  return out;
}

}  // namespace gen_detail

using namespace gen_detail;  // NOLINT: the .cc's own helpers

// ---- public API
// ------------------------------------------------------------------------------------

struct ArticleGenerator::Story {
  std::string id;
  uint64_t shape_seed = 0;
  uint64_t cast_seed = 0;   // names and places
  uint64_t facts_seed = 0;  // figures, dates
  int topic = 0;
  int outlet = 0;
  int64_t published_ms = 0;
  Cast cast;
  Doc doc;  // as first published
};

const char* kind_name(Kind kind) noexcept {
  switch (kind) {
    case Kind::kOriginal:
      return "original";
    case Kind::kTemplateNegative:
      return "template-negative";
    case Kind::kExact:
      return "exact";
    case Kind::kChrome:
      return "chrome";
    case Kind::kDateline:
      return "dateline";
    case Kind::kHeadline:
      return "headline";
    case Kind::kTeaser:
      return "teaser";
    case Kind::kShortened:
      return "shortened";
    case Kind::kUpdate:
      return "update";
    case Kind::kEdit:
      return "edit";
    case Kind::kUnicode:
      return "unicode";
    case Kind::kHtml:
      return "html";
    case Kind::kWhitespace:
      return "whitespace";
  }
  return "unknown";
}

bool is_repost_kind(Kind kind) noexcept {
  return kind != Kind::kOriginal && kind != Kind::kTemplateNegative;
}

void append_json_escaped(std::string& out, std::string_view text, bool ascii_only) {
  static constexpr char kHex[] = "0123456789abcdef";
  auto u_escape = [&](uint32_t v) {
    out += "\\u";
    out.push_back(kHex[(v >> 12) & 0xF]);
    out.push_back(kHex[(v >> 8) & 0xF]);
    out.push_back(kHex[(v >> 4) & 0xF]);
    out.push_back(kHex[v & 0xF]);
  };
  size_t i = 0;
  while (i < text.size()) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c == '"') {
      out += "\\\"";
    } else if (c == '\\') {
      out += "\\\\";
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '\r') {
      out += "\\r";
    } else if (c == '\t') {
      out += "\\t";
    } else if (c < 0x20) {
      u_escape(c);
    } else if (c >= 0x80 && ascii_only) {
      uint32_t cp = next_cp(text, i);
      if (cp >= 0x10000) {
        cp -= 0x10000;
        u_escape(0xD800 + (cp >> 10));
        u_escape(0xDC00 + (cp & 0x3FF));
      } else {
        u_escape(cp);
      }
      continue;
    } else {
      out.push_back(static_cast<char>(c));
    }
    ++i;
  }
}

std::string labels_json(const GeneratedRecord& record) {
  std::string out = "{\"id\":\"";
  append_json_escaped(out, record.id);
  out += "\",\"cluster\":\"";
  append_json_escaped(out, record.cluster);
  out += "\",\"kind\":\"";
  out += record.kind;
  out += "\",\"origin\":\"generated\",\"expect\":\"";
  out += record.expect_duplicate ? "duplicate" : "canonical";
  out += "\"}";
  return out;
}

ArticleGenerator::ArticleGenerator(GeneratorOptions options)
    : options_(std::move(options)),
      state_(mix(options_.seed, 0x67656e)),
      clock_ms_(options_.start_ms) {
  for (Kind k : options_.repost_kinds) {
    if (is_repost_kind(k) && std::find(kinds_.begin(), kinds_.end(), k) == kinds_.end()) {
      kinds_.push_back(k);
    }
  }
  if (kinds_.empty()) {
    for (int k = static_cast<int>(Kind::kExact); k < kKindCount; ++k) {
      kinds_.push_back(static_cast<Kind>(k));
    }
  }
  std::sort(kinds_.begin(), kinds_.end());
}

ArticleGenerator::~ArticleGenerator() = default;

namespace {

std::string make_id(uint64_t seed, uint64_t number) {
  char buf[48];
  std::snprintf(buf, sizeof buf, "g%llu-%08llu", static_cast<unsigned long long>(seed),
                static_cast<unsigned long long>(number));
  return buf;
}

std::string make_url(const vocab::Outlet& o, sv section, int64_t ms, sv title, uint64_t number) {
  int y = 0;
  unsigned mo = 0, d = 0;
  civil_from_days(ms / 86400000, y, mo, d);
  char buf[64];
  std::snprintf(buf, sizeof buf, "/%04d/%02u/%02u/", y, mo, d);
  return "https://www." + std::string(o.domain) + "/" + std::string(section) + buf +
         slugify(title) + "-" + std::to_string(number);
}

// Relative weights of single transformations in reposts.
double kind_weight(Kind k) {
  switch (k) {
    case Kind::kChrome:
      return 2.0;
    case Kind::kDateline:
      return 1.5;
    case Kind::kTeaser:
      return 1.5;
    case Kind::kHtml:
      return 1.5;
    default:
      return 1.0;
  }
}

bool is_structural(Kind k) {
  return k == Kind::kTeaser || k == Kind::kShortened || k == Kind::kUpdate;
}

}  // namespace

void ArticleGenerator::next(GeneratedRecord& out) {
  while (pending_.empty()) {
    Rng r(state_);
    state_ = r.next();
    const double draw = r.unit();
    if (recent_.empty() || draw >= options_.repost_share + options_.template_share) {
      emit_new_story(false);
    } else if (draw < options_.repost_share) {
      if (r.chance(options_.early_share)) {
        // The repost arrives first: make the story, emit a copy of it, then the story.
        emit_new_story(false);
        GeneratedRecord original = std::move(pending_.back());
        pending_.pop_back();
        emit_repost(*recent_.back(), true);
        original.expect_duplicate = true;
        pending_.push_back(std::move(original));
      } else {
        const size_t n = recent_.size();
        const double u = r.unit();
        const auto back = static_cast<size_t>(static_cast<double>(n) * u * u);
        emit_repost(*recent_[n - 1 - std::min(back, n - 1)], false);
      }
    } else {
      emit_new_story(true);
    }
  }
  out = std::move(pending_.front());
  pending_.pop_front();
}

std::vector<GeneratedRecord> ArticleGenerator::generate(size_t count) {
  std::vector<GeneratedRecord> records(count);
  for (auto& rec : records) next(rec);
  return records;
}

void ArticleGenerator::emit_new_story(bool template_negative) {
  Rng r(state_);
  state_ = r.next();
  auto story = std::make_unique<Story>();
  const uint64_t number = next_number_++;
  story->id = make_id(options_.seed, number);
  const Story* model = nullptr;
  if (template_negative && !recent_.empty()) {
    const size_t n = recent_.size();
    model = recent_[n - 1 - std::min(r.below(std::min<size_t>(n, 200)), n - 1)].get();
    story->shape_seed = model->shape_seed;
    story->topic = model->topic;
    // Half keep the names and change only the figures (the same company next quarter,
    // another day's market report); half change names too.
    story->cast_seed = r.chance(0.5) ? model->cast_seed : r.next();
  } else {
    template_negative = false;
    story->shape_seed = r.next();
    story->topic = static_cast<int>(r.below(std::size(vocab::kTopics)));
    story->cast_seed = r.next();
  }
  story->facts_seed = r.next();
  story->outlet = static_cast<int>(r.below(std::size(vocab::kOutlets)));
  clock_ms_ += static_cast<int64_t>(static_cast<double>(options_.mean_gap_ms) * (0.5 + r.unit()));
  story->published_ms = clock_ms_;
  const vocab::Outlet& outlet = vocab::kOutlets[story->outlet];
  const vocab::Topic& topic = vocab::kTopics[story->topic];

  // Everything but the body takes about 230 bytes of JSON plus title and url; the body's
  // escapes (quotes, line breaks) add about 2%.
  const size_t overhead = 330 + (outlet.extras ? 110 : 0);
  const size_t target =
      options_.target_bytes > overhead + 120 ? options_.target_bytes - overhead : 120;
  compose(story->shape_seed, story->cast_seed, story->facts_seed, story->topic, target * 49 / 50,
          story->cast, story->doc);
  Doc& doc = story->doc;
  if (outlet.title_case) doc.title = title_case(doc.title);
  Filler f;
  f.outlet = &outlet;
  f.cast = &story->cast;
  f.section = topic.section;
  f.agency = r.pick(vocab::kAgencies);
  f.date = month_day(story->published_ms);
  f.name = random_name(r);
  f.name2 = random_name(r);
  f.rng = &r;
  f.headline = other_headline;
  if (r.chance(0.4)) doc.dateline = f.fill(r.pick(vocab::kDatelines));
  if (r.chance(0.25)) doc.byline = f.fill(r.pick(vocab::kBylines));

  RecordFields fields;
  fields.id = story->id;
  fields.outlet = &outlet;
  fields.section = topic.section;
  fields.title = doc.title;
  fields.body = render_plain(doc);
  fields.url = make_url(outlet, topic.section, story->published_ms, doc.title, number);
  fields.published_at = format_time(story->published_ms, outlet.time_suffix);
  fields.author = f.name;
  fields.rng = &r;

  GeneratedRecord rec;
  rec.json = make_json(fields);
  rec.id = story->id;
  rec.cluster = story->id;
  rec.primary = template_negative ? Kind::kTemplateNegative : Kind::kOriginal;
  rec.kinds = 1u << static_cast<int>(rec.primary);
  rec.kind = kind_name(rec.primary);
  rec.expect_duplicate = false;
  pending_.push_back(std::move(rec));

  recent_.push_back(std::move(story));
  while (recent_.size() > std::max<size_t>(options_.window, 1)) recent_.pop_front();
  ++stories_;
}

void ArticleGenerator::emit_repost(const Story& story, bool early) {
  Rng r(state_);
  state_ = r.next();
  const uint64_t number = next_number_++;

  // Which transformations.
  uint32_t mask = 0;
  std::vector<Kind> parts;
  if (r.chance(options_.combined_share) && kinds_.size() >= 2) {
    const int want = r.range(2, 3);
    for (int tries = 0; tries < 20 && static_cast<int>(parts.size()) < want; ++tries) {
      const Kind k = kinds_[r.below(kinds_.size())];
      if (k == Kind::kExact || (mask >> static_cast<int>(k)) & 1u) continue;
      if (is_structural(k) && std::any_of(parts.begin(), parts.end(), is_structural)) continue;
      parts.push_back(k);
      mask |= 1u << static_cast<int>(k);
    }
  }
  if (parts.size() < 2) {
    parts.clear();
    mask = 0;
    double total = 0;
    for (Kind k : kinds_) total += kind_weight(k);
    double x = r.unit() * total;
    Kind chosen = kinds_.back();
    for (Kind k : kinds_) {
      x -= kind_weight(k);
      if (x < 0) {
        chosen = k;
        break;
      }
    }
    parts.push_back(chosen);
    mask = 1u << static_cast<int>(chosen);
  }
  std::sort(parts.begin(), parts.end());

  int outlet_index = static_cast<int>(r.below(std::size(vocab::kOutlets)));
  if (outlet_index == story.outlet) {
    outlet_index = (outlet_index + 1) % static_cast<int>(std::size(vocab::kOutlets));
  }
  const vocab::Outlet& outlet = vocab::kOutlets[outlet_index];
  const vocab::Topic& topic = vocab::kTopics[story.topic];
  const int64_t published_ms = story.published_ms + r.range(60, 3 * 3600) * int64_t{1000};

  Filler f;
  f.outlet = &outlet;
  f.cast = &story.cast;
  f.section = topic.section;
  f.agency = r.pick(vocab::kAgencies);
  f.date = month_day(published_ms);
  f.name = random_name(r);
  f.name2 = random_name(r);
  f.rng = &r;
  f.headline = other_headline;

  Doc doc = story.doc;
  auto has = [&](Kind k) { return ((mask >> static_cast<int>(k)) & 1u) != 0; };
  if (has(Kind::kTeaser)) apply_teaser(doc, r);
  if (has(Kind::kShortened)) apply_shortened(doc, r);
  if (has(Kind::kUpdate)) apply_update(doc, r, story.shape_seed, story.cast, story.topic);
  if (has(Kind::kDateline)) apply_dateline(doc, r, f);
  if (has(Kind::kChrome)) apply_chrome(doc, r, f);
  if (has(Kind::kHeadline)) {
    apply_headline(doc, r, outlet, story.shape_seed, story.facts_seed, story.cast, story.topic);
  }
  if (has(Kind::kEdit)) apply_edit(doc, r);
  if (has(Kind::kUnicode)) apply_unicode(doc, r);

  RecordFields fields;
  fields.id = make_id(options_.seed, number);
  fields.outlet = &outlet;
  fields.section = topic.section;
  fields.title = doc.title;
  fields.body = has(Kind::kHtml) ? render_html(doc, r, outlet, story.cast) : render_plain(doc);
  if (has(Kind::kWhitespace)) apply_whitespace(fields.body, r, has(Kind::kHtml));
  fields.url = make_url(outlet, topic.section, published_ms, doc.title, number);
  fields.published_at = format_time(published_ms, outlet.time_suffix);
  fields.author = f.name;
  fields.ascii_only = has(Kind::kUnicode) && r.chance(0.4);
  fields.rng = &r;

  GeneratedRecord rec;
  rec.json = make_json(fields);
  rec.id = fields.id;
  rec.cluster = story.id;
  rec.kinds = mask;
  rec.primary = parts.front();
  for (size_t i = 0; i < parts.size(); ++i) {
    if (i > 0) rec.kind.push_back('+');
    rec.kind += kind_name(parts[i]);
  }
  rec.expect_duplicate = !early;
  pending_.push_back(std::move(rec));
}

}  // namespace newsdedup::bench
