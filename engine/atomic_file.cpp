#include "engine/atomic_file.hpp"

#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <thread>
#include <vector>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "engine/input_error.hpp"

namespace spillover {

namespace {

// The temporary file being written, for the signal handler: a fixed buffer (a handler may not touch
// a std::string another thread is changing) and a flag set after the name is complete. Outputs are
// written one at a time, from one thread.
char g_in_flight[4096];
volatile std::sig_atomic_t g_has_in_flight = 0;

void set_in_flight(const std::string& temp) {
    if (temp.size() >= sizeof g_in_flight) return;  // not removable on a signal: only a stray temp file
    temp.copy(g_in_flight, temp.size());
    g_in_flight[temp.size()] = '\0';
    g_has_in_flight = 1;
}

void clear_in_flight() { g_has_in_flight = 0; }

extern "C" void remove_in_flight_and_reraise(int signal_number) {
    if (g_has_in_flight) ::unlink(g_in_flight);  // async-signal-safe, as are signal() and raise()
    std::signal(signal_number, SIG_DFL);
    std::raise(signal_number);
}

/// Milliseconds to wait between writing the temporary file and renaming it, from the environment
/// variable SPILLOVER_TEST_RENAME_DELAY_MS: the interrupted-run test sends its signal inside that
/// window, where a run is most exposed. Unset (every real run): no wait.
void test_delay_before_rename() {
    static const long delay = [] {
        const char* text = std::getenv("SPILLOVER_TEST_RENAME_DELAY_MS");
        return text ? std::strtol(text, nullptr, 10) : 0L;
    }();
    if (delay > 0) std::this_thread::sleep_for(std::chrono::milliseconds(delay));
}

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
    set_in_flight(temp);
    struct ClearOnExit {
        ~ClearOnExit() { clear_in_flight(); }
    } clear_on_exit;
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
    test_delay_before_rename();
    if (std::rename(temp.c_str(), path.c_str()) != 0) {
        const int error = errno;
        ::unlink(temp.c_str());
        fail(path, error);
    }
}

void remove_partial_output_on_signals() {
    for (const int signal_number : {SIGINT, SIGTERM, SIGHUP}) {
        struct sigaction action {};
        action.sa_handler = remove_in_flight_and_reraise;
        sigemptyset(&action.sa_mask);
        ::sigaction(signal_number, &action, nullptr);
    }
}

}  // namespace spillover
