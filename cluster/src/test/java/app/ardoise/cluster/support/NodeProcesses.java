package app.ardoise.cluster.support;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;

/**
 * A test class that starts nodes in JVMs of their own ({@link NodeProcess}). Maven runs these one after the other,
 * after the others: their timings (a failure detector's, a resolver's, a class's pause while it moves) count on the
 * machine's cores, which the other tests share in two JVMs at once.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Tag(NodeProcesses.TAG)
public @interface NodeProcesses {
    String TAG = "node-processes";
}
