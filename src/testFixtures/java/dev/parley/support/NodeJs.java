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

	/** Whether {@code node} runs here. */
	public static boolean available() {
		return answers("node");
	}

	/** Whether {@code npm} runs here (Debian packages it apart from node). */
	public static boolean npmAvailable() {
		return answers("npm");
	}

	private static boolean answers(String command) {
		try {
			Process process = new ProcessBuilder(command, "--version").redirectErrorStream(true).start();
			return process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0;
		}
		catch (IOException | InterruptedException ex) {
			return false;
		}
	}

}
