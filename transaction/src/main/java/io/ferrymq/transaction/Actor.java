package io.ferrymq.transaction;

/**
 * Who resolved or answered for a transaction, as recorded in its op records.
 *
 * @param address the connection's remote address (producer or admin), or null when unknown
 * @param reason  an operator's reason (admins only), or null
 */
public record Actor(By by, String address, String reason) {
    /** Longest reason kept; the rest is cut so an op record stays small. */
    public static final int MAX_REASON_LENGTH = 256;

    /** Kinds of actor, with their one-letter code in op records. */
    public enum By {
        PRODUCER("p"),
        ADMIN("a"),
        BROKER("b");

        private final String code;

        By(String code) {
            this.code = code;
        }

        public String code() {
            return code;
        }

        static By ofCode(String code) {
            for (By by : values()) {
                if (by.code.equals(code)) {
                    return by;
                }
            }
            return PRODUCER;
        }
    }

    public Actor {
        address = clean(address);
        reason = clean(reason);
        if (reason != null && reason.length() > MAX_REASON_LENGTH) {
            reason = reason.substring(0, MAX_REASON_LENGTH);
        }
    }

    public static Actor producer(String address) {
        return new Actor(By.PRODUCER, address, null);
    }

    public static Actor admin(String address, String reason) {
        return new Actor(By.ADMIN, address, reason);
    }

    static Actor broker(String address) {
        return new Actor(By.BROKER, address, null);
    }

    /** Control characters would break the property encoding of op records: they become spaces. */
    private static String clean(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        StringBuilder sb = new StringBuilder(text.length());
        text.strip().codePoints().forEach(c -> sb.appendCodePoint(Character.isISOControl(c) ? ' ' : c));
        return sb.toString();
    }
}
