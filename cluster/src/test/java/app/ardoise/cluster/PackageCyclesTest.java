package app.ardoise.cluster;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The node's packages depend on each other one way: a class and its sessions meet only in
 * {@code contract}, the transport ({@code ws}) knows neither, and so on. A cycle would make every
 * change to one side a change to the other.
 */
class PackageCyclesTest {
    private static final JavaClasses NODE = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("app.ardoise.cluster");

    @Test
    void no_cycle_between_the_node_s_packages() {
        slices().matching("app.ardoise.cluster.(*)..").should().beFreeOfCycles().check(NODE);
    }

    @Test
    void the_room_and_the_session_meet_only_in_the_contract() {
        noClasses()
                .that().resideInAPackage("app.ardoise.cluster.room..")
                .should().dependOnClassesThat().resideInAnyPackage("app.ardoise.cluster.session..", "app.ardoise.cluster.ws..")
                .check(NODE);
        noClasses()
                .that().resideInAnyPackage("app.ardoise.cluster.session..", "app.ardoise.cluster.ws..")
                .should().dependOnClassesThat().resideInAPackage("app.ardoise.cluster.room..")
                .check(NODE);
    }
}
