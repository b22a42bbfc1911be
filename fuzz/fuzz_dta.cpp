// The Stata .dta reader (engine/dta_reader.hpp, through libreadstat): read_dta of the input written to
// a scratch file (read_dta takes a path), then the checks of a DataTable (fuzz_support.hpp).
//
// libreadstat is Debian's shared library, not instrumented: libFuzzer sees the coverage of our
// callbacks only, and ASan catches in it what its interceptors see (memcpy, malloc/free) and crashes.
#include "engine/dta_reader.hpp"
#include "fuzz/fuzz_support.hpp"

using namespace spillover;

extern "C" int LLVMFuzzerTestOneInput(const unsigned char* data, std::size_t size) {
    static const fuzz::ScratchFile scratch(".dta");
    const std::string& path = scratch.write(fuzz::as_text(data, size));
    DataTable table;
    if (!fuzz::accepted([&] { table = read_dta(path); })) return 0;
    fuzz::check_table(table);
    return 0;
}
