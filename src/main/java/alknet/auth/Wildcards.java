package alknet.auth;

/** OpenSSH's {@code match_pattern}: {@code *} matches any run of characters, {@code ?} exactly one. */
final class Wildcards {
    private Wildcards() {}

    static boolean matches(String pattern, String text) {
        int p = 0;
        int t = 0;
        int starAt = -1;
        int starText = 0;
        while (t < text.length()) {
            if (p < pattern.length() && (pattern.charAt(p) == '?' || pattern.charAt(p) == text.charAt(t))) {
                p++;
                t++;
            } else if (p < pattern.length() && pattern.charAt(p) == '*') {
                starAt = p++;
                starText = t;
            } else if (starAt >= 0) {
                p = starAt + 1;
                t = ++starText;
            } else {
                return false;
            }
        }
        while (p < pattern.length() && pattern.charAt(p) == '*') {
            p++;
        }
        return p == pattern.length();
    }
}
