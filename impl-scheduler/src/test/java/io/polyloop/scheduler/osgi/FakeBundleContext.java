package io.polyloop.scheduler.osgi;

import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;

import java.lang.reflect.Proxy;
import java.util.Dictionary;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Just enough of a {@link BundleContext} for {@link RuntimeComponent}: {@code registerService} records the service and
 * its properties; any other call fails the test. Not thread safe.
 */
final class FakeBundleContext {
    final AtomicReference<Object> service = new AtomicReference<>();
    final AtomicReference<Dictionary<?, ?>> properties = new AtomicReference<>();
    volatile boolean unregistered;

    BundleContext context() {
        return (BundleContext) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {BundleContext.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("registerService") && args.length == 3) {
                        service.set(args[1]);
                        properties.set((Dictionary<?, ?>) args[2]);
                        return registration();
                    }
                    throw new UnsupportedOperationException("BundleContext." + method.getName() + " in a unit test");
                });
    }

    private ServiceRegistration<?> registration() {
        return (ServiceRegistration<?>) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {ServiceRegistration.class}, (proxy, method, args) -> {
                    switch (method.getName()) {
                        case "setProperties":
                            properties.set((Dictionary<?, ?>) args[0]);
                            return null;
                        case "unregister":
                            unregistered = true;
                            return null;
                        default:
                            throw new UnsupportedOperationException("ServiceRegistration." + method.getName());
                    }
                });
    }
}
