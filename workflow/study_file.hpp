#pragma once
// A study as one file under version control: `spillover workflow --study FILE` reads a TOML file
// (toml++) that names what the command line would, e.g.
//
//     data = "china_panel.csv"            # paths are relative to the study file
//     formula = "nqpf ~ rd + patents + human_capital + digital + urban + open"
//     id = "province"
//     alpha = 0.05                        # level of the selection rule's tests
//
//     [panel]                             # leave out for a cross-section
//     time = "year"
//     effects = "twoways"                 # individual, time, twoways
//     estimator = "direct"                # direct, lee-yu, bias-corrected
//     lag_convention = "demean-lag"       # or lag-demeaned
//     hausman = true
//
//     [impacts]
//     draws = 1000
//     seed = 20261206
//
//     [[weights]]                         # one table per W, in the order of the tables' columns
//     name = "contiguity"
//     file = "china_contiguity.gal"
//     transform = "row"                   # row (default), binary, none, spectral, minmax
//
//     [output]
//     json = "study.json"
//     latex = "report.tex"
//     markdown = "report.md"
//     figures = "figures"                 # a folder; figure_format = "png" (svg, pdf)
//
// A key the schema does not know is an error naming it and its line, so that a misspelt option is
// never silently ignored; so is a value of the wrong type.

#include <string>

#include "workflow/study_pipeline.hpp"

namespace spillover {

/// Where a study's outputs go (empty: not written).
struct StudyOutputs {
    std::string json, latex, markdown, figures;
    std::string figure_format = "png";
};

struct StudyFile {
    StudyRequest request;
    StudyOutputs outputs;
};

/// Reads and checks the file; InputError with the file, line and key for a syntax error, an unknown
/// key, a value of the wrong type or a number of draws that is no int >= 0. The request is not
/// validated (the caller may override parts).
StudyFile read_study_file(const std::string& path);

}  // namespace spillover
