package io.celeryapi.test;

/**
 * The outcome of a finished {@code /usr/bin/python3} run started by {@link PythonCelery}.
 *
 * @param exitCode the process exit code (a process killed on timeout reports the signal's code)
 * @param stdout everything the process wrote to stdout (UTF-8)
 * @param stderr everything the process wrote to stderr (UTF-8)
 */
public record PythonRun(int exitCode, String stdout, String stderr) {

  /**
   * Returns {@link #stdout()} when the exit code is 0.
   *
   * @return stdout
   * @throws AssertionError with both streams when the exit code is not 0
   */
  public String stdoutOrFail() {
    if (exitCode != 0) {
      throw new AssertionError(
          "python3 exited with code "
              + exitCode
              + "\n--- stdout ---\n"
              + stdout
              + "\n--- stderr ---\n"
              + stderr);
    }
    return stdout;
  }
}
