package io.telemetrypoller.internal;

/**
 * The name checks the options need, by hand: {@code java.util.regex} costs about 5 ms of class loading and
 * lambda linking the first time it is used, and the options are checked while the host starts.
 */
public final class Syntax {
    private Syntax() {
    }

    /** 1 to {@code max} characters, each an ASCII letter or digit or one of {@code others}. */
    public static boolean isWord(String s, int max, String others) {
        if (s.isEmpty() || s.length() > max) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!isAsciiLetterOrDigit(c) && others.indexOf(c) < 0) {
                return false;
            }
        }
        return true;
    }

    /** A Java identifier as the options accept it: a letter, '_' or '$', then letters, digits, '_' or '$'. */
    public static boolean isIdentifier(String s) {
        return identifierEnd(s, 0) == s.length();
    }

    /** Dot-separated identifiers: {@code com.example.Worker}, {@code Outer$Inner}. */
    public static boolean isQualifiedName(String s) {
        int i = identifierEnd(s, 0);
        while (i > 0 && i < s.length() && s.charAt(i) == '.') {
            i = identifierEnd(s, i + 1);
        }
        return i == s.length();
    }

    /** Four dot-separated groups of 1 to 3 ASCII digits (range not checked: the resolver judges that). */
    public static boolean isIpv4Shape(String s) {
        int groups = 0;
        int digits = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= '0' && c <= '9') {
                if (++digits > 3) {
                    return false;
                }
            } else if (c == '.' && digits > 0 && groups < 3) {
                groups++;
                digits = 0;
            } else {
                return false;
            }
        }
        return groups == 3 && digits > 0;
    }

    /** A lowercase ASCII letter, then up to {@code maxRest} lowercase letters or '_'. */
    public static boolean isLowercaseWord(String s, int maxRest) {
        if (s.isEmpty() || s.length() > maxRest + 1 || !(s.charAt(0) >= 'a' && s.charAt(0) <= 'z')) {
            return false;
        }
        for (int i = 1; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!(c >= 'a' && c <= 'z') && c != '_') {
                return false;
            }
        }
        return true;
    }

    /** Where the identifier starting at {@code from} ends; -1 if none starts there. */
    private static int identifierEnd(String s, int from) {
        if (from >= s.length()) {
            return -1;
        }
        int i = from;
        while (i < s.length()) {
            int cp = s.codePointAt(i);
            boolean ok = cp == '_' || cp == '$' || Character.isLetter(cp) || (i > from && isNumber(cp));
            if (!ok) {
                break;
            }
            i += Character.charCount(cp);
        }
        return i == from ? -1 : i;
    }

    /** Unicode category N: what {@code \p{N}} matches. */
    private static boolean isNumber(int cp) {
        int type = Character.getType(cp);
        return type == Character.DECIMAL_DIGIT_NUMBER || type == Character.LETTER_NUMBER
                || type == Character.OTHER_NUMBER;
    }

    private static boolean isAsciiLetterOrDigit(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    }
}
