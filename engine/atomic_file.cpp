#include "engine/atomic_file.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <vector>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "engine/input_error.hpp"

namespace spillover {

namespace {

[[noreturn]] void fail(const std::string& path, int error) {
    throw InputError("cannot write '" + path + "': " + std::strerror(error));
}

void write_all(int fd, std::string_view content, const std::string& path, const std::string& temp) {
    while (!content.empty()) {
        const ssize_t written = ::write(fd, content.data(), content.size());
        if (written < 0) {
            if (errno == EINTR) continue;
            const int error = errno;
            ::close(fd);
            ::unlink(temp.c_str());
            fail(path, error);
        }
        content.remove_prefix(static_cast<std::size_t>(written));
    }
}

}  // namespace

void write_file_atomically(const std::string& path, std::string_view content) {
    const std::filesystem::path target(path);
    const std::filesystem::path dir = target.has_parent_path() ? target.parent_path() : ".";
    std::string temp = (dir / ("." + target.filename().string() + ".XXXXXX")).string();
    std::vector<char> name(temp.begin(), temp.end());
    name.push_back('\0');
    const int fd = ::mkstemp(name.data());
    if (fd < 0) fail(path, errno);
    temp.assign(name.data());
    write_all(fd, content, path, temp);
    // mkstemp creates 0600; an output table should have the usual permissions (0666 minus umask).
    const mode_t mask = ::umask(0);
    ::umask(mask);
    ::fchmod(fd, 0666 & ~mask);
    const int synced = ::fsync(fd);
    const int sync_error = errno;
    const int closed = ::close(fd);
    if (synced != 0 || closed != 0) {
        const int error = synced != 0 ? sync_error : errno;
        ::unlink(temp.c_str());
        fail(path, error);
    }
    if (std::rename(temp.c_str(), path.c_str()) != 0) {
        const int error = errno;
        ::unlink(temp.c_str());
        fail(path, error);
    }
}

}  // namespace spillover
