// Shared test articles: an original wire story and a syndicated repost of it (site chrome,
// another dateline style, one reworded sentence). Written for the tests; no licensed data.
#pragma once

#include <string>
#include <string_view>

namespace newsdedup::testing {

// Escapes quotes, backslashes and newlines for a JSON string literal in a test record.
inline std::string json_escape(std::string_view s) {
  std::string out;
  for (const char c : s) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      default:
        out += c;
    }
  }
  return out;
}

// A JSON record with the fields the engine reads; an empty published_at leaves the field out.
inline std::string article_record(std::string_view id, std::string_view body,
                                  std::string_view published_at = "2025-06-03T09:00:00Z") {
  std::string r = R"({"id":")" + json_escape(id) + R"(","body":")" + json_escape(body) + '"';
  if (!published_at.empty()) r += R"(,"published_at":")" + std::string(published_at) + '"';
  return r + "}";
}

constexpr std::string_view kTransit =
    "HELSINKI (Reuters) - The Helsinki city council approved a 1.2 billion euro transit plan on "
    "Monday after eight months of debate, clearing the way for a tram line to the airport and four "
    "new express bus routes.\n"
    "The plan, backed by 51 of the 85 council members, extends the tram network by 14 kilometres "
    "and adds park-and-ride stations at the northern and eastern edges of the city. Construction "
    "is "
    "due to start in the spring of 2026 and the first section should open to passengers in 2029.\n"
    "Deputy mayor Anna Virtanen said the project would cut commuting times for about 120,000 "
    "residents and reduce car traffic in the centre by a fifth. Opponents argued that the cost "
    "estimate was too optimistic and that the money should go to repairing existing lines first.\n"
    "The national government has promised to cover 30 percent of the cost, with the rest shared "
    "between the city and neighbouring municipalities.";

constexpr std::string_view kTransitRepost =
    "Home \xC2\xBB World \xC2\xBB Europe\n"
    "2,417 views\n"
    "Share on Facebook\n"
    "Helsinki, June 2 (AFP) \xE2\x80\x94 The Helsinki city council passed a 1.2 billion euro "
    "transit plan on "
    "Monday after eight months of debate, clearing the way for a tram line to the airport and four "
    "new express bus routes.\n"
    "The plan, backed by 51 of the 85 council members, extends the tram network by 14 kilometres "
    "and adds park-and-ride stations at the northern and eastern edges of the city. Construction "
    "is "
    "due to start in the spring of 2026 and the first section should open to passengers in 2029.\n"
    "Advertisement\n"
    "Deputy mayor Anna Virtanen said the project would cut commuting times for about 120,000 "
    "residents and reduce car traffic in the centre by a fifth. Critics said that the cost "
    "estimate was too optimistic and that the money should go to repairing existing lines first.\n"
    "The national government has promised to cover 30 percent of the cost, with the rest shared "
    "between the city and neighbouring municipalities.\n"
    "Related: Tram fares to rise in January\n"
    "Copyright 2025 Example Media. All rights reserved.";

}  // namespace newsdedup::testing
