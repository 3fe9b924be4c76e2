package io.polyloop.scheduler.runtime;

import io.polyloop.api.RuntimeSettings;
import io.polyloop.spi.Availability;
import io.polyloop.spi.IoBackendProvider;

import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

/**
 * The backend providers known to a runtime: bound and unbound by OSGi as bundles come and go, or fixed from
 * {@link java.util.ServiceLoader} in plain Java. Resolves the {@code backend} setting. Thread safe.
 */
public final class BackendRegistry {
    private final List<IoBackendProvider> providers = new CopyOnWriteArrayList<>();

    public BackendRegistry(List<IoBackendProvider> initial) {
        initial.forEach(this::add);
    }

    public void add(IoBackendProvider provider) {
        providers.add(provider);
    }

    public void remove(IoBackendProvider provider) {
        providers.remove(provider);
    }

    public List<IoBackendProvider> providers() {
        return List.copyOf(providers);
    }

    /**
     * @param backend {@code auto} or a provider name
     * @return the provider to use
     * @throws IllegalArgumentException with a message naming the value, what is installed and what is available
     */
    public IoBackendProvider select(String backend) {
        if (RuntimeSettings.AUTO.equals(backend)) {
            return providers.stream()
                    .filter(p -> p.probe().isAvailable())
                    .max(Comparator.comparingInt(IoBackendProvider::rank))
                    .orElseThrow(() -> new IllegalArgumentException(RuntimeSettings.BACKEND
                            + "=auto: no available backend; installed: " + describe()));
        }
        for (IoBackendProvider p : providers) {
            if (p.name().equals(backend)) {
                Availability a = p.probe();
                if (!a.isAvailable()) {
                    throw new IllegalArgumentException(RuntimeSettings.BACKEND + "='" + backend
                            + "' cannot run here: " + a.unavailabilityCause() + "; accepted: " + accepted());
                }
                return p;
            }
        }
        throw new IllegalArgumentException(RuntimeSettings.BACKEND + "='" + backend + "' is not installed; accepted: "
                + accepted() + " (installed: " + describe() + ")");
    }

    /** @return {@code auto} and the names of the available providers */
    public String accepted() {
        String names = providers.stream().filter(p -> p.probe().isAvailable()).map(IoBackendProvider::name)
                .distinct().collect(Collectors.joining(", "));
        return names.isEmpty() ? "auto" : "auto, " + names;
    }

    /** @return every provider with its probe result, for messages and status views */
    public String describe() {
        if (providers.isEmpty()) {
            return "none";
        }
        return providers.stream().map(p -> p.name() + " (" + p.probe() + ")").collect(Collectors.joining(", "));
    }
}
