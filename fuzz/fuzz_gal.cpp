// GAL neighbour lists (weights/gal_format.hpp): read_gal_text, the checks of fuzz_support.hpp, and
// the round trip through write_gal_text.
#include "fuzz/fuzz_support.hpp"
#include "weights/gal_format.hpp"

using namespace spillover;

extern "C" int LLVMFuzzerTestOneInput(const unsigned char* data, std::size_t size) {
    const std::string source = "fuzz.gal";
    return fuzz::fuzz_weights(
        fuzz::as_text(data, size), [&](std::string_view text) { return read_gal_text(text, source); },
        [](const SpatialWeights& w) { return write_gal_text(w); },
        [&](std::string_view text, const SpatialWeights&) { return read_gal_text(text, source); }, "GAL");
}
