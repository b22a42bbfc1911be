// The CSV data reader (engine/csv_reader.hpp): read_csv_text with fuzzed options, then the checks of
// a DataTable (fuzz_support.hpp: check_table).
//
// Input: the first byte picks the options, the rest is the file.
//   bits 0-2: the separator: auto-detect, ',' ';' tab '|' ' ' '#', or a control character (which
//             CsvOptions::validate refuses with std::invalid_argument: the designed error);
//   bits 3-4: the NA tokens: the default {"NA", "", "."}, none, {"-999", "NaN"}, {"n/a", "."}.
#include <vector>

#include "engine/csv_reader.hpp"
#include "fuzz/fuzz_support.hpp"

using namespace spillover;

extern "C" int LLVMFuzzerTestOneInput(const unsigned char* data, std::size_t size) {
    if (size == 0) return 0;
    static constexpr char separators[] = {0, ',', ';', '\t', '|', ' ', '#', '\x01'};
    static const std::vector<std::string> na_tokens[] = {{"NA", "", "."}, {}, {"-999", "NaN"}, {"n/a", "."}};
    CsvOptions options;
    options.separator = separators[data[0] & 7];
    options.na_tokens = na_tokens[(data[0] >> 3) & 3];
    DataTable table;
    if (!fuzz::accepted([&] { table = read_csv_text(fuzz::as_text(data + 1, size - 1), "fuzz.csv", options); }))
        return 0;
    fuzz::check_table(table);
    return 0;
}
