package alknet.cli;

/** Process exit codes (00-overview.md). */
public final class ExitCodes {
    private ExitCodes() {}

    public static final int OK = 0;
    public static final int FAILURE = 1;
    public static final int USAGE = 2;
    public static final int AUTH_REFUSED = 3;
}
