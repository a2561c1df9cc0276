package alknet.cluster;

/**
 * The head answered a heartbeat with {@code superseded}: another session of the same identity registered this
 * worker's name (40-cluster-ops.md section 2), so this worker stops instead of fighting over the alias.
 */
public final class WorkerSupersededException extends RuntimeException {
    public WorkerSupersededException(String name) {
        super("another worker registered the name '" + name + "' with the same identity, so this one stopped;"
                + " is a second worker running with the same --name and identity?", null, false, false);
    }
}
