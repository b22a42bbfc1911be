#include "weights/polygon_layer.hpp"

#include <dlfcn.h>

#include <algorithm>
#include <filesystem>
#include <mutex>
#include <stdexcept>
#include <system_error>
#include <vector>

#include "weights/gdal/polygon_reader_module.hpp"

namespace spillover {

namespace {

namespace fs = std::filesystem;

// Where the module may be, in order: next to the running executable (the build tree's spillover, and
// any copy of it with its module beside it), the installed layout (bin/spillover with
// lib/spillover/spillover_gdal.so, CMakeLists.txt's install rules), and the build tree the program was
// built in (the tests and benchmarks, whose executables sit in subfolders of it).
std::vector<fs::path> module_candidates() {
    std::vector<fs::path> candidates;
    std::error_code error;
    const fs::path exe = fs::read_symlink("/proc/self/exe", error);
    if (!error) {
        candidates.push_back(exe.parent_path() / polygon_reader_module_name);
        candidates.push_back(exe.parent_path().parent_path() / "lib" / "spillover" / polygon_reader_module_name);
    }
#ifdef SPILLOVER_BUILD_MODULE_DIR
    const fs::path built = fs::path(SPILLOVER_BUILD_MODULE_DIR) / polygon_reader_module_name;
    if (std::find(candidates.begin(), candidates.end(), built) == candidates.end()) candidates.push_back(built);
#endif
    return candidates;
}

// dlopens the first candidate that exists and returns its entry point. The module stays loaded for
// the life of the process (GDAL keeps global state; unloading it is not worth the risk). Throws
// std::runtime_error naming every path tried and why each failed: this is a broken installation, not
// bad input.
PolygonReaderEntry load_reader() {
    std::string tried;
    for (const fs::path& path : module_candidates()) {
        tried.append(tried.empty() ? "" : "; ").append(path.string());
        std::error_code error;
        if (!fs::exists(path, error)) {
            tried.append(" (no such file)");
            continue;
        }
        void* module = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
        if (module == nullptr) {
            const char* why = dlerror();
            tried.append(" (").append(why ? why : "dlopen failed").append(")");
            continue;
        }
        dlerror();
        if (void* entry = dlsym(module, polygon_reader_symbol)) return reinterpret_cast<PolygonReaderEntry>(entry);
        const char* why = dlerror();
        tried.append(" (").append(why ? why : "no entry point").append(": a module of another version?)");
        dlclose(module);
    }
    throw std::runtime_error(std::string("reading a polygon file needs the GDAL module ") + polygon_reader_module_name +
                             ", which could not be loaded; tried " + tried);
}

PolygonReaderEntry reader() {
    static std::mutex mutex;
    static PolygonReaderEntry entry = nullptr;
    const std::lock_guard lock(mutex);
    if (entry == nullptr) entry = load_reader();  // after a failure, the next call tries again
    return entry;
}

}  // namespace

PolygonLayer read_polygon_layer(const std::string& path, const std::string& id_field, const std::string& layer) {
    PolygonLayer out;
    reader()(path, id_field, layer, out);
    return out;
}

}  // namespace spillover
