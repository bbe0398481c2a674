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

// The same answer one byte at a time: the reference for max_nesting, and its path for a text
// with a backslash outside strings (never valid JSON), where the masks' escapes do not apply.
int max_nesting_bytewise(std::string_view s, int limit);

}  // namespace newsdedup::parse
