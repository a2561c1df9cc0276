package alknet.call.operation;

import alknet.api.AccessControl;
import alknet.api.OperationType;
import alknet.api.OperationSpec;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** 30-call-protocol.md section 3: the spec and its camelCase JSON form. */
class OperationSpecTest {
    @Test
    void serialisesInCamelCaseAndReadsBack() {
        OperationSpec spec = OperationSpec.builder("/fs/readFile", OperationType.QUERY)
                .inputSchema(new JsonObject().put("type", "object"))
                .outputSchema(new JsonObject().put("type", "string"))
                .accessControl(new AccessControl(List.of("fs:read"), List.of("a", "b"), "path", "read"))
                .description("Reads a file").version("2").build();
        JsonObject json = spec.toJson();
        assertThat(json.fieldNames()).containsExactlyInAnyOrder("name", "namespace", "type", "inputSchema",
                "outputSchema", "accessControl", "description", "version");
        assertThat(json.getString("namespace")).isEqualTo("fs");
        assertThat(json.getString("type")).isEqualTo("query");
        assertThat(json.getJsonObject("accessControl").fieldNames()).containsExactlyInAnyOrder("requiredScopes",
                "requiredScopesAny", "resourceType", "resourceAction");
        assertThat(OperationSpec.fromJson(json)).isEqualTo(spec);
    }

    @Test
    void namespaceDefaultsToTheFirstSegment() {
        assertThat(OperationSpec.builder("/w1/fs/read", OperationType.MUTATION).build().namespace()).isEqualTo("w1");
        assertThat(OperationSpec.builder("/w1/fs/read", OperationType.MUTATION).namespace("fs").build().namespace())
                .isEqualTo("fs");
    }

    @Test
    void badNamesAndFieldsAreRefusedWithTheirName() {
        for (String bad : new String[] {"fs/read", "/fs", "/fs/", "//x", "/fs/re ad", ""}) {
            assertThatThrownBy(() -> OperationSpec.builder(bad, OperationType.QUERY).build())
                    .as(bad).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("/service/op");
        }
        assertThatThrownBy(() -> OperationSpec.fromJson(new JsonObject().put("name", "/a/b").put("type", "stream")))
                .hasMessageContaining("query, mutation or subscription");
        assertThatThrownBy(() -> OperationSpec.fromJson(new JsonObject().put("name", "/a/b").put("type", "query")
                .put("inputSchema", "x"))).hasMessageContaining("inputSchema");
        assertThatThrownBy(() -> OperationSpec.fromJson(new JsonObject().put("name", "/a/b").put("type", "query")
                .put("accessControl", new JsonObject().put("requiredScopes", new JsonArray().add(1)))))
                .hasMessageContaining("requiredScopes");
    }
}
