package dev.parley.support;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

/**
 * Whether Node.js is on the PATH, for the tests that run JavaScript (the clients' own
 * code) under it.
 */
public final class NodeJs {

	private NodeJs() {
	}

	public static boolean available() {
		try {
			Process process = new ProcessBuilder("node", "--version").redirectErrorStream(true).start();
			return process.waitFor(10, TimeUnit.SECONDS) && process.exitValue() == 0;
		}
		catch (IOException | InterruptedException ex) {
			return false;
		}
	}

}
