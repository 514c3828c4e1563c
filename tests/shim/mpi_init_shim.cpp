// A stand-in for MPI start-up that cannot start, loaded with LD_PRELOAD ahead of
// libmpi: MPI_Init and MPI_Init_thread say they were reached on stderr, then
// SUANLI_TEST_MPI_INIT=hang sleeps 5 s first (as a singleton whose host name does
// not resolve), anything else ends the process at once with exit code 97. The
// no-MPI e2e tests show that commands which need no other rank never get here.
#include <unistd.h>

#include <cstdlib>
#include <cstring>

namespace {

[[noreturn]] void refuse_to_start() {
  constexpr const char message[] = "mpi_init_shim: MPI start-up reached\n";
  (void)!::write(STDERR_FILENO, message, sizeof message - 1);
  const char* mode = std::getenv("SUANLI_TEST_MPI_INIT");
  if (mode && std::strcmp(mode, "hang") == 0) ::sleep(5);
  ::_exit(97);
}

}  // namespace

extern "C" int MPI_Init(int*, char***) { refuse_to_start(); }

extern "C" int MPI_Init_thread(int*, char***, int, int*) { refuse_to_start(); }
