#include "engine/read_table.hpp"

#include <algorithm>
#include <cctype>
#include <filesystem>

#include "engine/dta_reader.hpp"

namespace spillover {

namespace {

bool has_dta_extension(const std::string& path) {
    std::string extension = std::filesystem::path(path).extension().string();
    std::transform(extension.begin(), extension.end(), extension.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return extension == ".dta";
}

}  // namespace

DataTable read_table(const std::string& path, const CsvOptions& options) {
    if (has_dta_extension(path)) return read_dta(path);
    return read_csv(path, options);
}

}  // namespace spillover
