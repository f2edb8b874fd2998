package dev.rolegate.http;

/**
 * The characters rolegate refuses, in two strengths. PostgreSQL cannot store NUL, logs and terminals
 * interpret other controls, and bidi controls make a name read differently from what it is (Trojan
 * Source, CVE-2021-42574), so both checks run before any resource or database work.
 *
 * <ul>
 *   <li><b>Text</b> (every JSON string, path, query string and header): no C0 control except tab, LF and
 *       CR, no DEL, no C1 control, no lone surrogate.</li>
 *   <li><b>Names</b> that people read (display names, principal names, path segments, query values):
 *       additionally no tab, LF or CR, no line or paragraph separator (U+2028, U+2029), and no bidi
 *       embedding, override or isolate (U+202A-U+202E, U+2066-U+2069).</li>
 * </ul>
 */
public final class Characters {

    private Characters() {
    }

    /** The index of the first character refused in text, or -1 when there is none. */
    public static int firstRefusedInText(CharSequence text) {
        return firstRefused(text, false);
    }

    /** The index of the first character refused in a name, or -1 when there is none. */
    public static int firstRefusedInName(CharSequence text) {
        return firstRefused(text, true);
    }

    /** "U+0000"-style notation of the character at {@code index}, safe to echo: it never is the character itself. */
    public static String describe(CharSequence text, int index) {
        return String.format("U+%04X", (int) text.charAt(index));
    }

    private static int firstRefused(CharSequence text, boolean name) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c) || isRefusedControl(c, name) || (name && isLayoutControl(c))) {
                return i;
            }
        }
        return -1;
    }

    private static boolean isRefusedControl(char c, boolean name) {
        if (c == '\t' || c == '\n' || c == '\r') {
            return name;
        }
        return c < 0x20 || (c >= 0x7F && c <= 0x9F);
    }

    /** Bidi embeddings, overrides and isolates, and the Unicode line and paragraph separators. */
    private static boolean isLayoutControl(char c) {
        return (c >= '\u202A' && c <= '\u202E') || (c >= '\u2066' && c <= '\u2069') || c == '\u2028' || c == '\u2029';
    }
}
