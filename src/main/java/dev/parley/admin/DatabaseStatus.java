package dev.parley.admin;

import java.time.Duration;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import dev.parley.presence.PresenceFigures;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.registry.HealthContributorRegistry;
import org.springframework.stereotype.Component;

/**
 * What the admin view learns from the database: its status, Actuator's {@code db} health
 * indicator (a validation query on a pooled connection), and the users online in the
 * whole cluster (presence's tables), both asked every five seconds on the node's timer
 * ({@link AdminStatsBroadcaster} schedules {@link #check()}) and remembered, so that the
 * once-a-second figures never wait for the database. While the database is unreachable a
 * check holds a timer thread for up to the pool's connection timeout (3 s), as presence's
 * own checks do.
 */
@Component
class DatabaseStatus {

	static final Duration INTERVAL = Duration.ofSeconds(5);

	static final String UNKNOWN = "UNKNOWN";

	private static final Log logger = LogFactory.getLog(DatabaseStatus.class);

	private final ObjectProvider<HealthContributorRegistry> health;

	private final PresenceFigures presence;

	private volatile String status = UNKNOWN;

	private volatile @Nullable Integer usersOnlineInCluster;

	DatabaseStatus(ObjectProvider<HealthContributorRegistry> health, PresenceFigures presence) {
		this.health = health;
		this.presence = presence;
	}

	/** {@code UP}, {@code DOWN} (or another health status), or {@code UNKNOWN}. */
	String status() {
		return this.status;
	}

	/**
	 * Users with a session on any node, each once; null until known or while the database
	 * fails.
	 */
	@Nullable Integer usersOnlineInCluster() {
		return this.usersOnlineInCluster;
	}

	void check() {
		checkHealth();
		try {
			this.usersOnlineInCluster = this.presence.usersOnlineInCluster();
		}
		catch (RuntimeException ex) {
			logger.debug("Could not count the users online: " + ex.getMessage());
			this.usersOnlineInCluster = null;
		}
	}

	private void checkHealth() {
		HealthContributorRegistry registry = this.health.getIfAvailable();
		HealthContributor db = (registry != null) ? registry.getContributor("db") : null;
		if (!(db instanceof HealthIndicator indicator)) {
			this.status = UNKNOWN; // no DataSource, or several (a composite): not ours to
									// judge
			return;
		}
		try {
			this.status = indicator.health(false).getStatus().getCode();
		}
		catch (RuntimeException ex) {
			logger.debug("Database check failed: " + ex.getMessage());
			this.status = "DOWN";
		}
	}

}
