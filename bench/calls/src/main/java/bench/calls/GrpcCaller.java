package bench.calls;

import com.google.protobuf.Empty;
import com.google.protobuf.Int64Value;
import io.grpc.CallOptions;
import io.grpc.ChannelCredentials;
import io.grpc.Grpc;
import io.grpc.ManagedChannel;
import io.grpc.TlsChannelCredentials;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.StreamObserver;

import java.io.File;
import java.util.concurrent.TimeUnit;

/**
 * What a user would pick instead: gRPC-java unary calls over TLS (one HTTP/2 connection, certificate verified
 * against the given CA), with the async stub API and the callbacks run directly on the transport's threads.
 */
final class GrpcCaller implements Caller {
    private final ManagedChannel channel;

    private GrpcCaller(ManagedChannel channel) {
        this.channel = channel;
    }

    static GrpcCaller connect(String target, File ca) throws Exception {
        ChannelCredentials tls = TlsChannelCredentials.newBuilder().trustManager(ca).build();
        ManagedChannel channel = Grpc.newChannelBuilder(target, tls).directExecutor().build();
        GrpcCaller caller = new GrpcCaller(channel);
        ClientCalls.blockingUnaryCall(channel, GrpcPing.PING, CallOptions.DEFAULT.withDeadlineAfter(30, TimeUnit.SECONDS),
                Empty.getDefaultInstance()); // connects, and fails here if the server cannot be called
        return caller;
    }

    @Override
    public void call(Completion done) {
        ClientCalls.asyncUnaryCall(channel.newCall(GrpcPing.PING, CallOptions.DEFAULT), Empty.getDefaultInstance(),
                new StreamObserver<Int64Value>() {
                    @Override
                    public void onNext(Int64Value value) {}

                    @Override
                    public void onError(Throwable t) {
                        done.ended(t);
                    }

                    @Override
                    public void onCompleted() {
                        done.ended(null);
                    }
                });
    }

    @Override
    public void close() throws Exception {
        channel.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
    }
}
