package io.telemetrypoller.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The agent's package layering (docs/architecture.md), enforced: each layer names the layers it may use,
 * so an import that runs back up fails here with the rule it breaks. From the top:
 *
 * <pre>
 * cli -> agent -> {sink.*, measurement.*, instrument} -> {registry, proc} -> instrument.hook
 *     -> config -> metrics -> core (io.telemetrypoller: Telemetry, Poller, Measurement) -> internal
 * </pre>
 */
class LayeringTest {
    private static final JavaClasses AGENT = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.telemetrypoller");

    @Test
    void layersUseOnlyTheLayersBelowThem() {
        ArchRule rule = layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("cli").definedBy("io.telemetrypoller.cli..")
                .layer("agent").definedBy("io.telemetrypoller.agent..")
                .layer("sinks").definedBy("io.telemetrypoller.sink..")
                .layer("measurements").definedBy("io.telemetrypoller.measurement..")
                .layer("instrumentation").definedBy("io.telemetrypoller.instrument", "io.telemetrypoller.instrument.bootstrap")
                .layer("registry").definedBy("io.telemetrypoller.registry..")
                .layer("proc").definedBy("io.telemetrypoller.proc..")
                .layer("hooks").definedBy("io.telemetrypoller.instrument.hook..")
                .layer("config").definedBy("io.telemetrypoller.config..")
                .layer("metrics").definedBy("io.telemetrypoller.metrics..")
                .layer("core").definedBy("io.telemetrypoller")
                .layer("internal").definedBy("io.telemetrypoller.internal..")
                .whereLayer("cli").mayOnlyAccessLayers("agent", "config", "core", "internal")
                .whereLayer("agent").mayOnlyAccessLayers("sinks", "measurements", "instrumentation", "config",
                        "metrics", "core", "internal")
                .whereLayer("sinks").mayOnlyAccessLayers("config", "metrics", "core", "internal")
                .whereLayer("measurements").mayOnlyAccessLayers("registry", "proc", "config", "core", "internal")
                .whereLayer("instrumentation").mayOnlyAccessLayers("registry", "hooks", "config", "internal")
                .whereLayer("registry").mayOnlyAccessLayers("hooks", "config", "internal")
                .whereLayer("proc").mayOnlyAccessLayers("internal")
                .whereLayer("hooks").mayNotAccessAnyLayer()
                .whereLayer("config").mayOnlyAccessLayers("metrics", "core", "internal")
                .whereLayer("metrics").mayOnlyAccessLayers("internal")
                .whereLayer("core").mayOnlyAccessLayers("internal")
                .whereLayer("internal").mayNotAccessAnyLayer()
                .because("dependencies point one way (docs/architecture.md, 'Layers')");
        rule.check(AGENT);
    }

    @Test
    void sinksDoNotKnowEachOtherExceptTheSharedOnes() {
        // a sink package may use sink/ (Sink, SinkSet, LineOutput) and the JSON encoder, no other sink
        slices().matching("io.telemetrypoller.sink.(*)..").should().notDependOnEachOther()
                .ignoreDependency(com.tngtech.archunit.base.DescribedPredicate.alwaysTrue(),
                        com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage(
                                "io.telemetrypoller.sink.json", "io.telemetrypoller.sink.otel"))
                .check(AGENT);
    }

    @Test
    void onlyTheSinkSetKnowsPollers() {
        // when to flush is decided in one place: sinks are told, they never ask which thread they are on
        noClasses().that().resideInAPackage("io.telemetrypoller.sink..")
                .and().doNotHaveFullyQualifiedName("io.telemetrypoller.sink.SinkSet")
                .should().dependOnClassesThat().haveNameMatching("io\\.telemetrypoller\\.Poller(\\$.*)?")
                .because("the sink set decides when sinks flush (docs/architecture.md, 'Layers')")
                .check(AGENT);
    }

    @Test
    void noCyclesBetweenPackages() {
        slices().matching("io.telemetrypoller.(**)").should().beFreeOfCycles().check(AGENT);
    }
}
