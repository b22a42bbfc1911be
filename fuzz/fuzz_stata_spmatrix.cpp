// Stata `spmatrix export` text (weights/stata_spmatrix_format.hpp): read_stata_text, the checks of
// fuzz_support.hpp, and the round trip through write_stata_text (which refuses ids that are not
// integers, as documented).
#include "fuzz/fuzz_support.hpp"
#include "weights/stata_spmatrix_format.hpp"

using namespace spillover;

extern "C" int LLVMFuzzerTestOneInput(const unsigned char* data, std::size_t size) {
    const std::string source = "fuzz.txt";
    return fuzz::fuzz_weights(
        fuzz::as_text(data, size), [&](std::string_view text) { return read_stata_text(text, source); },
        [](const SpatialWeights& w) { return write_stata_text(w); },
        [&](std::string_view text, const SpatialWeights&) { return read_stata_text(text, source); }, "Stata text");
}
