package alknet.testsupport;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.DoublePredicate;

/** A small HTTP client for the ops port with bounded waits. */
public final class OpsProbe {
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final int port;

    public OpsProbe(int port) {
        this.port = port;
    }

    public HttpResponse<String> get(String path) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(3)).GET().build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    public void awaitStatus(String path, int status, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        HttpResponse<String> last = null;
        while (System.nanoTime() < deadline) {
            try {
                last = get(path);
                if (last.statusCode() == status) {
                    return;
                }
            } catch (java.io.IOException notListeningYet) {
                // the process is still starting
            }
            Thread.sleep(50);
        }
        throw new AssertionError(path + " did not answer " + status + " within " + timeout + "; last: "
                + (last == null ? "none" : last.statusCode() + " " + last.body()));
    }

    public PrometheusText awaitMetric(String name, DoublePredicate condition, Duration timeout) throws Exception {
        return awaitMetric(name, null, null, condition, timeout);
    }

    public PrometheusText awaitMetric(String name, String label, String value, DoublePredicate condition, Duration timeout)
            throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        double last = Double.NaN;
        while (true) {
            PrometheusText text = PrometheusText.parse(get("/metrics").body());
            last = label == null ? text.value(name) : text.value(name, label, value);
            if (condition.test(last)) {
                return text;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError(name + (label == null ? "" : "{" + label + "=\"" + value + "\"}")
                        + " did not reach the expected value within " + timeout + "; last " + last);
            }
            Thread.sleep(50);
        }
    }
}
