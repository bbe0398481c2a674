#include "normalize/html.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>

#include "simd/bytes_internal.h"

namespace newsdedup::normalize {
namespace {

enum class TagKind { kUnknown, kInline, kSpace, kBlock, kSkipBody };

// Names are string_views so that comparing one costs no strlen (62 of them per tag once).
struct TagName {
  std::string_view name;
  TagKind kind;
};

// Lowercase names; looked up case-insensitively.
constexpr std::array<TagName, 62> kTags = {{
    {"a", TagKind::kInline},      {"abbr", TagKind::kInline},       {"article", TagKind::kBlock},
    {"aside", TagKind::kBlock},   {"b", TagKind::kInline},          {"blockquote", TagKind::kBlock},
    {"body", TagKind::kBlock},    {"br", TagKind::kBlock},          {"center", TagKind::kBlock},
    {"cite", TagKind::kInline},   {"code", TagKind::kInline},       {"dd", TagKind::kBlock},
    {"div", TagKind::kBlock},     {"dl", TagKind::kBlock},          {"dt", TagKind::kBlock},
    {"em", TagKind::kInline},     {"figcaption", TagKind::kBlock},  {"figure", TagKind::kBlock},
    {"font", TagKind::kInline},   {"footer", TagKind::kBlock},      {"h1", TagKind::kBlock},
    {"h2", TagKind::kBlock},      {"h3", TagKind::kBlock},          {"h4", TagKind::kBlock},
    {"h5", TagKind::kBlock},      {"h6", TagKind::kBlock},          {"head", TagKind::kSkipBody},
    {"header", TagKind::kBlock},  {"hr", TagKind::kBlock},          {"html", TagKind::kBlock},
    {"i", TagKind::kInline},      {"iframe", TagKind::kSkipBody},   {"img", TagKind::kInline},
    {"ins", TagKind::kInline},    {"li", TagKind::kBlock},          {"link", TagKind::kInline},
    {"main", TagKind::kBlock},    {"mark", TagKind::kInline},       {"meta", TagKind::kInline},
    {"nav", TagKind::kBlock},     {"noscript", TagKind::kSkipBody}, {"ol", TagKind::kBlock},
    {"p", TagKind::kBlock},       {"pre", TagKind::kBlock},         {"q", TagKind::kInline},
    {"s", TagKind::kInline},      {"script", TagKind::kSkipBody},   {"section", TagKind::kBlock},
    {"small", TagKind::kInline},  {"span", TagKind::kInline},       {"strike", TagKind::kInline},
    {"strong", TagKind::kInline}, {"style", TagKind::kSkipBody},    {"sub", TagKind::kInline},
    {"sup", TagKind::kInline},    {"table", TagKind::kBlock},       {"td", TagKind::kSpace},
    {"th", TagKind::kSpace},      {"time", TagKind::kInline},       {"tr", TagKind::kBlock},
    {"u", TagKind::kInline},      {"ul", TagKind::kBlock},
}};

struct Entity {
  std::string_view name;
  uint32_t cp;
};

constexpr std::array<Entity, 40> kEntities = {{
    {"amp", '&'},      {"lt", '<'},       {"gt", '>'},       {"quot", '"'},     {"apos", '\''},
    {"nbsp", 0xA0},    {"rsquo", 0x2019}, {"lsquo", 0x2018}, {"rdquo", 0x201D}, {"ldquo", 0x201C},
    {"sbquo", 0x201A}, {"bdquo", 0x201E}, {"ndash", 0x2013}, {"mdash", 0x2014}, {"hellip", 0x2026},
    {"copy", 0xA9},    {"reg", 0xAE},     {"trade", 0x2122}, {"pound", 0xA3},   {"euro", 0x20AC},
    {"yen", 0xA5},     {"cent", 0xA2},    {"deg", 0xB0},     {"middot", 0xB7},  {"bull", 0x2022},
    {"laquo", 0xAB},   {"raquo", 0xBB},   {"eacute", 0xE9},  {"egrave", 0xE8},  {"aacute", 0xE1},
    {"agrave", 0xE0},  {"oacute", 0xF3},  {"uuml", 0xFC},    {"ouml", 0xF6},    {"auml", 0xE4},
    {"ccedil", 0xE7},  {"ntilde", 0xF1},  {"iacute", 0xED},  {"times", 0xD7},   {"shy", 0xAD},
}};

char lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c | 0x20) : c; }
bool is_alpha(char c) { return (c | 0x20) >= 'a' && (c | 0x20) <= 'z'; }
bool is_alnum(char c) { return is_alpha(c) || (c >= '0' && c <= '9'); }

TagKind tag_kind(std::string_view name) {
  char buf[16];
  if (name.size() >= sizeof(buf)) return TagKind::kUnknown;
  for (size_t i = 0; i < name.size(); ++i) buf[i] = lower(name[i]);
  const std::string_view n(buf, name.size());
  for (const auto& t : kTags) {
    if (n == t.name) return t.kind;
  }
  return TagKind::kUnknown;
}

