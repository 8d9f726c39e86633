package dev.polybridge.cli;

import picocli.CommandLine.IVersionProvider;

public class VersionProvider implements IVersionProvider {
    @Override
    public String[] getVersion() {
        String version = PolybridgeCommand.class.getPackage().getImplementationVersion();
        return new String[] {"polybridge " + (version == null ? "dev" : version), "Java " + Runtime.version()};
    }
}
