package org.civicinsights.cli.stack;

/** What every service of the stack holds: where it lives, its settings and its process. */
abstract class ManagedService implements StackService {
    protected final StackLayout layout;
    protected final StackSettings settings;
    protected final ServiceProcess process;

    ManagedService(String name, StackLayout layout, StackSettings settings) {
        this.layout = layout;
        this.settings = settings;
        this.process = new ServiceProcess(name, layout);
    }

    @Override
    public String name() {
        return process.name();
    }

    @Override
    public ServiceProcess process() {
        return process;
    }
}
