package alknet.transport;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetSocket;

import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

/** The answer a default nginx gives for an unknown path: what stealth mode shows everyone who is not SSH. */
final class NginxNotFound {
    private static final String BODY = "<html>\r\n<head><title>404 Not Found</title></head>\r\n<body>\r\n"
            + "<center><h1>404 Not Found</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n";

    private NginxNotFound() {}

    static void answer(NetSocket socket) {
        String date = DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now(ZoneOffset.UTC));
        String response = "HTTP/1.1 404 Not Found\r\n"
                + "Server: nginx\r\n"
                + "Date: " + date + "\r\n"
                + "Content-Type: text/html\r\n"
                + "Content-Length: " + BODY.getBytes(StandardCharsets.US_ASCII).length + "\r\n"
                + "Connection: close\r\n"
                + "\r\n" + BODY;
        socket.write(Buffer.buffer(response, "US-ASCII")).onComplete(ar -> socket.close());
    }
}
