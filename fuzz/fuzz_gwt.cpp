// GWT link lists (weights/gwt_format.hpp): read_gwt_text without and with the list of every id, the
// checks of fuzz_support.hpp, and the round trip through write_gwt_text.
//
// Input: the first byte picks the list of ids. Below 0x80 none (the units are the ids the file
// names); otherwise "1".."k" with k = byte & 0x0f, as a data set's id column would give them.
#include <vector>

#include "fuzz/fuzz_support.hpp"
#include "weights/gwt_format.hpp"

using namespace spillover;

extern "C" int LLVMFuzzerTestOneInput(const unsigned char* data, std::size_t size) {
    if (size == 0) return 0;
    std::vector<std::string> ids;
    if (data[0] & 0x80)
        for (int k = 1; k <= (data[0] & 0x0f); ++k) ids.push_back(std::to_string(k));
    const std::string source = "fuzz.gwt";
    return fuzz::fuzz_weights(
        fuzz::as_text(data + 1, size - 1), [&](std::string_view text) { return read_gwt_text(text, source, ids); },
        [](const SpatialWeights& w) { return write_gwt_text(w); },
        [&](std::string_view text, const SpatialWeights& w) { return read_gwt_text(text, source, w.ids()); }, "GWT");
}
