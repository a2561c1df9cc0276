package alknet.call.env;

import alknet.Addresses;

/**
 * Where an event-bus service takes calls and where aborts for them are published (30-call-protocol.md section 4).
 *
 * @param requests    the request/reply address
 * @param aborts      the address {@code {"requestId"}} aborts are published to
 * @param description what callers are told when nobody serves it, e.g. "namespace fs"
 */
public record BusAddresses(String requests, String aborts, String description) {
    /** {@code alknet.svc.<namespace>} and its abort address. */
    public static BusAddresses namespace(String namespace) {
        return new BusAddresses(Addresses.service(namespace), Addresses.serviceAbort(namespace), "namespace " + namespace);
    }
}
