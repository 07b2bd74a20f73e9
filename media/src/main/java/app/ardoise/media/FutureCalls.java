package app.ardoise.media;

import com.google.common.util.concurrent.FutureCallback;
import com.google.common.util.concurrent.Futures;
import com.google.common.util.concurrent.ListenableFuture;
import com.google.common.util.concurrent.MoreExecutors;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/** gRPC's future stubs answer Guava futures; the node's code composes CompletionStages. */
final class FutureCalls {

    private FutureCalls() {}

    /** The reply mapped by {@code answer}, or the call's failure (a gRPC status) as is. */
    static <T, R> CompletionStage<R> call(ListenableFuture<T> call, Function<T, R> answer) {
        CompletableFuture<R> result = new CompletableFuture<>();
        Futures.addCallback(call, new FutureCallback<>() {
            @Override
            public void onSuccess(T reply) {
                result.complete(answer.apply(reply));
            }

            @Override
            public void onFailure(Throwable failure) {
                result.completeExceptionally(failure);
            }
        }, MoreExecutors.directExecutor());
        return result;
    }
}
