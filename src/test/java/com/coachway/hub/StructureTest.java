package com.coachway.hub;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;

/**
 * The feature packages ({@code com.coachway.hub.<feature>}) depend on each other without cycles, so each can be read,
 * tested and changed from its own package outwards. The check is shown to fail on a cycle made up for it.
 */
class StructureTest {

    private static final ArchRule NO_CYCLES = slices().matching("com.coachway.hub.(*)..").should()
            .beFreeOfCycles();

    @Test
    void theFeaturePackagesAreFreeOfCycles() {
        JavaClasses main = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("com.coachway.hub");

        EvaluationResult result = NO_CYCLES.evaluate(main);

        assertThat(main.size()).as("main classes read").isGreaterThan(150);
        assertThat(result.getFailureReport().getDetails()).isEmpty();
    }

    @Test
    void theCheckFindsACycle() {
        JavaClasses made = new ClassFileImporter().importPackages("com.coachway.hub.structuresample");

        EvaluationResult result = slices().matching("com.coachway.hub.structuresample.(*)..").should()
                .beFreeOfCycles().evaluate(made);

        assertThat(result.hasViolation()).isTrue();
        assertThat(result.getFailureReport().toString()).contains("Cycle detected", "structuresample.a",
                "structuresample.b");
    }
}
