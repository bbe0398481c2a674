// Private to parse: how deeply a JSON text nests arrays and objects, found before simdjson
// parses it (ondemand skips values it is not asked for without tracking their depth, so a
// hostile record must be turned away first).
#pragma once

#include <string_view>

namespace newsdedup::parse {

// The deepest [ / { nesting outside strings in `s`; stops as soon as it exceeds `limit` (and
// returns that depth, limit + 1). Works on any bytes: text that is not JSON gets an answer too.
// Reads 64 bytes per step as bit masks (quotes, backslashes, brackets).
int max_nesting(std::string_view s, int limit);

// Whether `s` holds more than `limit` '[' / '{' bytes anywhere, strings included. When it does
// not, it cannot nest deeper than `limit` and max_nesting need not run: an article's text has
// a handful of brackets, and this count (16 bytes per step, nothing carried between bytes)
// costs a fraction of max_nesting's string tracking.
bool opening_brackets_exceed(std::string_view s, size_t limit);

// The same answer one byte at a time: the reference for max_nesting, and its path for a text
// with a backslash outside strings (never valid JSON), where the masks' escapes do not apply.
int max_nesting_bytewise(std::string_view s, int limit);

}  // namespace newsdedup::parse
