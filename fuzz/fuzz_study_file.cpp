// The study file of `spillover workflow` (workflow/study_file.hpp, TOML through toml++):
// read_study_file of the input written to a scratch file (it takes a path), then what the workflow
// command does next: StudyRequest::validate, and the formula parsed. An oracle checks that the
// numbers the file gives reach the request unchanged.
#include <toml++/toml.h>

#include "engine/formula.hpp"
#include "fuzz/fuzz_support.hpp"
#include "workflow/study_file.hpp"

using namespace spillover;

extern "C" int LLVMFuzzerTestOneInput(const unsigned char* data, std::size_t size) {
    static const fuzz::ScratchFile scratch(".toml");
    const std::string_view text = fuzz::as_text(data, size);
    const std::string& path = scratch.write(text);
    StudyFile study;
    if (!fuzz::accepted([&] { study = read_study_file(path); })) return 0;
    const StudyRequest& request = study.request;
    for (const StudyWeights& w : request.weights) fuzz::require(!w.path.empty(), "a weights entry without a file");

    // The same text parsed here: an integer the file gives must be the request's, not a wrapped copy.
    try {
        const toml::table root = toml::parse(text, path);
        if (const auto draws = root["impacts"]["draws"].value_exact<std::int64_t>())
            fuzz::require(*draws == request.impacts.draws,
                          "impacts.draws = " + std::to_string(*draws) + " became " + std::to_string(request.impacts.draws));
    } catch (const toml::parse_error& e) {
        fuzz::fuzz_fail(std::string("read_study_file accepted a file toml++ refuses: ") + e.what());
    }

    if (!fuzz::accepted([&] { request.validate(); })) return 0;
    (void)fuzz::accepted([&] { (void)parse_formula(request.formula); });
    return 0;
}
