// Private to parse: how deeply a JSON text nests arrays and objects, found before simdjson
// parses it (ondemand skips values it is not asked for without tracking their depth, so a
// hostile record must be turned away first).
#pragma once

#include <cstddef>
#include <string_view>

namespace newsdedup::parse {

// The deepest [ / { nesting outside strings in `s`; stops as soon as it exceeds `limit` (and
// returns that depth, limit + 1). Works on any bytes: text that is not JSON gets an answer too.
// Reads 64 bytes per step as bit masks (quotes, backslashes, brackets).
int max_nesting(std::string_view s, int limit);

// Copies `s` to `out` (s.size() bytes) and returns how many '[' / '{' bytes it holds, strings
// included. A text with no more than `limit` of them cannot nest deeper than `limit`, and
// max_nesting need not run: an article's text has a handful of brackets. The parser copies
// each record anyway (simdjson reads past its end), so the count rides on that pass, 16 bytes
// per step, instead of reading the record once more.
size_t copy_counting_open_brackets(std::string_view s, char* out);

// The same answer one byte at a time: the reference for max_nesting, and its path for a text
// with a backslash outside strings (never valid JSON), where the masks' escapes do not apply.
int max_nesting_bytewise(std::string_view s, int limit);

}  // namespace newsdedup::parse
