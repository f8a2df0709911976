package io.ferrymq.example.scenario;

/** How a scenario restarts the broker the services use (a script for the command line, the harness in tests). */
@FunctionalInterface
public interface BrokerControl {
    /** Stops the broker and starts it again on the same port and store; returns once it serves again. */
    void restart() throws Exception;

    /** A broker restarted by a shell command, e.g. {@code bin/ferry-servers restart-broker}. */
    static BrokerControl command(String command) {
        return () -> {
            Process p = new ProcessBuilder("bash", "-c", command).inheritIO().start();
            if (p.waitFor() != 0) {
                throw new IllegalStateException("'" + command + "' failed with status " + p.exitValue());
            }
        };
    }
}
