package alknet.cluster;

import alknet.api.OperationSpec;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;

/**
 * One worker's entry in the {@code alknet-nodes} map (40-cluster-ops.md section 2): who holds the alias, which head
 * member holds the worker's session, since when, and the worker's operations under their worker-relative names
 * ({@code /service/op}). Stored as JSON text, so every member reads it without shared classes.
 *
 * @param identity       the id of the identity that registered it; only that identity may replace it
 * @param memberId       the cluster member (head) that holds the worker's session
 * @param registrationId unique per registration: a takeover is told apart from the entry it replaced
 */
public record WorkerRegistration(String alias, String identity, String memberId, String registrationId, long since,
                                 List<OperationSpec> specs) {
    public WorkerRegistration {
        specs = List.copyOf(specs);
    }

    public String toJsonText() {
        JsonArray operations = new JsonArray();
        specs.forEach(s -> operations.add(s.toJson()));
        return new JsonObject().put("alias", alias).put("identity", identity).put("headMemberId", memberId)
                .put("registrationId", registrationId).put("since", since).put("specs", operations).encode();
    }

    /** @throws IllegalArgumentException when the text is not an entry this class wrote */
    public static WorkerRegistration fromJsonText(String text) {
        try {
            JsonObject json = new JsonObject(text);
            List<OperationSpec> specs = json.getJsonArray("specs").stream()
                    .map(o -> OperationSpec.fromJson((JsonObject) o)).toList();
            return new WorkerRegistration(json.getString("alias"), json.getString("identity"),
                    json.getString("headMemberId"), json.getString("registrationId"), json.getLong("since"), specs);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("not an alknet-nodes entry: " + e.getMessage(), e);
        }
    }

    /** The same registration, held by another member (a takeover keeps nothing else). */
    public boolean sameRegistration(WorkerRegistration other) {
        return other != null && registrationId.equals(other.registrationId);
    }
}
