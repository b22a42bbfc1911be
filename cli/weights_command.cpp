// `spillover weights build | info | convert`: spatial weights from polygons, points or attributes,
// their diagnostics, and conversion between file formats. The meaning of every option lives in
// weights/weights_request.hpp; this file only maps options onto it.

#include <iostream>

#include <fmt/format.h>

#include "cli/commands.hpp"
#include "engine/input_error.hpp"
#include "weights/weights_io.hpp"
#include "weights/weights_request.hpp"
#include "weights/weights_summary.hpp"

namespace spillover::cli {

namespace {

struct BuildArguments {
    WeightsRequest request;
    std::string contiguity, nested, kernel, coords, symmetrise, transform, separator, file_format, output;
    int knn = 0, adaptive = 0, kernel_k = 0;
    double band = 0, inverse = 0, exponential = 0, bandwidth = 0, cutoff = 0, snap = 0;
    std::string economic, block;
    bool no_islands = false;
};

struct InfoArguments {
    std::string path, format = "text", file_format, output;
    bool no_spectrum = false;
};

struct ConvertArguments {
    std::string input, output, from, to, transform;
};

/// The one method the options name; an error when none or several are given.
WeightsMethod chosen_method(const CLI::App& build, const BuildArguments& a) {
    const std::vector<std::pair<const char*, WeightsMethod>> methods{
        {"--contiguity", WeightsMethod::Contiguity}, {"--knn", WeightsMethod::Knn},
        {"--distance-band", WeightsMethod::DistanceBand}, {"--inverse-distance", WeightsMethod::InverseDistance},
        {"--exponential", WeightsMethod::Exponential}, {"--kernel", WeightsMethod::Kernel},
        {"--economic", WeightsMethod::Economic}, {"--nested", WeightsMethod::NestedProduct}, {"--block", WeightsMethod::Block}};
    std::vector<std::string> given;
    WeightsMethod method = WeightsMethod::Contiguity;
    for (const auto& [flag, m] : methods)
        if (build.count(flag) > 0) {
            given.emplace_back(flag);
            method = m;
        }
    if (given.size() != 1)
        throw InputError(given.empty() ? "name one method: --contiguity, --knn, --distance-band, --inverse-distance, "
                                         "--exponential, --kernel, --economic, --nested or --block"
                                       : fmt::format("name one method, got {}", fmt::join(given, " and ")));
    if (method == WeightsMethod::NestedProduct && a.nested == "mix") method = WeightsMethod::NestedMix;
    return method;
}

void split_coords(const std::string& coords, WeightsRequest& r) {
    const auto comma = coords.find(',');
    if (comma == std::string::npos || comma == 0 || comma + 1 == coords.size())
        throw InputError("--coords takes two column names separated by a comma, e.g. --coords X,Y");
    r.x_column = coords.substr(0, comma);
    r.y_column = coords.substr(comma + 1);
}

int run_build(const CLI::App& build, BuildArguments& a) {
    WeightsRequest& r = a.request;
    r.method = chosen_method(build, a);
    if (!a.coords.empty()) split_coords(a.coords, r);
    r.csv.separator = csv_separator(a.separator);
    if (!a.contiguity.empty()) r.contiguity.rule = parse_contiguity_rule(a.contiguity);
    if (build.count("--snap")) r.contiguity.snap = a.snap;
    r.k = a.knn;
    r.band = a.band;
    if (build.count("--inverse-distance")) r.power = a.inverse;
    if (build.count("--exponential")) r.scale = a.exponential;
    if (build.count("--cutoff")) r.cutoff = a.cutoff;
    if (!a.kernel.empty()) r.kernel.function = parse_kernel_function(a.kernel);
    if (build.count("--bandwidth")) r.kernel.bandwidth = a.bandwidth;
    if (build.count("--adaptive")) {
        r.kernel.adaptive = true;
        r.kernel.k = a.adaptive;
    } else if (build.count("--kernel-k")) {
        r.kernel.k = a.kernel_k;
    }
    r.attribute_column = !a.economic.empty() ? a.economic : a.block;
    if (!a.symmetrise.empty()) r.symmetrise = a.symmetrise == "average" ? SymmetriseRule::Average : SymmetriseRule::Union;
    if (!a.transform.empty()) r.transform = parse_weights_transform(a.transform);
    r.allow_islands = !a.no_islands;

    const BuiltWeights built = build_weights(r);
    const WeightsFileFormat format = a.file_format.empty() ? format_for_writing(a.output) : parse_weights_file_format(a.file_format);
    // GAL holds neighbour sets, not weights (GeoDa and spdep re-apply the transform when they read
    // it): write the links of a binary W and say so, rather than refuse the most common request.
    const bool links_only = format == WeightsFileFormat::Gal && built.binary_links &&
                            built.weights.transform() != WeightsTransform::Binary;
    write_weights(links_only ? transformed(built.weights, WeightsTransform::Binary) : built.weights, a.output, format);
    std::cout << fmt::format("wrote {} ({}): {} units, {} links\n", a.output, to_string(format), built.weights.n(),
                             built.weights.links());
    for (const auto& note : built.notes) std::cout << "  " << note << "\n";
    if (links_only)
        std::cout << "  GAL stores the neighbour sets only: the file holds the links; apply the transform when you use it\n";
    return 0;
}

int run_info(InfoArguments& a) {
    ReadWeightsOptions read;
    if (!a.file_format.empty()) read.format = parse_weights_file_format(a.file_format);
    const SpatialWeights w = read_weights(a.path, read);
    const WeightsSummary s = summarise_weights(w, !a.no_spectrum);
    emit(a.format == "json" ? to_json(s).dump(2) + "\n" : fmt::format("Weights: {}\n", a.path) + to_text(s), a.output);
    return 0;
}

int run_convert(ConvertArguments& a) {
    ReadWeightsOptions read;
    if (!a.from.empty()) read.format = parse_weights_file_format(a.from);
    SpatialWeights w = read_weights(a.input, read);
    if (!a.transform.empty()) w = transformed(w, parse_weights_transform(a.transform));
    const WeightsFileFormat format = a.to.empty() ? format_for_writing(a.output) : parse_weights_file_format(a.to);
    write_weights(w, a.output, format);
    std::cout << fmt::format("wrote {} ({}): {} units, {} links\n", a.output, to_string(format), w.n(), w.links());
    return 0;
}

CLI::App* add_build(CLI::App& weights, BuildArguments& a) {
    CLI::App* b = weights.add_subcommand("build", "Build spatial weights and write them to a file");
    b->add_option("--contiguity", a.contiguity, "Polygon contiguity: queen (a shared point) or rook (two shared points, as spdep)")
        ->check(CLI::IsMember({"queen", "rook"}));
    b->add_option("--knn", a.knn, "K nearest neighbours (spdep knearneigh tie rule)");
    b->add_option("--distance-band", a.band, "Binary: neighbours within distance D (0 <= d <= D, spdep dnearneigh)");
    b->add_option("--inverse-distance", a.inverse, "Inverse distance 1/d^P (every pair, or within --cutoff)");
    b->add_option("--exponential", a.exponential, "Exponential decay exp(-d/THETA) (every pair, or within --cutoff)");
    b->add_option("--kernel", a.kernel, "Kernel: uniform, triangular, epanechnikov, bisquare, gaussian (PySAL conventions)");
    b->add_option("--economic", a.economic, "Economic distance 1/|mean_i - mean_j| of COLUMN (means over the rows of each --id)");
    b->add_option("--nested", a.nested, "Nested economic-geographic: product ((1/d^phi)*mean_j/mean) or mix (phi*W_geo + (1-phi)*W_econ); with --economic-column")
        ->check(CLI::IsMember({"product", "mix"}));
    b->add_option("--economic-column", a.economic, "The attribute of --nested");
    b->add_option("--block", a.block, "Block weights: units with the same value of COLUMN are neighbours");
    b->add_option("--shapes", a.request.shapes_path, "Polygons (any OGR source: shp, gpkg, geojson)");
    b->add_option("--id-field", a.request.id_field, "Id field of the polygons (default 1..n in record order)");
    b->add_option("--snap", a.snap, "Contiguity: points at most D apart coincide (default sqrt(machine eps), as poly2nb)");
    b->add_option("--data", a.request.data_path, "Table (CSV or .dta) with coordinates or attributes");
    b->add_option("--coords", a.coords, "Coordinate columns X,Y (longitude,latitude with --lonlat)");
    b->add_option("--id", a.request.id_column, "Id column of the data (default 1..n in row order)");
    b->add_option("--sep", a.separator, "CSV separator (default: detected)");
    b->add_flag("--lonlat", a.request.lonlat, "Coordinates are degrees; distances are great-circle km (spdep's gcdist)");
    b->add_option("--cutoff", a.cutoff, "Inverse distance / exponential / nested: only pairs within this distance");
    b->add_option("--bandwidth", a.bandwidth, "Kernel: fixed bandwidth");
    b->add_option("--adaptive", a.adaptive, "Kernel: adaptive bandwidth, distance to the K-th nearest neighbour");
    b->add_option("--kernel-k", a.kernel_k, "Kernel: fixed bandwidth = the largest K-th nearest-neighbour distance (PySAL default k = 2)");
    b->add_option("--phi", a.request.phi, "Nested: the distance power (product) or geography's share in [0, 1] (mix)");
    b->add_option("--power", a.request.power, "Nested mix: power of the geographic inverse distance")->capture_default_str();
    b->add_option("--order", a.request.order, "Higher-order neighbours: exactly K steps away (spdep nblag)");
    b->add_flag("--cumulative", a.request.cumulative, "With --order: every unit within K steps (spdep nblag_cumul)");
    b->add_option("--symmetrise", a.symmetrise, "Make W symmetric: union (spdep make.sym.nb) or average ((W + W')/2)")
        ->check(CLI::IsMember({"union", "average"}));
    b->add_option("--transform", a.transform, "row (default; kernels: none), binary, spectral, minmax, none")
        ->check(CLI::IsMember({"row", "binary", "spectral", "minmax", "none", "W", "B"}));
    b->add_flag("--no-islands", a.no_islands, "Make units without neighbours an error instead of a warning");
    b->add_option("--format", a.file_format, "File format (default from the extension): gal, gwt, mtx, csv (dense), triplet, stata");
    b->add_option("--output", a.output, "Weights file to write (atomically)")->required();
    return b;
}

}  // namespace

Runner add_weights_command(CLI::App& app) {
    auto build = std::make_shared<BuildArguments>();
    auto info = std::make_shared<InfoArguments>();
    auto convert = std::make_shared<ConvertArguments>();
    CLI::App* weights = app.add_subcommand("weights", "Build, inspect and convert spatial weights");
    weights->require_subcommand(1);
    CLI::App* b = add_build(*weights, *build);

    CLI::App* i = weights->add_subcommand("info", "Diagnose a weights file: neighbours, islands, components, eigenvalues");
    i->add_option("file", info->path, "Weights file (gal, gwt, mtx, csv, Stata txt)")->required();
    i->add_option("--format", info->format, "Output format")->check(CLI::IsMember({"text", "json"}))->capture_default_str();
    i->add_option("--file-format", info->file_format, "Format of the weights file (default from the extension)");
    i->add_flag("--no-spectrum", info->no_spectrum, "Skip the eigenvalues (and the interval of rho)");
    i->add_option("--output", info->output, "Write to FILE instead of standard output");

    CLI::App* c = weights->add_subcommand("convert", "Convert a weights file to another format (optionally transformed)");
    c->add_option("input", convert->input, "Weights file to read")->required();
    c->add_option("output", convert->output, "Weights file to write")->required();
    c->add_option("--from", convert->from, "Format of the input (default from the extension)");
    c->add_option("--to", convert->to, "Format of the output (default from the extension)");
    c->add_option("--transform", convert->transform, "Transform before writing: row, binary, spectral, minmax");

    return [=] {
        if (b->parsed()) return run_build(*b, *build);
        if (i->parsed()) return run_info(*info);
        return run_convert(*convert);
    };
}

}  // namespace spillover::cli
