package app.ardoise.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.ardoise.cluster.support.NodeNetwork;
import app.ardoise.cluster.support.NodeProcess;
import app.ardoise.cluster.support.NodeProcesses;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Every test class that starts nodes in JVMs of their own carries {@link NodeProcesses}: untagged, it would run in
 * one of the two JVMs that run the other tests at once (cluster/pom.xml), and its failure detector's and resolver's
 * timings would compete with them for the cores.
 */
class NodeProcessesTaggedTest {

    @Test
    void every_test_class_that_starts_a_node_process_is_tagged() {
        Set<String> starting = new TreeSet<>();
        Set<String> untagged = new TreeSet<>();
        for (JavaClass javaClass : new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.ONLY_INCLUDE_TESTS)
                .importPackages("app.ardoise.cluster")) {
            // Calls, not any reference: this class names NodeProcess without starting one.
            boolean starts = javaClass.getAccessesFromSelf().stream().anyMatch(access ->
                    access.getTargetOwner().isEquivalentTo(NodeProcess.class)
                            || access.getTargetOwner().isEquivalentTo(NodeNetwork.class));
            JavaClass outermost = javaClass;
            while (outermost.getEnclosingClass().isPresent()) {
                outermost = outermost.getEnclosingClass().get();
            }
            if (!starts || !outermost.getSimpleName().endsWith("Test")) {
                continue;
            }
            starting.add(outermost.getSimpleName());
            if (!outermost.isAnnotatedWith(NodeProcesses.class)) {
                untagged.add(outermost.getName());
            }
        }
        assertTrue(starting.contains("PartitionTest") && starting.contains("ClusterFailoverTest"), starting.toString());
        assertEquals(Set.of(), untagged, "start nodes in JVMs of their own without @NodeProcesses");
    }
}
