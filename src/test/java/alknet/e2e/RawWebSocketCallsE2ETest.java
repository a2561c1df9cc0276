package alknet.e2e;

import alknet.api.AuthOptions;
import alknet.api.ListenerOptions;
import alknet.auth.PrivateKeyFiles;
import alknet.auth.TokenIssuer;
import alknet.testsupport.AlknetTestNodes;
import io.vertx.core.Promise;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The raw call carrier on a WebSocket listener's {@code /call} path (30-call-protocol.md section 6): one envelope per
 * text message, a token in {@code __auth} first; a bad token closes that socket only, and SSH on the same listener
 * goes on.
 */
@Timeout(60)
class RawWebSocketCallsE2ETest {
    @Test
    void aTokenAuthenticatedWebSocketCallsAndABadTokenIsClosed() throws Exception {
        try (AlknetTestNodes nodes = AlknetTestNodes.start(o -> o.addListener(ListenerOptions.webSocket("127.0.0.1", 0, null, null))
                .auth(o.auth().withTokens(AuthOptions.Tokens.ENABLED)))) {
            int wsPort = nodes.server().sshPorts().get(1);
            String token = new TokenIssuer(PrivateKeyFiles.load(nodes.clientKey()), Clock.systemUTC()).issue(Duration.ofSeconds(60));
            WebSocketClient client = nodes.vertx().createWebSocketClient();

            BlockingQueue<String> received = new ArrayBlockingQueue<>(16);
            WebSocket ws = AlknetTestNodes.await(client.connect(new WebSocketConnectOptions().setPort(wsPort)
                    .setHost("127.0.0.1").setURI("/call")));
            ws.textMessageHandler(received::add);
            ws.writeTextMessage(new JsonObject().put("type", "__auth").put("id", "").put("payload", new JsonObject().put("token", token)).encode());
            String requestId = UUID.randomUUID().toString();
            ws.writeTextMessage(new JsonObject().put("type", "call.requested").put("id", requestId).put("payload",
                    new JsonObject().put("requestId", requestId).put("operationId", "/node/ping").put("input", new JsonObject())).encode());
            JsonObject reply = new JsonObject(received.poll(10, TimeUnit.SECONDS));
            assertThat(reply.getString("type")).isEqualTo("call.responded");
            assertThat(reply.getJsonObject("payload").getJsonObject("output").getBoolean("pong")).isTrue();

            WebSocket forged = AlknetTestNodes.await(client.connect(new WebSocketConnectOptions().setPort(wsPort)
                    .setHost("127.0.0.1").setURI("/call")));
            Promise<Void> closed = Promise.promise();
            forged.closeHandler(v -> closed.tryComplete());
            forged.writeTextMessage(new JsonObject().put("type", "__auth").put("id", "").put("payload", new JsonObject().put("token", "forged")).encode());
            AlknetTestNodes.await(closed.future());

            assertThat(nodes.connect(o -> o.noSocks5().transport(alknet.api.Transport.WS).server("127.0.0.1", wsPort)).connected())
                    .as("SSH over WebSocket on the same listener").isTrue();
            AlknetTestNodes.await(client.close());
        }
    }
}
