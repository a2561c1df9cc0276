package alknet.architecture;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaField;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The package layering of 00-overview.md, kept by the compiler's output: no package cycles, each layer uses only
 * the layers below it, and the embedding API ({@code alknet.api}: options, model types and handles) speaks only its
 * own, JDK and Vert.x types, so it sits at the bottom beside the stream abstractions while its implementation
 * ({@code alknet.api.impl}) assembles everything at the top.
 */
class LayeringTest {
    private static JavaClasses main;

    @BeforeAll
    static void importMainClasses() {
        main = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("alknet");
    }

    @Test
    void noPackageCycles() {
        slices().matching("alknet.(**)").should().beFreeOfCycles().check(main);
    }

    @Test
    void eachLayerUsesOnlyTheLayersBelowIt() {
        layeredArchitecture().consideringOnlyDependenciesInLayers().withOptionalLayers(true)
                .layer("base").definedBy("alknet", "alknet.api", "alknet.stream..", "alknet.log..", "alknet.metrics..")
                .layer("identity").definedBy("alknet.auth..", "alknet.policy..")
                .layer("transport").definedBy("alknet.transport..")
                .layer("ssh-io").definedBy("alknet.ssh.io..", "alknet.ssh.channel..", "alknet.ssh.cipher..")
                .layer("outbound").definedBy("alknet.outbound..", "alknet.ssh.forward..")
                .layer("ssh").definedBy("alknet.ssh")
                .layer("protocol").definedBy("alknet.call..", "alknet.pubsub..")
                .layer("client").definedBy("alknet.client..")
                .layer("config").definedBy("alknet.config..")
                .layer("ops").definedBy("alknet.ops..")
                .layer("cluster").definedBy("alknet.cluster..")
                .layer("assembly").definedBy("alknet.api.impl..")
                .layer("cli").definedBy("alknet.cli..")
                .whereLayer("cli").mayNotBeAccessedByAnyLayer()
                .whereLayer("assembly").mayOnlyBeAccessedByLayers("cli")
                .whereLayer("cluster").mayOnlyBeAccessedByLayers("assembly", "cli")
                .whereLayer("ops").mayOnlyBeAccessedByLayers("cluster", "assembly", "cli")
                .whereLayer("config").mayOnlyBeAccessedByLayers("ops", "cluster", "assembly", "cli")
                .whereLayer("client").mayOnlyBeAccessedByLayers("cluster", "assembly", "cli")
                .whereLayer("protocol").mayOnlyBeAccessedByLayers("client", "config", "ops", "cluster", "assembly", "cli")
                .whereLayer("ssh").mayOnlyBeAccessedByLayers("protocol", "client", "config", "ops", "cluster", "assembly", "cli")
                .whereLayer("outbound").mayOnlyBeAccessedByLayers("ssh", "protocol", "client", "config", "ops", "cluster",
                        "assembly", "cli")
                .whereLayer("ssh-io").mayOnlyBeAccessedByLayers("outbound", "ssh", "protocol", "client", "config", "ops",
                        "cluster", "assembly", "cli")
                .whereLayer("transport").mayOnlyBeAccessedByLayers("ssh-io", "outbound", "ssh", "protocol", "client",
                        "config", "ops", "cluster", "assembly", "cli")
                .check(main);
    }

    @Test
    void theEmbeddingApiIsABottomLayerOfItsOwn() {
        noClasses().that().resideInAPackage("alknet.api")
                .should().dependOnClassesThat().resideInAnyPackage("alknet", "alknet.api.impl..", "alknet.stream..",
                        "alknet.auth..", "alknet.policy..", "alknet.transport..", "alknet.ssh..", "alknet.outbound..",
                        "alknet.call..", "alknet.pubsub..", "alknet.client..", "alknet.config..", "alknet.ops..",
                        "alknet.cluster..", "alknet.cli..", "alknet.log..", "alknet.metrics..")
                .check(main);
    }

    @Test
    void authAndPolicyKnowNothingOfConfigurationOrOperations() {
        noClasses().that().resideInAnyPackage("alknet.auth..", "alknet.policy..")
                .should().dependOnClassesThat().resideInAnyPackage("alknet.config..", "alknet.ops..")
                .check(main);
    }

    @Test
    void transportHandsConnectionsUpThroughAnInterfaceOnly() {
        noClasses().that().resideInAPackage("alknet.transport..")
                .should().dependOnClassesThat().resideInAnyPackage("alknet.ssh..", "alknet.outbound..", "alknet.call..",
                        "alknet.client..", "alknet.config..", "alknet.ops..", "alknet.api.impl..")
                .check(main);
    }

    @Test
    void theEmbeddingApiSpeaksOnlyApiJdkAndVertxTypes() {
        classes().that().resideInAPackage("alknet.api").and().arePublic()
                .should(exposeOnly(Set.of("alknet.api.", "java.", "javax.", "io.vertx.")))
                .check(main);
    }

    /** Public and protected members of a class: parameter, return, field and thrown types within {@code prefixes}. */
    private static ArchCondition<JavaClass> exposeOnly(Set<String> prefixes) {
        DescribedPredicate<JavaClass> allowed = DescribedPredicate.describe("an API, JDK or Vert.x type",
                c -> c.isPrimitive() || c.isArray() && allowedType(c.getBaseComponentType(), prefixes)
                        || allowedType(c, prefixes));
        return new ArchCondition<>("expose only API, JDK and Vert.x types") {
            @Override
            public void check(JavaClass clazz, ConditionEvents events) {
                for (JavaCodeUnit unit : clazz.getCodeUnits()) {
                    if (!isExposed(unit.getModifiers())) {
                        continue;
                    }
                    List<JavaClass> used = new ArrayList<>(unit.getRawParameterTypes());
                    used.add(unit.getRawReturnType());
                    unit.getParameterTypes().forEach(t -> t.getAllInvolvedRawTypes().forEach(used::add));
                    unit.getReturnType().getAllInvolvedRawTypes().forEach(used::add);
                    for (JavaClass type : used) {
                        if (!allowed.test(type)) {
                            events.add(SimpleConditionEvent.violated(unit, unit.getFullName() + " exposes " + type.getName()));
                        }
                    }
                }
                for (JavaField field : clazz.getFields()) {
                    if (isExposed(field.getModifiers()) && !allowed.test(field.getRawType())) {
                        events.add(SimpleConditionEvent.violated(field, field.getFullName() + " exposes "
                                + field.getRawType().getName()));
                    }
                }
            }
        };
    }

    private static boolean isExposed(Set<JavaModifier> modifiers) {
        return modifiers.contains(JavaModifier.PUBLIC) || modifiers.contains(JavaModifier.PROTECTED);
    }

    private static boolean allowedType(JavaClass c, Set<String> prefixes) {
        return c.isPrimitive() || prefixes.stream().anyMatch(p -> c.getName().startsWith(p));
    }
}
