package alknet.api;

import java.util.Random;

/**
 * How many unauthenticated connections the server takes at once, as OpenSSH's {@code MaxStartups start:rate:full}:
 * below {@code start} all are accepted; from {@code start} on a new one is refused with probability {@code rate}%
 * rising linearly to 100% at {@code full}. {@code N} alone means a hard cap ({@code N:100:N}).
 */
public record Startups(int start, int rate, int full) {
    private static final Random DROP = new Random();

    public Startups {
        if (full < 1 || start < 1 || start > full || rate < 0 || rate > 100) {
            throw new IllegalArgumentException("max-startups must be N or start:rate:full with 1 <= start <= full and"
                    + " rate 0-100, e.g. 100 or 30:30:100");
        }
    }

    public static Startups cap(int full) {
        if (full < 1) {
            throw new IllegalArgumentException("max-startups must be >= 1, got " + full);
        }
        return new Startups(full, 100, full);
    }

    /** {@code "100"} or {@code "30:30:100"}; errors name the accepted forms. */
    public static Startups parse(String text) {
        String[] parts = text.strip().split(":", -1);
        try {
            if (parts.length == 1) {
                return cap(Integer.parseInt(parts[0].strip()));
            }
            if (parts.length == 3) {
                return new Startups(Integer.parseInt(parts[0].strip()), Integer.parseInt(parts[1].strip()),
                        Integer.parseInt(parts[2].strip()));
            }
        } catch (NumberFormatException e) {
            // fall through to the usage message
        }
        throw new IllegalArgumentException("'" + text + "' is not N or start:rate:full; e.g. 100 or 30:30:100");
    }

    /** Whether one more unauthenticated connection is taken while {@code unauthenticated} are in progress. */
    public boolean admits(int unauthenticated) {
        if (unauthenticated >= full) {
            return false;
        }
        if (unauthenticated < start) {
            return true;
        }
        // OpenSSH's drop: rate% at start, rising linearly to 100% at full.
        int dropPercent = rate + (100 - rate) * (unauthenticated - start) / Math.max(1, full - start);
        return DROP.nextInt(100) >= dropPercent;
    }

    @Override
    public String toString() {
        return start == full && rate == 100 ? Integer.toString(full) : start + ":" + rate + ":" + full;
    }
}
