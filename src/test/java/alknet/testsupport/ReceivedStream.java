package alknet.testsupport;

/**
 * What one connection delivered to a receiving test server: byte count, SHA-256 (hex) of the
 * bytes, and whether it ended with a clean EOF (false: reset or server closed).
 */
public record ReceivedStream(long bytes, String sha256Hex, boolean endedByEof) {}
