package bench.calls;

import java.util.Arrays;

/**
 * Latencies of a fixed number of calls: slot i is written once, by whichever thread ends call i, and read after
 * every call ended (the driver's latch orders the two).
 */
final class Latencies {
    private final long[] nanos;
    private int filled;

    Latencies(int capacity) {
        nanos = new long[capacity];
    }

    void set(int index, long value) {
        nanos[index] = value;
    }

    /** Sorts the first {@code count} values; call once, after they are all set. */
    Latencies sorted(int count) {
        filled = count;
        Arrays.sort(nanos, 0, count);
        return this;
    }

    double percentileMillis(double p) {
        if (filled == 0) {
            return Double.NaN;
        }
        int index = (int) Math.min(filled - 1, Math.max(0, Math.ceil(p / 100.0 * filled) - 1));
        return nanos[index] / 1e6;
    }

    double maxMillis() {
        return filled == 0 ? Double.NaN : nanos[filled - 1] / 1e6;
    }
}
