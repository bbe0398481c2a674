// Runs a check once per set of kernels this CPU has: with the AVX-512 kernels (where the CPU has
// them), then with the SSE2 and scalar code every x86-64 CPU runs, so both are held to one
// answer on a machine with AVX-512. Names the kernels for failure messages.
#pragma once

#include <string_view>

#include "simd/cpu_internal.h"

namespace newsdedup::testing {

template <class Check>
void for_each_kernel(Check&& check) {
  for (const bool avx512 : {true, false}) {
    if (simd::set_avx512_enabled(avx512) != avx512) continue;  // not on this CPU
    check(std::string_view(avx512 ? "AVX-512" : "SSE2"));
  }
  simd::set_avx512_enabled(true);
}

}  // namespace newsdedup::testing
