package dev.polybridge.cli;

import picocli.CommandLine.Command;

@Command(name = "info", description = "Print versions and whether the GraalPy JIT is active.")
public class InfoCommand implements Runnable {
    @Override
    public void run() {
        System.out.println("java " + Runtime.version());
    }
}
