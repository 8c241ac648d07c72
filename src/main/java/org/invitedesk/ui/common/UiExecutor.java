package org.invitedesk.ui.common;

import java.util.concurrent.Callable;
import java.util.function.Consumer;

/**
 * Runs work off the FX thread and delivers its result back on it. View models get this
 * injected; tests use {@link #sameThread()}.
 */
public interface UiExecutor {
    <T> void run(Callable<T> work, Consumer<T> onSuccess, Consumer<Throwable> onFailure);

    /** Posts to the UI thread (or runs directly in tests). */
    void post(Runnable r);

    static UiExecutor sameThread() {
        return new UiExecutor() {
            @Override
            public <T> void run(Callable<T> work, Consumer<T> onSuccess, Consumer<Throwable> onFailure) {
                T result;
                try {
                    result = work.call();
                } catch (Throwable t) {
                    onFailure.accept(t);
                    return;
                }
                onSuccess.accept(result);
            }

            @Override
            public void post(Runnable r) { r.run(); }
        };
    }
}
