package alknet.call.frame;

/** An envelope too large to send in one frame: the peer would close the channel on its length prefix. */
public final class FrameTooLargeException extends RuntimeException {
    private final long size;
    private final int maxFrame;

    public FrameTooLargeException(long size, int maxFrame) {
        super("envelope of " + size + " bytes exceeds the maximum frame of " + maxFrame
                + " bytes; send less data per message or raise --max-frame on both sides", null, false, false);
        this.size = size;
        this.maxFrame = maxFrame;
    }

    public long size() {
        return size;
    }

    public int maxFrame() {
        return maxFrame;
    }
}
