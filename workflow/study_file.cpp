#include "workflow/study_file.hpp"

#include <cmath>
#include <filesystem>
#include <limits>
#include <set>
#include <type_traits>

#include <fmt/format.h>
#include <toml++/toml.h>

#include "engine/input_error.hpp"

namespace spillover {

namespace {

namespace fs = std::filesystem;

/// Reads one table's keys, each at most once, and complains about any other.
class TableReader {
public:
    TableReader(const toml::table& table, std::string where, std::string file)
        : table_(table), where_(std::move(where)), file_(std::move(file)) {}

    template <class T, class Apply>
    void read(const char* key, Apply apply) {
        known_.insert(key);
        const toml::node* node = table_.get(key);
        if (!node) return;
        if constexpr (std::is_integral_v<T> && !std::is_same_v<T, bool>) check_whole(*node, key);
        const auto value = node->value<T>();
        if (!value) throw InputError(fmt::format("{}:{}: {}{} has the wrong type", file_, line(*node), where_, key));
        apply(*value);
    }

    /// A count written as a float (draws = 1e3) must be a whole number that fits: toml++ converts a
    /// float to an integer with a cast, undefined beyond the integer's range (draws = 1319e71; found
    /// by fuzz/fuzz_study_file under UBSan).
    void check_whole(const toml::node& node, const char* key) const {
        const auto* f = node.as_floating_point();
        if (!f) return;
        const double v = f->get();
        if (!(std::isfinite(v) && v == std::trunc(v) && std::fabs(v) < 0x1p62))
            throw InputError(fmt::format("{}:{}: {}{} must be a whole number (got {})", file_, line(node), where_, key, v));
    }

    /// A sub-table (`[key]`) or an array (`[[key]]`): TOML's containers, which are no values.
    template <class Container, class Apply>
    void container(const char* key, Apply apply) {
        known_.insert(key);
        const toml::node* node = table_.get(key);
        if (!node) return;
        const Container* c = node->as<Container>();
        if (!c) throw InputError(fmt::format("{}:{}: {}{} has the wrong type", file_, line(*node), where_, key));
        apply(*c);
    }

    /// The line of `key`'s value (for a message about the value itself); 0 when the key is absent.
    std::uint32_t line_of(const char* key) const {
        const toml::node* node = table_.get(key);
        return node ? line(*node) : 0;
    }

    /// InputError for the first key read() was not asked about.
    void reject_unknown() const {
        for (const auto& [key, node] : table_)
            if (!known_.count(std::string(key.str())))
                throw InputError(fmt::format("{}:{}: unknown key {}{}", file_, line(node), where_, key.str()));
    }

private:
    static std::uint32_t line(const toml::node& node) { return node.source().begin.line; }
    const toml::table& table_;
    std::string where_, file_;
    std::set<std::string> known_;
};

std::string relative_to(const fs::path& base, const std::string& path) {
    if (path.empty() || fs::path(path).is_absolute()) return path;
    return (base / path).lexically_normal().string();
}

void read_panel(const toml::table& t, StudyRequest& r, const std::string& file) {
    TableReader p(t, "panel.", file);
    p.read<std::string>("time", [&](const std::string& v) { r.input.time_column = v; });
    p.read<std::string>("effects", [&](const std::string& v) { r.panel.effects = parse_panel_effects(v); });
    p.read<std::string>("estimator", [&](const std::string& v) {
        if (v == "direct") r.panel.estimator = PanelEstimator::Direct;
        else if (v == "lee-yu") r.panel.estimator = PanelEstimator::LeeYu;
        else if (v == "bias-corrected") r.panel.estimator = PanelEstimator::BiasCorrected;
        else throw InputError(fmt::format("{}: panel.estimator \"{}\": use direct, lee-yu or bias-corrected", file, v));
    });
    p.read<std::string>("lag_convention", [&](const std::string& v) { r.panel.convention = parse_lag_convention(v); });
    p.read<bool>("hausman", [&](bool v) { r.hausman = v; });
    p.read<std::string>("dynamic", [&](const std::string& v) { r.panel.dynamic = parse_dynamic_terms(v); });
    p.reject_unknown();
}

void read_weights(const toml::array& list, StudyRequest& r, const fs::path& base, const std::string& file) {
    for (std::size_t i = 0; i < list.size(); ++i) {
        const toml::table* t = list[i].as_table();
        if (!t) throw InputError(fmt::format("{}: [[weights]] entry {} is not a table", file, i + 1));
        TableReader w(*t, "weights.", file);
        StudyWeights sw;
        w.read<std::string>("name", [&](const std::string& v) { sw.name = v; });
        w.read<std::string>("file", [&](const std::string& v) { sw.path = relative_to(base, v); });
        w.read<std::string>("transform", [&](const std::string& v) { sw.transform = v; });
        w.reject_unknown();
        if (sw.path.empty()) throw InputError(fmt::format("{}: [[weights]] entry {} has no file", file, i + 1));
        if (sw.name.empty()) sw.name = fs::path(sw.path).stem().string();
        r.weights.push_back(sw);
    }
}

}  // namespace

StudyFile read_study_file(const std::string& path) {
    toml::table root;
    try {
        root = toml::parse_file(path);
    } catch (const toml::parse_error& e) {
        if (!fs::exists(path)) throw InputError(fmt::format("cannot open study file {}", path));
        throw InputError(fmt::format("{}:{}:{}: {}", path, e.source().begin.line, e.source().begin.column, e.description()));
    }
    const fs::path base = fs::path(path).parent_path();
    StudyFile study;
    StudyRequest& r = study.request;
    TableReader top(root, "", path);
    top.read<std::string>("data", [&](const std::string& v) { r.input.data_path = relative_to(base, v); });
    top.read<std::string>("formula", [&](const std::string& v) { r.formula = v; });
    top.read<std::string>("id", [&](const std::string& v) { r.input.id_column = v; });
    top.read<double>("alpha", [&](double v) { r.alpha = v; });
    top.container<toml::table>("panel", [&](const toml::table& t) { read_panel(t, r, path); });
    top.container<toml::array>("weights", [&](const toml::array& a) { read_weights(a, r, base, path); });
    top.container<toml::table>("impacts", [&](const toml::table& t) {
        TableReader i(t, "impacts.", path);
        // TOML's integers have 64 bits, the number of draws an int: checked here rather than wrapped
        // (draws = 4294967298 ran 2 draws).
        i.read<std::int64_t>("draws", [&](std::int64_t v) {
            if (v < 0 || v > std::numeric_limits<int>::max())
                throw InputError(fmt::format("{}:{}: impacts.draws = {} is not a number of draws (0 to {})", path,
                                             i.line_of("draws"), v, std::numeric_limits<int>::max()));
            r.impacts.draws = static_cast<int>(v);
        });
        i.read<std::int64_t>("seed", [&](std::int64_t v) { r.impacts.seed = static_cast<std::uint64_t>(v); });
        i.reject_unknown();
    });
    top.container<toml::table>("output", [&](const toml::table& t) {
        TableReader o(t, "output.", path);
        StudyOutputs& out = study.outputs;
        for (auto [key, field] : {std::pair{"json", &out.json}, std::pair{"latex", &out.latex},
                                  std::pair{"markdown", &out.markdown}, std::pair{"figures", &out.figures}})
            o.read<std::string>(key, [&, field = field](const std::string& v) { *field = relative_to(base, v); });
        o.read<std::string>("figure_format", [&](const std::string& v) { out.figure_format = v; });
        o.reject_unknown();
    });
    top.reject_unknown();
    return study;
}

}  // namespace spillover
