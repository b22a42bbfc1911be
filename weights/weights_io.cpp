#include "weights/weights_io.hpp"

#include "engine/text_file.hpp"
#include "weights/transforms.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <utility>

#include <unordered_set>

#include <fmt/format.h>

#include "engine/atomic_file.hpp"
#include "engine/input_error.hpp"
#include "weights/csv_weights_format.hpp"
#include "weights/gal_format.hpp"
#include "weights/gwt_format.hpp"
#include "weights/matrix_market_format.hpp"
#include "weights/stata_spmatrix_format.hpp"

namespace spillover {

namespace {

using weights_text::Index;

/// The format an extension names; .csv gives `csv` (the caller decides dense or triplet).
std::optional<WeightsFileFormat> format_from_extension(const std::string& path, WeightsFileFormat csv) {
    const std::string extension = weights_text::ascii_lower(std::filesystem::path(path).extension().string());
    if (extension == ".gal") return WeightsFileFormat::Gal;
    if (extension == ".gwt") return WeightsFileFormat::Gwt;
    if (extension == ".mtx") return WeightsFileFormat::MatrixMarket;
    if (extension == ".txt") return WeightsFileFormat::StataText;
    if (extension == ".csv") return csv;
    return std::nullopt;
}

[[noreturn]] void unknown_extension(const std::string& path) {
    throw InputError("cannot tell the weights format of '" + path +
                     "' from its extension: use .gal, .gwt, .mtx, .csv or .txt (Stata spmatrix export), or name "
                     "the format");
}

/// The first line of a file, for telling dense from triplet CSV without reading it all.
std::string first_line(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::string line;
    if (!in) const TextFile unreadable(path);  // throws the same "cannot open" message as every reader
    std::getline(in, line);
    return line;
}

/// A .csv file is dense or triplet as its header says.
WeightsFileFormat csv_layout(WeightsFileFormat format, std::string_view text) {
    if (format != WeightsFileFormat::DenseCsv) return format;
    return detect_csv_weights_layout(text) == CsvWeightsLayout::Triplet ? WeightsFileFormat::TripletCsv
                                                                         : WeightsFileFormat::DenseCsv;
}

/// Up to five of `names` and how many there are, for a message.
std::string some_of(const std::vector<std::string>& names) {
    std::string out;
    for (std::size_t i = 0; i < std::min<std::size_t>(names.size(), 5); ++i) out += (i ? ", '" : "'") + names[i] + "'";
    return fmt::format("{} ({}{})", names.size(), out, names.size() > 5 ? ", ..." : "");
}

/// InputError naming the ids of the data that W lacks and the units of W the data lacks.
[[noreturn]] void report_mismatch(const SpatialWeights& w, const std::vector<std::string>& ids, const std::string& source) {
    std::vector<std::string> not_in_w, not_in_data;
    std::unordered_set<std::string> listed(ids.begin(), ids.end());
    for (const auto& id : ids)
        if (!w.index_of(id)) not_in_w.push_back(id);
    for (const auto& id : w.ids())
        if (!listed.count(id)) not_in_data.push_back(id);
    std::string message = fmt::format("the data's units and the units of '{}' differ ({} in the data, {} in W)", source,
                                      ids.size(), w.n());
    if (!not_in_w.empty()) message += fmt::format("; ids of the data not in W: {}", some_of(not_in_w));
    if (!not_in_data.empty()) message += fmt::format("; units of W not in the data: {}", some_of(not_in_data));
    throw InputError(message);
}

/// W with its units in the order of `ids`, which must hold exactly W's ids.
SpatialWeights align_units(SpatialWeights w, const std::vector<std::string>& ids, const std::string& source) {
    if (static_cast<Index>(ids.size()) != w.n()) report_mismatch(w, ids, source);
    // Usually the data lists the units in the file's order: one sequential comparison then replaces
    // n hash lookups (W's ids are unique, so the list names each unit once).
    if (ids == w.ids()) return w;
    std::vector<Index> order;
    order.reserve(ids.size());
    std::vector<bool> taken(ids.size(), false);
    for (const std::string& id : ids) {
        const auto index = w.index_of(id);
        if (!index) report_mismatch(w, ids, source);
        if (taken[static_cast<std::size_t>(*index)])
            throw InputError(fmt::format("the list of ids names '{}' twice", id));
        taken[static_cast<std::size_t>(*index)] = true;
        order.push_back(*index);
    }
    if (std::is_sorted(order.begin(), order.end())) return w;
    return w.permuted(order);
}

SpatialWeights read_format(std::string_view text, const std::string& source, WeightsFileFormat format,
                           const std::vector<std::string>& ids) {
    switch (format) {
        case WeightsFileFormat::Gal: return read_gal_text(text, source);
        case WeightsFileFormat::Gwt: return read_gwt_text(text, source, ids);
        case WeightsFileFormat::MatrixMarket: return read_matrix_market_text(text, source);
        case WeightsFileFormat::DenseCsv: return read_dense_csv_text(text, source);
        case WeightsFileFormat::TripletCsv: return read_triplet_csv_text(text, source, ids);
        case WeightsFileFormat::StataText: return read_stata_text(text, source);
    }
    throw std::logic_error("unknown WeightsFileFormat");
}

bool names_its_units(WeightsFileFormat format) {
    return format != WeightsFileFormat::Gwt && format != WeightsFileFormat::TripletCsv;
}

}  // namespace

std::string_view to_string(WeightsFileFormat format) {
    switch (format) {
        case WeightsFileFormat::Gal: return "gal";
        case WeightsFileFormat::Gwt: return "gwt";
        case WeightsFileFormat::MatrixMarket: return "mtx";
        case WeightsFileFormat::DenseCsv: return "dense-csv";
        case WeightsFileFormat::TripletCsv: return "triplet-csv";
        case WeightsFileFormat::StataText: return "stata";
    }
    return "unknown";
}

WeightsFileFormat parse_weights_file_format(std::string_view name) {
    const std::string n = weights_text::ascii_lower(name);
    if (n == "gal") return WeightsFileFormat::Gal;
    if (n == "gwt") return WeightsFileFormat::Gwt;
    if (n == "mtx" || n == "matrix-market" || n == "matrixmarket") return WeightsFileFormat::MatrixMarket;
    if (n == "dense-csv" || n == "csv" || n == "dense") return WeightsFileFormat::DenseCsv;
    if (n == "triplet-csv" || n == "triplet" || n == "edges") return WeightsFileFormat::TripletCsv;
    if (n == "stata" || n == "txt") return WeightsFileFormat::StataText;
    throw InputError("unknown weights file format '" + std::string(name) +
                     "' (choose gal, gwt, mtx, dense-csv, triplet-csv or stata)");
}

WeightsFileFormat format_from_path(const std::string& path) {
    const auto format = format_from_extension(path, WeightsFileFormat::DenseCsv);
    if (!format) unknown_extension(path);
    return *format == WeightsFileFormat::DenseCsv ? csv_layout(*format, first_line(path)) : *format;
}

WeightsFileFormat format_for_writing(const std::string& path) {
    const auto format = format_from_extension(path, WeightsFileFormat::TripletCsv);
    if (!format) unknown_extension(path);
    return *format;
}

SpatialWeights read_weights(const std::string& path, const ReadWeightsOptions& options) {
    const TextFile file(path);
    const std::string_view text = file.text();
    if (options.format) return read_weights_text(text, path, *options.format, options);
    const auto format = format_from_extension(path, WeightsFileFormat::DenseCsv);
    if (!format) unknown_extension(path);
    return read_weights_text(text, path, csv_layout(*format, text), options);
}

SpatialWeights read_weights_text(std::string_view text, const std::string& source, WeightsFileFormat format,
                                 const ReadWeightsOptions& options) {
    if (weights_text::is_blank_text(text)) weights_text::throw_empty_file(source);
    // Files do not record the transform: recognise binary and row-standardised weights from the
    // values, so that info reports them and the spectrum can use the symmetric route.
    SpatialWeights w = with_inferred_transform(read_format(text, source, format, options.ids));
    if (options.ids.empty() || !names_its_units(format)) return w;
    return align_units(std::move(w), options.ids, source);
}

std::string write_weights_text(const SpatialWeights& w, WeightsFileFormat format, const WriteWeightsOptions& options) {
    switch (format) {
        case WeightsFileFormat::Gal: return write_gal_text(w, options.geoda);
        case WeightsFileFormat::Gwt: return write_gwt_text(w, options.geoda);
        case WeightsFileFormat::MatrixMarket: return write_matrix_market_text(w);
        case WeightsFileFormat::DenseCsv: return write_dense_csv_text(w);
        case WeightsFileFormat::TripletCsv: return write_triplet_csv_text(w);
        case WeightsFileFormat::StataText: return write_stata_text(w);
    }
    throw std::logic_error("unknown WeightsFileFormat");
}

void write_weights(const SpatialWeights& w, const std::string& path, WeightsFileFormat format,
                   const WriteWeightsOptions& options) {
    write_file_atomically(path, write_weights_text(w, format, options));
}

}  // namespace spillover
