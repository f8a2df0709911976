package io.ferrymq.example.check;

/** One invariant's verdict, with a short explanation of what was found when it fails. */
public record Check(String name, boolean passed, String detail) {
    static Check of(String name, java.util.List<String> violations) {
        if (violations.isEmpty()) {
            return new Check(name, true, "");
        }
        String shown = String.join(", ", violations.subList(0, Math.min(5, violations.size())));
        return new Check(name, false, violations.size() + " violation(s): " + shown
                + (violations.size() > 5 ? ", ..." : ""));
    }
}
