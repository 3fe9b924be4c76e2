package io.polyloop.bench.echo;

/** This server cannot run on this machine or in this build; the message says why (it goes into the results). */
public final class UnavailableException extends Exception {
    private static final long serialVersionUID = 1L;

    public UnavailableException(String why) {
        super(why);
    }
}
