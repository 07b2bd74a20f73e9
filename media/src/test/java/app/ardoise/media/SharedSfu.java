package app.ardoise.media;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives tests the SFU process shared by the whole test run: started by the first test that asks,
 * stopped when the run ends (JUnit closes AutoCloseable values of the root store). Tests that
 * kill their SFU start their own {@link SfuProcess} instead.
 */
final class SharedSfu implements ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(SharedSfu.class);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == SfuProcess.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return context
                .getRoot()
                .getStore(NAMESPACE)
                .getOrComputeIfAbsent(SfuProcess.class, k -> SfuProcess.start(), SfuProcess.class);
    }
}
