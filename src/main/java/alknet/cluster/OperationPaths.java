package alknet.cluster;

/** The alias part of {@code /ALIAS/service/op}, the name of a worker's operation through a head. */
final class OperationPaths {
    private OperationPaths() {}

    /** The first path segment when at least two more follow it, else null. */
    static String alias(String operationId) {
        if (operationId == null || !operationId.startsWith("/")) {
            return null;
        }
        int second = operationId.indexOf('/', 1);
        if (second <= 1 || operationId.indexOf('/', second + 1) < 0) {
            return null;
        }
        return operationId.substring(1, second);
    }
}
