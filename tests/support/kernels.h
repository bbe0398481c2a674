// Runs a check once per set of kernels this CPU has: with the AVX-512 kernels (where the CPU has
// them), with the AVX2 ones (where it has those), then with the SSE2 and scalar code every
// x86-64 CPU runs, so all are held to one answer on a machine that has them. Names the kernels
// for failure messages.
#pragma once

#include <string_view>

#include "simd/cpu_internal.h"

namespace newsdedup::testing {

template <class Check>
void for_each_kernel(Check&& check) {
  using simd::Kernels;
  for (const Kernels k : {Kernels::kAvx512, Kernels::kAvx2, Kernels::kBaseline}) {
    if (simd::limit_kernels(k) != k) continue;  // not on this CPU
    check(std::string_view(simd::name(k)));
  }
  simd::limit_kernels(Kernels::kAvx512);
}

}  // namespace newsdedup::testing
