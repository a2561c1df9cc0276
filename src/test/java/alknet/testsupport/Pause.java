package alknet.testsupport;

/** Thread.sleep for fixture loops, turning an interrupt into a test failure instead of a checked exception. */
final class Pause {
    private Pause() {}

    static void millis(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
