package io.ferrymq.common;

/**
 * Topic and broker permission bits ({@code perm} in topic configs and route data).
 *
 * <pre>
 *   bit 3   bit 2   bit 1   bit 0
 *   PRIORITY READ   WRITE   INHERIT
 *   8        4      2       1
 * </pre>
 */
public final class PermName {

    public static final int PERM_PRIORITY = 0x8;
    public static final int PERM_READ = 0x4;
    public static final int PERM_WRITE = 0x2;
    public static final int PERM_INHERIT = 0x1;

    /** Read + write, the usual permission of a topic. */
    public static final int PERM_READ_WRITE = PERM_READ | PERM_WRITE;

    private PermName() {
    }

    public static boolean isReadable(int perm) {
        return (perm & PERM_READ) == PERM_READ;
    }

    public static boolean isWriteable(int perm) {
        return (perm & PERM_WRITE) == PERM_WRITE;
    }

    public static boolean isInherited(int perm) {
        return (perm & PERM_INHERIT) == PERM_INHERIT;
    }

    public static boolean isPriority(int perm) {
        return (perm & PERM_PRIORITY) == PERM_PRIORITY;
    }

    /** Three letters {@code R W X} (inherit), a dash for each missing bit: {@code 6 -> "RW-"}. */
    public static String perm2String(int perm) {
        char[] s = {'-', '-', '-'};
        if (isReadable(perm)) {
            s[0] = 'R';
        }
        if (isWriteable(perm)) {
            s[1] = 'W';
        }
        if (isInherited(perm)) {
            s[2] = 'X';
        }
        return new String(s);
    }
}
