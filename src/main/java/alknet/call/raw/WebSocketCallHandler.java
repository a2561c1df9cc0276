package alknet.call.raw;

import alknet.call.CallRouterVerticle;
import alknet.call.carrier.WebSocketFrameCarrier;
import alknet.stream.TransportInfo;
import alknet.stream.TransportKind;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.net.SocketAddress;

/**
 * Raw framing on a WebSocket (30-call-protocol.md section 6, path {@code /call}): one envelope per text message,
 * {@code __auth} first, then served by the router. Mount it for that path on WebSocket listeners, e.g.
 * {@code httpServer.webSocketHandler(ws -> { if ("/call".equals(ws.path())) handler.handle(ws); else ... })},
 * and set {@code HttpServerOptions.setMaxWebSocketMessageSize} to the router's maximum frame.
 */
public final class WebSocketCallHandler implements Handler<ServerWebSocket> {
    public static final String PATH = "/call";

    private final TokenAuthenticator authenticator;
    private final CallRouterVerticle router;

    public WebSocketCallHandler(TokenAuthenticator authenticator, CallRouterVerticle router) {
        this.authenticator = authenticator;
        this.router = router;
    }

    /** Call on the socket's context (where Vert.x delivers it). */
    @Override
    public void handle(ServerWebSocket socket) {
        SocketAddress remote = socket.remoteAddress();
        TransportInfo transport = new TransportInfo(TransportKind.WS,
                remote.hostAddress() == null ? remote.host() : remote.hostAddress(), remote.port(), null);
        WebSocketFrameCarrier carrier = new WebSocketFrameCarrier(socket, Vertx.currentContext(), transport,
                router.options().maxFrame());
        RawAuthGate.guard(carrier, authenticator, router.options().authTimeout(), identity -> router.serve(carrier, identity));
    }
}
