package bench.calls;

import com.google.protobuf.Empty;
import com.google.protobuf.Int64Value;
import io.grpc.MethodDescriptor;
import io.grpc.ServerServiceDefinition;
import io.grpc.protobuf.ProtoUtils;
import io.grpc.stub.ServerCalls;

/**
 * The gRPC counterpart of alknet's {@code /node/ping}: a unary {@code bench.Node/Ping}, {@code Empty} in, the time as
 * {@code Int64Value} out, built from protobuf's well-known types (no generated code).
 */
final class GrpcPing {
    static final String SERVICE = "bench.Node";
    static final MethodDescriptor<Empty, Int64Value> PING = MethodDescriptor.<Empty, Int64Value>newBuilder()
            .setType(MethodDescriptor.MethodType.UNARY)
            .setFullMethodName(MethodDescriptor.generateFullMethodName(SERVICE, "Ping"))
            .setRequestMarshaller(ProtoUtils.marshaller(Empty.getDefaultInstance()))
            .setResponseMarshaller(ProtoUtils.marshaller(Int64Value.getDefaultInstance()))
            .build();

    private GrpcPing() {}

    static ServerServiceDefinition service() {
        return ServerServiceDefinition.builder(SERVICE)
                .addMethod(PING, ServerCalls.asyncUnaryCall((request, response) -> {
                    response.onNext(Int64Value.of(System.currentTimeMillis()));
                    response.onCompleted();
                }))
                .build();
    }
}
