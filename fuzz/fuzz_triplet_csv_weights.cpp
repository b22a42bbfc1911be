// Triplet (edge list) CSV weights (weights/csv_weights_format.hpp, layout (b)):
// read_triplet_csv_text without and with the list of every id, the checks of fuzz_support.hpp, and
// the round trip through write_triplet_csv_text.
//
// Input: the first byte picks the list of ids as in fuzz_gwt.cpp (below 0x80 none, otherwise
// "1".."k" with k = byte & 0x0f); the rest is the file.
#include <vector>

#include "fuzz/fuzz_support.hpp"
#include "weights/csv_weights_format.hpp"

using namespace spillover;

extern "C" int LLVMFuzzerTestOneInput(const unsigned char* data, std::size_t size) {
    if (size == 0) return 0;
    std::vector<std::string> ids;
    if (data[0] & 0x80)
        for (int k = 1; k <= (data[0] & 0x0f); ++k) ids.push_back(std::to_string(k));
    const std::string source = "fuzz.csv";
    const std::string_view text = fuzz::as_text(data + 1, size - 1);
    (void)detect_csv_weights_layout(text);
    return fuzz::fuzz_weights(
        text, [&](std::string_view t) { return read_triplet_csv_text(t, source, ids); },
        [](const SpatialWeights& w) { return write_triplet_csv_text(w); },
        [&](std::string_view t, const SpatialWeights& w) { return read_triplet_csv_text(t, source, w.ids()); },
        "triplet CSV");
}