void append_utf8(std::string& out, uint32_t cp) {
  if (cp == 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) cp = 0xFFFD;
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

// Decodes the entity at in[i] == '&'; returns the bytes consumed (0: not an entity).
size_t decode_entity(std::string_view in, size_t i, std::string& out) {
  const size_t semi = in.find(';', i + 1);
  if (semi == std::string_view::npos || semi - i > 12 || semi == i + 1) return 0;
  const std::string_view body = in.substr(i + 1, semi - i - 1);
  if (body[0] == '#') {
    uint32_t cp = 0;
    const bool hex = body.size() > 1 && (body[1] == 'x' || body[1] == 'X');
    const size_t start = hex ? 2 : 1;
    if (start >= body.size()) return 0;
    for (size_t k = start; k < body.size(); ++k) {
      const char c = body[k];
      uint32_t d;
      if (c >= '0' && c <= '9') {
        d = static_cast<uint32_t>(c - '0');
      } else if (hex && (c | 0x20) >= 'a' && (c | 0x20) <= 'f') {
        d = static_cast<uint32_t>((c | 0x20) - 'a' + 10);
      } else {
        return 0;
      }
      cp = cp * (hex ? 16 : 10) + d;
      if (cp > 0x10FFFF) return 0;
    }
    append_utf8(out, cp);
    return semi - i + 1;
  }
  for (const auto& e : kEntities) {
    if (body == e.name) {
      append_utf8(out, e.cp);
      return semi - i + 1;
    }
  }
  return 0;
}

// Parses a tag at in[i] == '<'. Returns its end (one past '>') and kind, or 0 when it is not a
// known tag.
size_t parse_tag(std::string_view in, size_t i, TagKind& kind, std::string_view& name,
                 bool& closing) {
  size_t j = i + 1;
  closing = false;
  if (j < in.size() && in[j] == '!') {  // comment or doctype
    if (in.substr(j, 3) == "!--") {
      const size_t end = in.find("-->", j + 3);
      if (end == std::string_view::npos) return 0;
      kind = TagKind::kInline;
      return end + 3;
    }
    const size_t end = in.find('>', j);
    if (end == std::string_view::npos) return 0;
    kind = TagKind::kInline;
    return end + 1;
  }
  if (j < in.size() && in[j] == '/') {
    closing = true;
    ++j;
  }
  const size_t name_start = j;
  while (j < in.size() && is_alnum(in[j])) ++j;
  if (j == name_start) return 0;
  name = in.substr(name_start, j - name_start);
  kind = tag_kind(name);
  if (kind == TagKind::kUnknown) return 0;
  if (j < in.size() && !(in[j] == '>' || in[j] == '/' || in[j] == ' ' || in[j] == '\t' ||
                         in[j] == '\n' || in[j] == '\r')) {
    return 0;
  }
  // Attributes may hold '>' inside quotes.
  char quote = 0;
  for (size_t k = j; k < in.size() && k < i + 4096; ++k) {
    const char c = in[k];
    if (quote) {
      if (c == quote) quote = 0;
    } else if (c == '"' || c == '\'') {
      quote = c;
    } else if (c == '>') {
      return k + 1;
    }
  }
  return 0;
}

// Index of the first '<', '&' or '\r' in in[i, size), or size: most of a body is plain text,
// so it is skipped 16 bytes per step rather than byte by byte.
size_t next_special(std::string_view in, size_t i) { return simd::find_any<'<', '&', '\r'>(in, i); }

// strip_markup of `in` whose first '<', '&' or '\r' is at `first` (in.size(): none).
void strip_from(std::string_view in, size_t first, std::string& out) {
  out.clear();
  out.reserve(in.size());
  out.append(in.data(), first);
  size_t i = first;
  while (i < in.size()) {
    // Copy the run of plain text up to the next byte that needs a look, in one append.
    const size_t run = next_special(in, i);
    if (run > i) {
      out.append(in.data() + i, run - i);
      i = run;
      if (i == in.size()) break;
    }
    const char c = in[i];
    if (c == '<') {
      TagKind kind{};
      std::string_view name;
      bool closing = false;
      const size_t end = parse_tag(in, i, kind, name, closing);
      if (end != 0) {
        if (kind == TagKind::kBlock) out.push_back('\n');
        if (kind == TagKind::kSpace) out.push_back(' ');  // table cells are separate words
        if (kind == TagKind::kSkipBody && !closing) {
          // Drop everything up to the matching close tag.
          size_t k = end;
          while (true) {
            k = in.find("</", k);
            if (k == std::string_view::npos) {
              k = in.size();
              break;
            }
            const std::string_view rest = in.substr(k + 2, name.size());
            if (rest.size() == name.size() &&
                std::equal(rest.begin(), rest.end(), name.begin(),
                           [](char a, char b) { return lower(a) == lower(b); })) {
              const size_t gt = in.find('>', k);
              k = gt == std::string_view::npos ? in.size() : gt + 1;
              break;
            }
            k += 2;
          }
          i = k;
          continue;
        }
        i = end;
        continue;
      }
    } else if (c == '&') {
      const size_t n = decode_entity(in, i, out);
      if (n != 0) {
        i += n;
        continue;
      }
    } else if (c == '\r') {
      out.push_back('\n');
      i += (i + 1 < in.size() && in[i + 1] == '\n') ? 2 : 1;
      continue;
    }
    out.push_back(c);
    ++i;
  }
}

}  // namespace

void strip_markup(std::string_view in, std::string& out) {
  strip_from(in, next_special(in, 0), out);
}

std::string_view without_markup(std::string_view in, std::string& buffer) {
  const size_t first = next_special(in, 0);
  if (first == in.size()) return in;
  strip_from(in, first, buffer);
  return buffer;
}

}  // namespace newsdedup::normalize
