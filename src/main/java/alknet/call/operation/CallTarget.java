package alknet.call.operation;

import alknet.api.AbortSignal;
import alknet.api.CallPeer;
import alknet.api.Identity;

/**
 * Something that runs calls: a node's own operations, or a worker reached through a head (40-cluster-ops.md
 * section 2). Every outcome reaches the sink once unless {@code abort} fires first.
 */
public interface CallTarget {
    /**
     * @param caller the authenticated identity the call runs as
     * @param origin the control connection the call came on, or null (local code, event bus)
     */
    void dispatch(Identity caller, CallPeer origin, CallRequest request, AbortSignal abort, CallSink sink);
}
