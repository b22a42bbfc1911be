#pragma once
// read_table: the one entry point for a data file, chosen by its extension.
//
//   *.dta (any case)  → read_dta (Stata; `options` does not apply)
//   anything else     → read_csv with `options` (.csv, .tsv, .txt ... the separator is auto-detected
//                       unless options.separator says otherwise)

#include <string>

#include "engine/csv_reader.hpp"
#include "engine/data_table.hpp"

namespace spillover {

DataTable read_table(const std::string& path, const CsvOptions& options = {});

}  // namespace spillover
