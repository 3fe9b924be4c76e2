package io.polyloop.posix;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;

/**
 * The posix bundle's start and stop under DS (no service): binds {@link NativeBindings#POSIX} again on a start after a stop
 * (the class loader is the same, so no static initialiser runs again) and unbinds them on stop once no backend holds
 * them, so that an uninstalled and refreshed posix bundle's class loader can be collected. Not API.
 */
@Component(immediate = true, service = {})
public final class PosixBundle {
    @Activate
    void activate() {
        NativeBindings.POSIX.ensureBound();
    }

    @Deactivate
    void deactivate() {
        NativeBindings.POSIX.unbindWhenIdle();
    }
}
