package bench.calls;

import io.grpc.Grpc;
import io.grpc.Server;
import io.grpc.TlsServerCredentials;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Load generators of the call-protocol rows of bench/run.sh (spec 90-benchmarks.md), one subcommand each:
 * <pre>
 * alknet  --server H:P --identity KEY --user U [--cipher C] [--operation /node/ping] [LOAD]
 * grpc    --target 127.0.0.1:P --ca CERT.pem [LOAD]
 * grpc-server --port-file F --cert CERT.pem --key KEY.pem
 * workers --server H:P --identity KEY --user U --count N [--parallel 16] [--prefix w]
 * LOAD: [--in-flight 64] [--warmup-seconds 10] [--seconds 10] [--rate 5000] [--rate-seconds 10]
 * </pre>
 * A load run warms up (closed loop, unrecorded), then prints a "throughput ..." line (the closed loop with
 * --in-flight calls outstanding) and a "latency ..." line (the open loop at --rate calls/s).
 */
public final class CallBench {
    private CallBench() {}

    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            throw new IllegalArgumentException("usage: CallBench alknet|grpc|grpc-server|workers --flag value ...");
        }
        Map<String, String> flags = flags(args);
        switch (args[0]) {
            case "alknet" -> {
                String[] server = hostPort(required(flags, "--server"));
                try (Caller caller = AlknetCaller.connect(server[0], Integer.parseInt(server[1]),
                        Path.of(required(flags, "--identity")), required(flags, "--user"), flags.get("--cipher"),
                        flags.getOrDefault("--operation", "/node/ping"))) {
                    load(caller, flags, "alknet");
                }
            }
            case "grpc" -> {
                try (Caller caller = GrpcCaller.connect(required(flags, "--target"), new File(required(flags, "--ca")))) {
                    load(caller, flags, "grpc");
                }
            }
            case "grpc-server" -> grpcServer(flags);
            case "workers" -> {
                String[] server = hostPort(required(flags, "--server"));
                Workers.run(server[0], Integer.parseInt(server[1]), Path.of(required(flags, "--identity")),
                        required(flags, "--user"), Integer.parseInt(required(flags, "--count")),
                        Integer.parseInt(flags.getOrDefault("--parallel", "16")), flags.getOrDefault("--prefix", "w"));
            }
            default -> throw new IllegalArgumentException("unknown subcommand " + args[0]);
        }
        System.exit(0); // client libraries may leave non-daemon threads behind
    }

    private static void load(Caller caller, Map<String, String> flags, String label) throws Exception {
        int inFlight = Integer.parseInt(flags.getOrDefault("--in-flight", "64"));
        double warmup = Double.parseDouble(flags.getOrDefault("--warmup-seconds", "10"));
        double seconds = Double.parseDouble(flags.getOrDefault("--seconds", "10"));
        int rate = Integer.parseInt(flags.getOrDefault("--rate", "5000"));
        double rateSeconds = Double.parseDouble(flags.getOrDefault("--rate-seconds", "10"));
        LoadDriver driver = new LoadDriver(caller);
        System.err.println("# " + label + ": warm-up " + warmup + " s");
        LoadDriver.Throughput warm = driver.closedLoop(inFlight, warmup);
        System.err.println("# " + warm.line(label + "-warmup"));
        LoadDriver.Throughput closed = driver.closedLoop(inFlight, seconds);
        System.out.println(closed.line(label));
        LoadDriver.Latency open = driver.openLoop(rate, rateSeconds);
        System.out.println(open.line(label));
        System.out.println("total " + label + " calls=" + (warm.calls() + closed.calls() + open.calls()));
        System.out.flush();
    }

    private static void grpcServer(Map<String, String> flags) throws Exception {
        TlsServerCredentials tls = (TlsServerCredentials) TlsServerCredentials.create(
                new File(required(flags, "--cert")), new File(required(flags, "--key")));
        Server server = Grpc.newServerBuilderForPort(0, tls).directExecutor().addService(GrpcPing.service()).build().start();
        Path portFile = Path.of(required(flags, "--port-file"));
        Path partial = portFile.resolveSibling(portFile.getFileName() + ".tmp");
        Files.writeString(partial, Integer.toString(server.getPort()));
        Files.move(partial, portFile);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> server.shutdownNow()));
        server.awaitTermination(1, TimeUnit.DAYS);
    }

    private static Map<String, String> flags(String[] args) {
        Map<String, String> flags = new HashMap<>();
        for (int i = 1; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("expected --flag value at " + args[i]);
            }
            flags.put(args[i], args[++i]);
        }
        return flags;
    }

    private static String required(Map<String, String> flags, String name) {
        String value = flags.get(name);
        if (value == null) {
            throw new IllegalArgumentException("missing " + name);
        }
        return value;
    }

    private static String[] hostPort(String value) {
        int colon = value.lastIndexOf(':');
        return new String[] {value.substring(0, colon), value.substring(colon + 1)};
    }
}
