package dev.parley.frontend;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

import dev.parley.support.Api;
import dev.parley.support.Browser;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Two people's pages in headless Chromium on a running Parley, for the browser tests (a
 * subclass is a {@code @ParleyTest} that imports {@link ServerSockets}): the two browsers
 * start once per class; after each test both pages go blank, which closes their sockets,
 * and the server's sockets are up again.
 */
abstract class TwoPages {

	static Browser first;

	static Browser second;

	@LocalServerPort
	int port;

	@Autowired
	ServerSockets sockets;

	Api api;

	ChatPage alice;

	ChatPage bob;

	@BeforeAll
	static void startBrowsers() throws Exception {
		org.junit.jupiter.api.Assumptions.assumeTrue(Browser.available(),
				"chromium and chromium-driver are not installed; .ci/run installs them");
		first = Browser.start();
		second = Browser.start();
	}

	@AfterAll
	static void stopBrowsers() {
		if (first != null) {
			first.close();
			first = null;
		}
		if (second != null) {
			second.close();
			second = null;
		}
	}

	@BeforeEach
	void openPages() {
		this.api = new Api(this.port);
		String base = "http://127.0.0.1:" + this.port;
		this.alice = new ChatPage(first.driver(), base);
		this.bob = new ChatPage(second.driver(), base);
	}

	@AfterEach
	void leavePages() {
		this.sockets.comeBack();
		// a test may have taken a browser off the network
		this.alice.network(true);
		this.bob.network(true);
		// a blank page closes the sockets, so the next test starts from nothing
		first.driver().get("about:blank");
		second.driver().get("about:blank");
	}

}
