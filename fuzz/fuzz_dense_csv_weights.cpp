// Dense CSV weights (weights/csv_weights_format.hpp, layout (a)): read_dense_csv_text, the checks of
// fuzz_support.hpp, and the round trip through write_dense_csv_text.
#include "fuzz/fuzz_support.hpp"
#include "weights/csv_weights_format.hpp"

using namespace spillover;

extern "C" int LLVMFuzzerTestOneInput(const unsigned char* data, std::size_t size) {
    const std::string source = "fuzz.csv";
    const std::string_view text = fuzz::as_text(data, size);
    (void)detect_csv_weights_layout(text);
    return fuzz::fuzz_weights(
        text, [&](std::string_view t) { return read_dense_csv_text(t, source); },
        [](const SpatialWeights& w) { return write_dense_csv_text(w); },
        [&](std::string_view t, const SpatialWeights&) { return read_dense_csv_text(t, source); }, "dense CSV");
}
