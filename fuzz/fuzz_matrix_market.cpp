// MatrixMarket coordinate files (weights/matrix_market_format.hpp): read_matrix_market_text, the
// checks of fuzz_support.hpp, and the round trip through write_matrix_market_text.
#include "fuzz/fuzz_support.hpp"
#include "weights/matrix_market_format.hpp"

using namespace spillover;

extern "C" int LLVMFuzzerTestOneInput(const unsigned char* data, std::size_t size) {
    const std::string source = "fuzz.mtx";
    return fuzz::fuzz_weights(
        fuzz::as_text(data, size), [&](std::string_view text) { return read_matrix_market_text(text, source); },
        [](const SpatialWeights& w) { return write_matrix_market_text(w); },
        [&](std::string_view text, const SpatialWeights&) { return read_matrix_market_text(text, source); },
        "MatrixMarket");
}
