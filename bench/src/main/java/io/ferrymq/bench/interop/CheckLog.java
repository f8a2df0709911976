package io.ferrymq.bench.interop;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs named checks and prints one line per check: {@code PASS name (detail)} or
 * {@code FAIL name: reason}. A check fails by throwing; the next check runs regardless.
 */
public final class CheckLog {
    /** One check's body: returns a short detail for the PASS line, throws to fail. */
    @FunctionalInterface
    public interface Check {
        String run() throws Exception;
    }

    private final PrintStream out;
    private final List<String> failed = new ArrayList<>();
    private int passed;

    public CheckLog(PrintStream out) {
        this.out = out;
    }

    /** Runs {@code check} and prints its outcome; true when it passed. */
    public boolean check(String name, Check check) {
        try {
            String detail = check.run();
            passed++;
            out.println("PASS " + name + (detail == null || detail.isEmpty() ? "" : " (" + detail + ")"));
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return fail(name, "interrupted");
        } catch (Exception | AssertionError e) {
            return fail(name, e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    private boolean fail(String name, String reason) {
        failed.add(name);
        out.println("FAIL " + name + ": " + reason);
        return false;
    }

    /** Fails the current check with {@code message} unless {@code condition} holds. */
    public static void expect(boolean condition, String message) {
        if (!condition) {
            throw new AssertionError(message);
        }
    }

    public int passed() {
        return passed;
    }

    public List<String> failed() {
        return List.copyOf(failed);
    }
}
