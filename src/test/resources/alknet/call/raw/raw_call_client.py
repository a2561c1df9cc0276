#!/usr/bin/env python3
"""A raw-framing call client (30-call-protocol.md section 6) in plain Python 3, as a browser or script would be:
4-byte big-endian length + UTF-8 JSON envelope, __auth first, then one call. Prints every envelope it receives
as one JSON line; exits 0 on call.responded, 1 on call.error, 3 when the server closes the connection."""
import argparse
import json
import socket
import ssl
import struct
import sys
import uuid


def send(sock, envelope):
    body = json.dumps(envelope).encode("utf-8")
    sock.sendall(struct.pack(">I", len(body)) + body)


def recv_exact(sock, n):
    data = b""
    while len(data) < n:
        chunk = sock.recv(n - len(data))
        if not chunk:
            return None
        data += chunk
    return data


def recv(sock):
    header = recv_exact(sock, 4)
    if header is None:
        return None
    (length,) = struct.unpack(">I", header)
    body = recv_exact(sock, length)
    return None if body is None else json.loads(body.decode("utf-8"))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--token", default="")
    parser.add_argument("--tls", action="store_true")
    parser.add_argument("--first-frame", help="send this JSON as the first frame instead of __auth")
    parser.add_argument("--op", default="/node/ping")
    parser.add_argument("--input", default="{}")
    args = parser.parse_args()

    sock = socket.create_connection((args.host, args.port), timeout=10)
    if args.tls:
        context = ssl.create_default_context()
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
        sock = context.wrap_socket(sock)
    if args.first_frame:
        send(sock, json.loads(args.first_frame))
    else:
        send(sock, {"type": "__auth", "id": "", "payload": {"token": args.token}})
    request_id = str(uuid.uuid4())
    try:
        send(sock, {"type": "call.requested", "id": request_id,
                    "payload": {"requestId": request_id, "operationId": args.op, "input": json.loads(args.input)}})
        while True:
            envelope = recv(sock)
            if envelope is None:
                print("CLOSED")
                return 3
            print(json.dumps(envelope), flush=True)
            payload = envelope.get("payload") or {}
            if payload.get("requestId", envelope.get("id")) == request_id:
                if envelope["type"] == "call.responded":
                    return 0
                if envelope["type"] == "call.error":
                    return 1
    except (ConnectionResetError, BrokenPipeError, ssl.SSLError):
        print("CLOSED")
        return 3


if __name__ == "__main__":
    sys.exit(main())
