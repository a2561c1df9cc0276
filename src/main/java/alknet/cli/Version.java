package alknet.cli;

import picocli.CommandLine;

/** The version line of {@code alknet --version}. */
public final class Version implements CommandLine.IVersionProvider {
    public static final String VERSION = "0.1.0";

    @Override
    public String[] getVersion() {
        return new String[]{"alknet " + VERSION + " (Java " + System.getProperty("java.version") + ")"};
    }
}
