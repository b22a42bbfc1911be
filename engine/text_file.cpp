#include "engine/text_file.hpp"

#include <cerrno>
#include <cstring>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "engine/input_error.hpp"

namespace spillover {

namespace {
[[noreturn]] void cannot_open(const std::string& path, int error) {
    throw InputError("cannot open '" + path + "': " + std::strerror(error));
}
}  // namespace

std::string read_text_file(const std::string& path) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) cannot_open(path, errno);
    struct Closer {
        int fd;
        ~Closer() { ::close(fd); }
    } closer{fd};

    struct stat info {};
    if (::fstat(fd, &info) == 0 && S_ISDIR(info.st_mode)) cannot_open(path, EISDIR);

    // Size + 1 so that a regular file is read by one read() and the next returns 0; a pipe or a
    // file of unknown size grows the buffer by doubling.
    std::string data(info.st_size > 0 ? static_cast<std::size_t>(info.st_size) + 1 : std::size_t{1} << 16, '\0');
    std::size_t used = 0;
    for (;;) {
        if (used == data.size()) data.resize(2 * data.size());
        const ssize_t n = ::read(fd, data.data() + used, data.size() - used);
        if (n < 0) {
            if (errno == EINTR) continue;
            throw InputError("cannot read '" + path + "': " + std::strerror(errno));
        }
        if (n == 0) break;
        used += static_cast<std::size_t>(n);
    }
    data.resize(used);
    return data;
}

}  // namespace spillover
