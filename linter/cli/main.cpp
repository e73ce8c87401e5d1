#include <unistd.h>

#include <iostream>

#include "cli/app.h"

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  try {
    return seslint::cli::run(args, std::cout, std::cerr, isatty(STDOUT_FILENO) != 0);
  } catch (const std::exception& e) {
    std::cerr << "seslint: internal error: " << e.what() << "\n";
    return seslint::cli::kExitFailure;
  }
}
