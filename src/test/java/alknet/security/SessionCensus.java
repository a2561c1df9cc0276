package alknet.security;

import alknet.api.impl.ServerNode;
import alknet.ssh.SshInterfaceVerticle;
import alknet.stream.ListenRegistry;
import io.vertx.core.Vertx;

import javax.management.ObjectName;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * What an in-process server (and everything else in this JVM) holds at one moment: the SSH interface's counters,
 * the process's open file descriptors ({@code /proc/self/fd}), live instances of the session classes after a full GC
 * (the JVM's own class histogram, as {@code jcmd GC.class_histogram} prints it) and the remote-forward claims of
 * the listen registry. Tests take one before and wait for one after that is no bigger.
 */
record SessionCensus(int sessions, int unauthenticated, int trackedConnections, int openChannels,
                     int fileDescriptors, Map<String, Long> liveInstances, long remoteForwardClaims) {
    /** Session-bound classes whose instances must not outlive their sessions, server and client side. */
    static final List<String> SESSION_CLASSES = List.of(
            "org.apache.sshd.server.session.ServerSessionImpl",
            "org.apache.sshd.client.session.ClientSessionImpl",
            "alknet.ssh.io.VertxIoSession",
            "alknet.ssh.channel.IncomingChannel",
            "alknet.ssh.forward.ForwardListener",
            "alknet.transport.NetSocketConnection");

    static SessionCensus take(ServerNode server, Vertx vertx) {
        SshInterfaceVerticle ssh = server.sshInterface();
        return new SessionCensus(ssh.activeSessions(), ssh.unauthenticated(), ssh.trackedConnections(),
                ssh.openChannels(), openFileDescriptors(), countLiveInstances(),
                ListenRegistry.of(vertx).describe().stream().filter(c -> c.startsWith("a remote forward")).count());
    }

    /** Polls until a census shows no session, connection, channel or -R claim, and at most {@code baseline}'s
     *  descriptors (plus {@code fdSlack}) and live session objects; returns the last census, or fails with it. */
    static SessionCensus awaitBackTo(SessionCensus baseline, int fdSlack, ServerNode server, Vertx vertx,
                                     Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        SessionCensus now;
        while (true) {
            now = take(server, vertx);
            if (now.isBackTo(baseline, fdSlack)) {
                return now;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("left behind after " + timeout + ":\n  now:      " + now
                        + "\n  baseline: " + baseline);
            }
            Thread.sleep(250);
        }
    }

    boolean isBackTo(SessionCensus baseline, int fdSlack) {
        if (sessions != 0 || unauthenticated != 0 || trackedConnections != 0 || openChannels != 0
                || remoteForwardClaims != 0 || fileDescriptors > baseline.fileDescriptors + fdSlack) {
            return false;
        }
        return liveInstances.entrySet().stream()
                .allMatch(e -> e.getValue() <= baseline.liveInstances.getOrDefault(e.getKey(), 0L));
    }

    static int openFileDescriptors() {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return (int) fds.count();
        } catch (IOException e) {
            throw new IllegalStateException("cannot list /proc/self/fd", e);
        }
    }

    /** Live instances per {@link #SESSION_CLASSES} after a full GC (the histogram command collects first). */
    static Map<String, Long> countLiveInstances() {
        String histogram;
        try {
            histogram = (String) ManagementFactory.getPlatformMBeanServer().invoke(
                    new ObjectName("com.sun.management:type=DiagnosticCommand"), "gcClassHistogram",
                    new Object[] {new String[0]}, new String[] {String[].class.getName()});
        } catch (Exception e) {
            throw new IllegalStateException("class histogram not available", e);
        }
        Map<String, Long> counts = new LinkedHashMap<>();
        SESSION_CLASSES.forEach(c -> counts.put(c, 0L));
        for (String line : histogram.split("\n")) {
            // " num:  #instances  #bytes  class name (module)"
            String[] f = line.trim().split("\\s+");
            if (f.length >= 4 && counts.containsKey(f[3])) {
                counts.put(f[3], Long.parseLong(f[1]));
            }
        }
        return counts;
    }
}
